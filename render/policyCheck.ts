import { PolicyPackConfig, PolicyResource } from "@pulumi/policy";
import { ALL_POLICIES } from "../policies/policies";
import { UNKNOWN, Violation, isStackPolicy, runResourcePolicy, runStackPolicy } from "../policies/lib/evaluate";
import { PlatformPolicy } from "../policies/lib/policy";
import { RenderResult, RenderedResource } from "./engine";
import { resourcesByCluster } from "./files";

/** A violation found by the offline check, placed in the stack. */
export interface FoundViolation extends Violation {
    /** Cluster the resource belongs to, or `(shared)`. */
    cluster: string;
    /** Logical name and type of the resource, or null for a violation of the stack as a whole. */
    resource: { name: string; type: string } | null;
    /** The policy's fix hint. */
    remediation: string;
    /** The policy's severity. */
    severity: string;
}

/** The outcome of checking one stack's render against the pack. */
export interface PolicyReport {
    stack: string;
    policies: number;
    resources: number;
    violations: FoundViolation[];
}

/** The render shows values unknown until deployment as "[unknown]"; the policies expect the engine's marker. */
function withUnknowns(value: unknown): unknown {
    if (value === "[unknown]") return UNKNOWN;
    if (Array.isArray(value)) return value.map(withUnknowns);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknowns(v)]));
    }
    return value;
}

/** URNs as the engine builds them: the parent chain's types, then the resource's own. */
function urns(result: RenderResult, project: string): Map<RenderedResource, string> {
    const byName = new Map(result.resources.map((r) => [r.name, r]));
    const typeChain = (r: RenderedResource): string => {
        const parent = r.parent ? byName.get(r.parent) : undefined;
        return parent ? `${typeChain(parent)}$${r.type}` : r.type;
    };
    return new Map(
        result.resources.map((r) => [r, `urn:pulumi:${result.stack}::${project}::${typeChain(r)}::${r.name}`]),
    );
}

/**
 * The stack's resources as a stack policy receives them. The engine links each input to the resources its
 * value came from; the mocks give every resource the ID `<name>-id`, so an input holding that ID came from it.
 */
function policyResources(result: RenderResult, urnOf: Map<RenderedResource, string>): PolicyResource[] {
    const byId = new Map(result.resources.map((r) => [`${r.name}-id`, r]));
    const converted = new Map<RenderedResource, PolicyResource>();
    for (const r of result.resources) {
        converted.set(r, {
            type: r.type,
            name: r.name,
            urn: urnOf.get(r)!,
            props: withUnknowns(r.inputs) as Record<string, unknown>,
            opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: {}, additionalSecretOutputs: [] },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        } as unknown as PolicyResource);
    }
    for (const [rendered, resource] of converted) {
        for (const [key, value] of Object.entries(rendered.inputs)) {
            const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
            const sources = ids.map((id) => byId.get(id)).filter((s): s is RenderedResource => s !== undefined);
            if (sources.length > 0) resource.propertyDependencies[key] = sources.map((s) => converted.get(s)!);
        }
        const parent = rendered.parent ? result.resources.find((r) => r.name === rendered.parent) : undefined;
        if (parent) resource.parent = converted.get(parent);
    }
    return [...converted.values()];
}

/**
 * Runs every policy of the pack over a render, as `pulumi preview --policy-pack policies` would over the same
 * resources. The render must have been made with `revealSecrets`, as the engine gives policies secret values
 * in clear; no value is copied into the report, only the policies' messages.
 */
export async function checkPolicies(
    result: RenderResult,
    options: { project: string; clusterNames: string[]; packConfig?: PolicyPackConfig; policies?: PlatformPolicy[] },
): Promise<PolicyReport> {
    const policies = options.policies ?? ALL_POLICIES;
    const urnOf = urns(result, options.project);
    const clusterOf = new Map<RenderedResource, string>();
    for (const [cluster, resources] of resourcesByCluster(result.resources, options.clusterNames)) {
        for (const r of resources) clusterOf.set(r, cluster);
    }
    const byUrn = new Map([...urnOf.entries()].map(([r, urn]) => [urn, r]));
    const place = (policy: PlatformPolicy, violation: Violation): FoundViolation => {
        const rendered = violation.urn ? byUrn.get(violation.urn) : undefined;
        return {
            ...violation,
            cluster: rendered ? clusterOf.get(rendered)! : "(shared)",
            resource: rendered ? { name: rendered.name, type: rendered.type } : null,
            remediation: policy.remediationSteps,
            severity: policy.severity ?? "unspecified",
        };
    };

    const violations: FoundViolation[] = [];
    const stackResources = policyResources(result, urnOf);
    for (const policy of policies) {
        if (isStackPolicy(policy)) {
            const outcome = await runStackPolicy(policy, stackResources, options.packConfig);
            violations.push(...outcome.violations.map((v) => place(policy, v)));
            continue;
        }
        for (const [rendered, urn] of urnOf) {
            const props = withUnknowns(rendered.inputs) as Record<string, unknown>;
            const outcome = await runResourcePolicy(
                policy,
                { type: rendered.type, name: rendered.name, urn, props },
                options.packConfig,
            );
            violations.push(...outcome.violations.map((v) => place(policy, v)));
        }
    }
    return { stack: result.stack, policies: policies.length, resources: result.resources.length, violations };
}

/** How many violations of each level a report has. */
export function countByLevel(report: PolicyReport): { mandatory: number; advisory: number } {
    const mandatory = report.violations.filter((v) => v.level === "mandatory").length;
    return { mandatory, advisory: report.violations.length - mandatory };
}

/** The report as text: violations grouped by cluster, then by resource, each with its fix. */
export function formatReport(report: PolicyReport): string[] {
    const { mandatory, advisory } = countByLevel(report);
    const lines = [
        `policy check of stack ${report.stack}: ${mandatory} mandatory, ${advisory} advisory ` +
            `(${report.policies} policies over ${report.resources} resources)`,
    ];
    const clusters = [...new Set(report.violations.map((v) => v.cluster))];
    for (const cluster of clusters) {
        lines.push("", cluster);
        const inCluster = report.violations.filter((v) => v.cluster === cluster);
        const resourceKey = (v: FoundViolation) => (v.resource ? `${v.resource.type} ${v.resource.name}` : "(stack)");
        for (const key of [...new Set(inCluster.map(resourceKey))]) {
            lines.push(`  ${key}`);
            const onResource = inCluster.filter((v) => resourceKey(v) === key);
            for (const policy of [...new Set(onResource.map((v) => v.policy))]) {
                const found = onResource.filter((v) => v.policy === policy);
                const [first] = found;
                lines.push(`    [${first.level}, ${first.severity}] ${policy}: ${first.message.split("\n")[0]}`);
                for (const v of found) {
                    for (const detail of v.message.split("\n").slice(1)) lines.push(`      - ${detail}`);
                }
                lines.push(`      fix: ${first.remediation}`);
            }
        }
    }
    return lines;
}
