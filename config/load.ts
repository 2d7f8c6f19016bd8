import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    REDACTED,
    ParsedPlatformConfig,
    SECRET_KEYS,
    SecretKey,
    platformConfigSchema,
    platformConfigShape,
    setSecretCommand,
} from "./schema";

/** Pulumi project name, and so the namespace of every config key the program reads. */
export const PROJECT_NAME = "gitops-platform";

/** The validated configuration the program works from; secret values only as Pulumi secrets. */
export type PlatformConfig = Omit<ParsedPlatformConfig, SecretKey> & {
    /** Project name, used in tags and labels. */
    project: string;
    /** Stack name. */
    stack: string;
    /** Secret values from config, each a Pulumi secret. */
    secrets: Partial<Record<SecretKey, pulumi.Output<string>>>;
};

/** One rejected config key: its full path, what was given, and what is allowed. */
export interface ConfigProblem {
    /** Full key path, e.g. `gitops-platform:argocd.rbac.defaultRole`. */
    key: string;
    /** The given value, rendered for a human (`[secret]` for secrets, `(not set)` when missing). */
    given: string;
    /** What is allowed instead. */
    allowed: string;
}

/**
 * A configuration mistake: a `pulumi.RunError`, so the CLI prints the message without a stack trace.
 */
export class InvalidConfigError extends pulumi.RunError {
    constructor(public readonly problems: ConfigProblem[]) {
        super(
            `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p.key}: ${p.given}; ${p.allowed}`).join("\n"),
        );
        this.name = "InvalidConfigError";
    }
}

const topLevelKeys = Object.keys(platformConfigShape.shape);
const secretKeys: readonly string[] = SECRET_KEYS;

/** Renders a config path the way `pulumi config set --path` spells it. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
    return path
        .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
        .join("");
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
    let current: unknown = data;
    for (const part of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<PropertyKey, unknown>)[part];
    }
    return current;
}

function describeGiven(value: unknown, path: readonly PropertyKey[]): string {
    if (value === undefined) return secretKeys.includes(String(path[0])) ? "missing (secret not set)" : "not set";
    if (secretKeys.includes(String(path[0]))) return "given [secret]";
    const text = JSON.stringify(value);
    return `given ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`;
}

function describeType(expected: string): string {
    const names: Record<string, string> = {
        array: "a list",
        object: "a map",
        string: "a string",
        number: "a number",
        boolean: "true or false",
    };
    return names[expected] ?? expected;
}

/** Lists the keys an object schema accepts at `path`, following discriminated unions by the data. */
function allowedKeysAt(schema: z.ZodType, data: unknown, path: readonly PropertyKey[]): string[] | undefined {
    let current: z.ZodType | undefined = schema;
    const unwrap = (s: z.ZodType): z.ZodType => {
        let inner = s;
        for (;;) {
            const def = (inner as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } }).def;
            if (def.innerType) inner = def.innerType;
            else if (def.type === "pipe" && def.in) inner = def.in;
            else return inner;
        }
    };
    const resolve = (s: z.ZodType, at: readonly PropertyKey[]): z.ZodType => {
        const inner = unwrap(s);
        if (inner instanceof z.ZodDiscriminatedUnion) {
            const discriminator = (inner.def as { discriminator: string }).discriminator;
            const value = valueAt(data, [...at, discriminator]);
            const match = (inner.options as z.ZodObject[]).find((option) => {
                const literal = unwrap(option.shape[discriminator]) as unknown as { def: { values: unknown[] } };
                return literal.def.values.includes(value);
            });
            return match ?? inner;
        }
        return inner;
    };
    for (let i = 0; i <= path.length && current; i++) {
        current = resolve(current, path.slice(0, i));
        if (i === path.length) break;
        const part = path[i];
        if (current instanceof z.ZodObject) current = current.shape[String(part)] as z.ZodType | undefined;
        else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
        else current = undefined;
    }
    if (current instanceof z.ZodObject) return Object.keys(current.shape);
    if (current instanceof z.ZodRecord && current.keyType instanceof z.ZodEnum)
        return current.keyType.options.map(String);
    return undefined;
}

/** An issue of a value that holds credentials (see `withoutCredentials` in the schema). */
const isRedacted = (issue: z.core.$ZodIssue) =>
    issue.code === "custom" && (issue.params as { redact?: boolean } | undefined)?.redact === true;

