import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
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

/**
 * Top-level keys of a stack settings file the Pulumi CLI reads (`ProjectStack` in the Pulumi SDK's
 * `workspace/project.go`). The CLI ignores any other key silently; the offline tools warn about it, since it
 * is most often a misplaced or misspelt config key.
 */
export const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

/** Most aliases a stack file may expand (the `yaml` default): more is refused as an alias bomb. */
export const MAX_YAML_ALIASES = 100;

/**
 * A stack file that cannot be read as one: a `pulumi.RunError` (so every command line prints its one-line
 * message, without a stack trace) whose message names the file and, for YAML errors, the line and column.
 */
export class StackFileError extends pulumi.RunError {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

/** A stack file's config, with warnings about keys the Pulumi CLI would ignore. */
export interface StackFile extends StackConfig {
    /** One sentence per ignored top-level key. */
    warnings: string[];
}

/** The first line of a YAML error, without the position the message repeats. */
const firstLine = (text: string) =>
    text
        .split("\n")[0]
        .replace(/ at line \d+, column \d+:?$/, "")
        .trim();

/**
 * Reads a `Pulumi.<stack>.yaml`-format file (a top-level `config:` map). `name` is how messages name the
 * file (default: its path).
 *
 * @throws StackFileError for an empty file, malformed YAML (with its line and column), an alias bomb,
 * several documents, or a document without a `config:` map.
 */
export function readStackFile(file: string, project: string, name: string = file): StackFile {
    const text = fs.readFileSync(file, "utf8");
    if (text.trim() === "") {
        throw new StackFileError(`${name}: the file is empty; a stack file needs a top-level "config:" map`);
    }
    const documents = YAML.parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
    const all = Array.isArray(documents) ? documents : [documents];
    if (all.length > 1) {
        throw new StackFileError(
            `${name}:${lineOf(all[1].range[0], text)}: holds several YAML documents; a stack file is one`,
        );
    }
    const document = all[0];
    if (document === undefined) {
        throw new StackFileError(`${name}: the file holds only comments; a stack file needs a top-level "config:" map`);
    }
    const error = document.errors[0];
    if (error) {
        const at = error.linePos?.[0];
        throw new StackFileError(
            `${name}:${at ? `${at.line}:${at.col}` : "1"}: invalid YAML: ${firstLine(error.message)}`,
        );
    }
    let content: unknown;
    try {
        content = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (cause) {
        // The yaml library refuses an alias that would expand too far, the classic "billion laughs" bomb.
        let firstAlias: number | undefined;
        YAML.visit(document, {
            Alias: (_, node) => {
                firstAlias ??= node.range?.[0];
            },
        });
        const message = firstLine((cause as Error).message);
        const line = firstAlias === undefined ? 1 : lineOf(firstAlias, text);
        throw new StackFileError(
            /excessive alias count/i.test(message)
                ? `${name}:${line}: YAML aliases expand too far (more than ${MAX_YAML_ALIASES}), refused as a resource exhaustion attack`
                : `${name}:${line}: invalid YAML: ${message}`,
        );
    }
    if (content === null || typeof content !== "object" || Array.isArray(content)) {
        throw new StackFileError(`${name}: has no top-level "config:" map (the file holds ${describeYaml(content)})`);
    }
    const settings = content as Record<string, unknown>;
    const configMap = settings.config;
    if (configMap === null || typeof configMap !== "object" || Array.isArray(configMap)) {
        throw new StackFileError(
            configMap === undefined
                ? `${name}: has no top-level "config:" map`
                : `${name}: "config:" must be a map of keys to values, not ${describeYaml(configMap)}`,
        );
    }
    const warnings = Object.keys(settings)
        .filter((key) => !STACK_FILE_KEYS.includes(key))
        .map(
            (key) =>
                `${name}: top-level key "${key}" is not a stack setting (${STACK_FILE_KEYS.join(", ")}); the Pulumi CLI ignores it${key.includes(":") ? ", so a config key belongs under config:" : ""}`,
        );
    return { ...stackConfigFromMap(configMap as Record<string, unknown>, project), warnings };
}

function lineOf(offset: number, text: string): number {
    return text.slice(0, offset).split("\n").length;
}

function describeYaml(value: unknown): string {
    if (value === null || value === undefined) return "nothing";
    if (Array.isArray(value)) return "a list";
    return `a ${typeof value}`;
}
