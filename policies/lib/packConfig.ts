import { PolicyPackConfig } from "@pulumi/policy";
import { DEFAULT_PRODUCTION_STACKS, PlatformPolicy } from "./policy";

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
