import { EnforcementLevel, PolicyPackConfig } from "@pulumi/policy";
import { DEFAULT_PRODUCTION_STACKS, PlatformPolicy } from "./policy";

/**
 * The level a policy runs at under a pack config: the configured one (per policy, else the pack-wide `all`
 * entry the CLI accepts), else the policy's own. Always-mandatory policies ignore the pack config: docs/policies.md
 * promises they cannot be disabled or downgraded, and the gRPC server is held to the same rule (see serve.ts).
 */
export function effectiveLevel(
    policy: Pick<PlatformPolicy, "alwaysMandatory" | "enforcementLevel">,
    configured: EnforcementLevel | undefined,
): EnforcementLevel {
    if (policy.alwaysMandatory) return "mandatory";
    return configured ?? policy.enforcementLevel ?? "advisory";
}

/** The enforcement level a pack config sets for `name`, if any (its own entry first, then `all`). */
export function configuredLevel(config: PolicyPackConfig, name: string): EnforcementLevel | undefined {
    const level = (entry: PolicyPackConfig[string] | undefined) =>
        typeof entry === "string" ? entry : entry?.enforcementLevel;
    return level(config[name]) ?? level(config.all);
}

/**
 * A pack config that also lists `stack` as production for every policy, keeping what `config` already sets
 * (levels, other keys, other production stacks). The runner and the offline check use it for stacks whose
 * config says `environment: prod`, so the pack agrees with the program on what production is.
 */
export function withProductionStack(
    config: PolicyPackConfig,
    policies: PlatformPolicy[],
    stack: string,
): PolicyPackConfig {
    return Object.fromEntries(
        policies.map((policy) => {
            const entry = config[policy.name];
            const settings = typeof entry === "string" ? { enforcementLevel: entry } : { ...entry };
            const listed: string[] = settings.productionStacks ?? DEFAULT_PRODUCTION_STACKS;
            return [policy.name, { ...settings, productionStacks: [...new Set([...listed, stack])] }];
        }),
    );
}
