/**
 * Values the engine does not know at preview. `@pulumi/policy` (pinned) wraps a policy's inputs in a proxy that
 * throws its `UnknownValueError` when a policy reads such a value; these helpers let a policy look at a value
 * without tripping it, so it can judge what is known instead of giving up on the whole resource.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkProxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(value: T): T;
    UnknownValueError: new (...args: never[]) => Error & { props: PropertyKey[] };
    getSpecialProxyTarget: string;
    unknownStringValue: string;
    unknownBooleanValue: string;
    unknownNumberValue: string;
    unknownArrayValue: string;
    unknownObjectValue: string;
    unknownAssetValue: string;
    unknownArchiveValue: string;
};

/** The proxy the SDK wraps a policy's inputs in. */
export const unknownCheckingProxy = sdkProxy.unknownCheckingProxy;
/** What the SDK throws when a policy reads an unknown value. */
export const UnknownValueError = sdkProxy.UnknownValueError;

/** The value the engine sends for a string input not known until the resource exists. */
export const UNKNOWN = sdkProxy.unknownStringValue;

const SENTINELS = new Set([
    sdkProxy.unknownStringValue,
    sdkProxy.unknownBooleanValue,
    sdkProxy.unknownNumberValue,
    sdkProxy.unknownArrayValue,
    sdkProxy.unknownObjectValue,
    sdkProxy.unknownAssetValue,
    sdkProxy.unknownArchiveValue,
]);

/** Marks a value computed by the engine (another resource's output): it exists, but is unknown at preview. */
export const COMPUTED: unique symbol = Symbol("computed at deployment");

/**
 * The value at `path` (keys, so dotted keys stay whole), reading through the SDK's proxy without tripping it:
 * `COMPUTED` where the engine does not know the value yet, undefined where it is absent.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function peek(root: unknown, path: string[]): any {
    let current: unknown = root;
    for (const key of path) {
        if (current === null || typeof current !== "object") return undefined;
        const target = (current as Record<string, unknown>)[sdkProxy.getSpecialProxyTarget] ?? current;
        current = (target as Record<string, unknown>)[key];
        if (typeof current === "string" && SENTINELS.has(current)) return COMPUTED;
    }
    return current;
}

/** True for a value present in the inputs, known or computed; false for absent, null and blank strings. */
export function isPresent(value: unknown): boolean {
    if (value === COMPUTED) return true;
    if (typeof value === "string") return value.trim() !== "";
    return value !== undefined && value !== null;
}

/** The dotted input path an `UnknownValueError` names, for messages. */
export function unknownPath(error: Error & { props?: PropertyKey[] }): string {
    return (error.props ?? []).map(String).join(".");
}