function problemsFromIssues(issues: readonly z.core.$ZodIssue[], data: unknown, project: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const redacted = new Set(issues.filter(isRedacted).map((issue) => formatKeyPath(issue.path)));
    for (const issue of issues) {
        const path = issue.path;
        if (issue.code === "unrecognized_keys") {
            const allowed = allowedKeysAt(platformConfigShape, data, path);
            for (const key of issue.keys) {
                problems.push({
                    key: `${project}:${formatKeyPath([...path, key])}`,
                    given: "unknown key",
                    allowed: allowed ? `allowed keys here: ${allowed.join(", ")}` : "remove it",
                });
            }
            continue;
        }
        const given = valueAt(data, path);
        if (redacted.has(formatKeyPath(path))) {
            // The value holds a credential: the errors name the key, never the value.
            problems.push({
                key: `${project}:${formatKeyPath(path)}`,
                given: `given ${REDACTED}`,
                allowed: issue.message,
            });
            continue;
        }
        let allowed: string;
        switch (issue.code) {
            case "invalid_value":
                allowed = `${given === undefined ? "required; " : ""}allowed: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
                break;
            case "invalid_key": {
                const key = path[path.length - 1];
                problems.push({
                    key: `${project}:${formatKeyPath(path)}`,
                    given: `given key ${JSON.stringify(key)}`,
                    allowed: issue.issues[0]?.message ?? issue.message,
                });
                continue;
            }
            case "invalid_union": {
                const options = (issue as { options?: unknown[] }).options;
                allowed = options ? `allowed: ${options.map((v) => JSON.stringify(v)).join(", ")}` : issue.message;
                break;
            }
            case "invalid_type":
                allowed =
                    given === undefined
                        ? `required (${describeType(issue.expected)})`
                        : `expected ${describeType(issue.expected)}`;
                break;
            case "too_small":
                allowed =
                    issue.origin === "array"
                        ? `needs at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`
                        : issue.origin === "string"
                          ? "must not be empty"
                          : `must be at least ${issue.minimum}`;
                break;
            case "too_big":
                allowed =
                    issue.origin === "number"
                        ? `must be at most ${issue.maximum}`
                        : `must have at most ${issue.maximum}`;
                break;
            default:
                allowed = issue.message;
        }
        problems.push({ key: `${project}:${formatKeyPath(path)}`, given: describeGiven(given, path), allowed });
    }
    return problems;
}

/** Parses a raw config value the way Pulumi stores it: structured values are JSON text. */
function parseRawValue(key: string, text: string, problems: ConfigProblem[], project: string): unknown {
    if (secretKeys.includes(key) || key === "environment") return text;
    try {
        return JSON.parse(text);
    } catch {
        problems.push({
            key: `${project}:${key}`,
            given: `given ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)}`,
            allowed:
                "expected a structured value (a YAML map or list in the stack file, or `pulumi config set --path`)",
        });
        return undefined;
    }
}

/**
 * Validates the raw key/value pairs of the project's config namespace.
 *
 * @param raw config values keyed by their name without the namespace, as Pulumi passes them (strings).
 * @param isSecret whether Pulumi holds the key as a secret.
 * @throws InvalidConfigError naming every bad key.
 */
export function parsePlatformConfig(
    raw: Record<string, string>,
    isSecret: (key: string) => boolean,
    project: string = PROJECT_NAME,
): ParsedPlatformConfig {
    const problems: ConfigProblem[] = [];
    const data: Record<string, unknown> = {};
    for (const [key, text] of Object.entries(raw)) {
        if (!topLevelKeys.includes(key)) {
            const nested = key.split(".")[0];
            problems.push({
                key: `${project}:${key}`,
                given: "unknown key",
                allowed: topLevelKeys.includes(nested)
                    ? `set nested values with \`pulumi config set --path ${key} <value>\``
                    : `allowed keys: ${topLevelKeys.join(", ")}`,
            });
            continue;
        }
        if (secretKeys.includes(key) && !isSecret(key)) {
            problems.push({
                key: `${project}:${key}`,
                given: "given in plain text",
                allowed: `must be a secret: \`${setSecretCommand(key as SecretKey)}\``,
            });
            continue;
        }
        if (!secretKeys.includes(key) && isSecret(key)) {
            problems.push({
                key: `${project}:${key}`,
                given: "holds a secret value",
                allowed: `only ${SECRET_KEYS.join(", ")} take secrets; keep secrets out of other keys`,
            });
            continue;
        }
        data[key] = parseRawValue(key, text, problems, project);
    }
    const result = platformConfigSchema.safeParse(data, { reportInput: true });
    if (!result.success) {
        // A key rejected above (unknown, or secret where it must not be) is not reported again as missing.
        const reported = new Set(problems.map((p) => p.key));
        problems.push(...problemsFromIssues(result.error.issues, data, project).filter((p) => !reported.has(p.key)));
    }
    if (problems.length > 0) throw new InvalidConfigError(problems);
    return result.data as ParsedPlatformConfig;
}

/** Splits parsed config into plain settings and secret values wrapped as Pulumi secrets. */
export function withSecretsWrapped(parsed: ParsedPlatformConfig, project: string, stack: string): PlatformConfig {
    const plain: Record<string, unknown> = { ...parsed };
    const secrets: PlatformConfig["secrets"] = {};
    for (const key of SECRET_KEYS) {
        const value = parsed[key];
        delete plain[key];
        if (value !== undefined) secrets[key] = pulumi.secret(value);
    }
    return { ...(plain as Omit<ParsedPlatformConfig, SecretKey>), project, stack, secrets };
}

/**
 * Reads and validates the current stack's configuration from the Pulumi runtime.
 * Runs before any resource is registered.
 */
export function loadPlatformConfig(): PlatformConfig {
    const project = pulumi.getProject();
    const prefix = `${project}:`;
    const raw: Record<string, string> = {};
    for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (fullKey.startsWith(prefix)) raw[fullKey.slice(prefix.length)] = value;
    }
    // isConfigSecret is internal to the SDK's runtime but is how it tells a `secure:` value apart.
    const runtime = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };
    const parsed = parsePlatformConfig(raw, (key) => runtime.isConfigSecret(prefix + key), project);
    return withSecretsWrapped(parsed, project, pulumi.getStack());
}
