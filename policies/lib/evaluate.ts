import {
    EnforcementLevel,
    PolicyPackConfig,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { configuredLevel, effectiveLevel } from "./packConfig";
import { PlatformPolicy } from "./policy";
import { UnknownValueError, unknownCheckingProxy } from "./unknowns";

/** The value the engine sends for an input not known until the resource exists. */
export { UNKNOWN } from "./unknowns";

/** One violation as the engine would report it. */
export interface Violation {
    policy: string;
    level: "mandatory" | "advisory";
    message: string;
    /** URN of the resource (stack policies may name another resource or none). */
    urn?: string;
}

/** What running one policy on one resource (or on the stack) gave. */
export interface PolicyOutcome {
    violations: Violation[];
    /** Set when the policy declared itself not applicable, with its reason. */
    notApplicable?: string;
}

/** A resource as a resource policy receives it. */
export interface ResourceUnderTest {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
}

class NotApplicable extends Error {}

function policyConfig(policy: PlatformPolicy, packConfig: PolicyPackConfig): object {
    const entry = packConfig[policy.name];
    if (!entry || typeof entry === "string") return {};
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { enforcementLevel, ...properties } = entry;
    return properties;
}

/**
 * Runs a policy the way the `@pulumi/policy` server does: the levels a policy reports (its configured level,
 * or the one it passes with a violation), an advisory "can't run during preview" when it reads an unknown
 * value, and not-applicable results. The offline check and the specs both use this.
 */
async function run(
    policy: PlatformPolicy,
    packConfig: PolicyPackConfig,
    invoke: (
        report: (
            violation: string | { message?: string; enforcementLevel?: EnforcementLevel; urn?: string },
            urn?: string,
        ) => void,
        common: { getConfig<T>(): T; notApplicable(reason?: string): never },
    ) => Promise<void> | void,
    urn?: string,
): Promise<PolicyOutcome> {
    const level = effectiveLevel(policy, configuredLevel(packConfig, policy.name));
    if (level === "disabled") return { violations: [], notApplicable: "disabled by the pack config" };
    const violations: Violation[] = [];
    const asLevel = (l: EnforcementLevel | undefined): Violation["level"] =>
        (l ?? level) === "advisory" ? "advisory" : "mandatory";
    const report = (
        violation: string | { message?: string; enforcementLevel?: EnforcementLevel; urn?: string },
        violationUrn?: string,
    ) => {
        if (typeof violation === "string") {
            const message = violation ? `${policy.description}\n${violation}` : policy.description;
            violations.push({ policy: policy.name, level: asLevel(undefined), message, urn: violationUrn ?? urn });
        } else {
            violations.push({
                policy: policy.name,
                level: asLevel(violation.enforcementLevel),
                message: violation.message ?? policy.description,
                urn: violation.urn ?? urn,
            });
        }
    };
    const common = {
        getConfig: <T>() => policyConfig(policy, packConfig) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason ?? "not applicable");
        },
    };
    try {
        await invoke(report, common);
    } catch (error) {
        if (error instanceof NotApplicable) return { violations, notApplicable: error.message };
        if (error instanceof UnknownValueError) {
            const message = `can't run policy '${policy.name}' during preview: ${error.message}`;
            return { violations: [...violations, { policy: policy.name, level: "advisory", message, urn }] };
        }
        throw error;
    }
    return { violations };
}

/** Runs a resource policy on one resource. */
export function runResourcePolicy(
    policy: PlatformPolicy,
    resource: ResourceUnderTest,
    packConfig: PolicyPackConfig = {},
): Promise<PolicyOutcome> {
    const validate = (policy as ResourceValidationPolicy).validateResource;
    if (!validate) return Promise.resolve({ violations: [], notApplicable: "not a resource policy" });
    return run(
        policy,
        packConfig,
        async (report, common) => {
            const props = unknownCheckingProxy(resource.props);
            const args = {
                ...common,
                type: resource.type,
                name: resource.name,
                urn: resource.urn,
                props,
                opts: {
                    protect: false,
                    ignoreChanges: [],
                    aliases: [],
                    customTimeouts: {},
                    additionalSecretOutputs: [],
                },
                stackTags: new Map<string, string>(),
                isType: () => false,
                asType: () => undefined,
            } as unknown as ResourceValidationArgs;
            for (const validation of Array.isArray(validate) ? validate : [validate]) {
                await validation(args, report as never);
            }
        },
        resource.urn,
    );
}

/** Runs a stack policy on all resources of a stack. */
export function runStackPolicy(
    policy: PlatformPolicy,
    resources: PolicyResource[],
    packConfig: PolicyPackConfig = {},
): Promise<PolicyOutcome> {
    const validate = (policy as StackValidationPolicy).validateStack;
    if (!validate) return Promise.resolve({ violations: [], notApplicable: "not a stack policy" });
    return run(policy, packConfig, (report, common) => {
        const proxied = new Map(resources.map((r) => [r, { ...r, props: unknownCheckingProxy(r.props) }]));
        for (const resource of proxied.values()) {
            resource.propertyDependencies = Object.fromEntries(
                Object.entries(resource.propertyDependencies ?? {}).map(([key, deps]) => [
                    key,
                    deps.map((d) => proxied.get(d) ?? d),
                ]),
            );
        }
        const args = { ...common, resources: [...proxied.values()], stackTags: new Map<string, string>() };
        return validate(args as unknown as StackValidationArgs, report as never);
    });
}

/** True for policies written against the whole stack rather than one resource. */
export function isStackPolicy(policy: PlatformPolicy): policy is PlatformPolicy & StackValidationPolicy {
    return typeof (policy as StackValidationPolicy).validateStack === "function";
}
