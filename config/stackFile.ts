import * as fs from "fs";
import * as YAML from "yaml";

/** Config as the Pulumi language host hands it to a program: flat string values and the secret keys. */
export interface StackConfig {
    /** Full key (`namespace:name`) to value; structured values are JSON text. */
    config: Record<string, string>;
    /** Full keys whose value is, or contains, a secret. */
    secretKeys: string[];
}

/** Value given to every `secure:` entry: the ciphertext cannot be decrypted without the stack's secrets provider. */
export const SECRET_PLACEHOLDER = "placeholder-secret-value";

function isSecureLeaf(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        typeof (value as { secure?: unknown }).secure === "string"
    );
}

/** Replaces `secure:` leaves with the placeholder; reports whether any was found. */
function replaceSecureLeaves(value: unknown): { value: unknown; hasSecret: boolean } {
    if (isSecureLeaf(value)) return { value: SECRET_PLACEHOLDER, hasSecret: true };
    if (Array.isArray(value)) {
        const items = value.map(replaceSecureLeaves);
        return { value: items.map((i) => i.value), hasSecret: items.some((i) => i.hasSecret) };
    }
    if (value !== null && typeof value === "object") {
        let hasSecret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const replaced = replaceSecureLeaves(v);
            out[k] = replaced.value;
            hasSecret ||= replaced.hasSecret;
        }
        return { value: out, hasSecret };
    }
    return { value, hasSecret: false };
}

/**
 * Turns a stack file's `config:` map into what the Pulumi CLI passes to the program: keys without a namespace
 * get the project's, scalars become strings, structured values become JSON, and `secure:` values become a
 * placeholder marked secret.
 */
export function stackConfigFromMap(configMap: Record<string, unknown>, project: string): StackConfig {
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, rawValue] of Object.entries(configMap ?? {})) {
        const fullKey = key.includes(":") ? key : `${project}:${key}`;
        const { value, hasSecret } = replaceSecureLeaves(rawValue);
        if (hasSecret) secretKeys.push(fullKey);
        config[fullKey] = value !== null && typeof value === "object" ? JSON.stringify(value) : String(value ?? "");
    }
    return { config, secretKeys };
}

/** Reads a `Pulumi.<stack>.yaml`-format file (a top-level `config:` map). */
export function readStackFile(file: string, project: string): StackConfig {
    const document = YAML.parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    if (!document || typeof document !== "object" || typeof document.config !== "object" || document.config === null) {
        throw new Error(`${file} has no top-level "config:" map`);
    }
    return stackConfigFromMap(document.config, project);
}
