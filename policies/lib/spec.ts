import * as assert from "assert";
import { PolicyPackConfig, PolicyResource } from "@pulumi/policy";
import { PolicyOutcome, Violation, runResourcePolicy } from "./evaluate";
import { PlatformPolicy } from "./policy";

/** Helpers for the specs beside each policy: build a resource, run one policy on it, assert the outcome. */

/** A production stack name under the default config. */
export const PRODUCTION = "prod";
/** A stack that is not production under the default config. */
export const DEVELOPMENT = "dev";

/** The URN the engine would give a top-level resource. */
export function urnOf(type: string, name: string, stack = PRODUCTION): string {
    return `urn:pulumi:${stack}::gitops-platform::${type}::${name}`;
}

/** A resource as a stack policy sees it, with no dependencies. */
export function stackResource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    stack = PRODUCTION,
): PolicyResource {
    return {
        type,
        name,
        urn: urnOf(type, name, stack),
        props,
        propertyDependencies: {},
        dependencies: [],
    } as unknown as PolicyResource;
}

interface RunOptions {
    stack?: string;
    config?: PolicyPackConfig;
}

/** Runs `policy` on a resource of `type` with `props`. */
export function check(
    policy: PlatformPolicy,
    type: string,
    props: Record<string, unknown>,
    options: RunOptions = {},
): Promise<PolicyOutcome> {
    const name = "under-test";
    return runResourcePolicy(policy, { type, name, urn: urnOf(type, name, options.stack), props }, options.config);
}

/** Asserts the policy applies to the resource and reports nothing. */
export async function expectPass(
    policy: PlatformPolicy,
    type: string,
    props: Record<string, unknown>,
    options: RunOptions = {},
): Promise<void> {
    const outcome = await check(policy, type, props, options);
    assert.strictEqual(outcome.notApplicable, undefined, `expected ${policy.name} to apply`);
    assert.deepStrictEqual(outcome.violations, []);
}

/**
 * Asserts one violation per pattern, in order, each from this policy and at `level` (mandatory by default,
 * which is what a production stack gets); returns them.
 */
export async function expectViolations(
    policy: PlatformPolicy,
    type: string,
    props: Record<string, unknown>,
    patterns: RegExp[],
    options: RunOptions & { level?: Violation["level"] } = {},
): Promise<Violation[]> {
    const { violations } = await check(policy, type, props, options);
    assert.strictEqual(violations.length, patterns.length, `got ${JSON.stringify(violations, null, 2)}`);
    violations.forEach((violation, i) => {
        assert.strictEqual(violation.policy, policy.name);
        assert.match(violation.message, patterns[i]);
        assert.strictEqual(violation.level, options.level ?? "mandatory");
    });
    return violations;
}

/** Asserts exactly one violation whose message matches `pattern` (see {@link expectViolations}); returns it. */
export async function expectViolation(
    policy: PlatformPolicy,
    type: string,
    props: Record<string, unknown>,
    pattern: RegExp,
    options: RunOptions & { level?: Violation["level"] } = {},
): Promise<Violation> {
    const [violation] = await expectViolations(policy, type, props, [pattern], options);
    return violation;
}

/** Asserts the policy declares itself not applicable to the resource. */
export async function expectNotApplicable(
    policy: PlatformPolicy,
    type: string,
    props: Record<string, unknown>,
    options: RunOptions = {},
): Promise<void> {
    const outcome = await check(policy, type, props, options);
    assert.notStrictEqual(outcome.notApplicable, undefined, `expected ${policy.name} not to apply`);
    assert.deepStrictEqual(outcome.violations, []);
}

/** Asserts the name and the metadata every policy of this pack must carry. */
export function expectMetadata(policy: PlatformPolicy, name: string): void {
    assert.strictEqual(policy.name, name);
    assert.match(policy.description, /\S.{20,}/, "description");
    assert.match(policy.rationale, /\S.{20,}/, "rationale");
    assert.match(policy.remediationSteps, /\S.{20,}/, "remediationSteps");
    assert.strictEqual(policy.enforcementLevel, "mandatory");
    assert.ok(["low", "medium", "high", "critical"].includes(policy.severity ?? ""), "severity");
    assert.ok(policy.configSchema?.properties.productionStacks, "productionStacks config");
}
