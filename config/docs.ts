import { z } from "zod";
import { AWS_REGIONS, GCP_REGIONS } from "./regions";
import { PROJECT_NAME } from "./load";
import { platformConfigShape } from "./schema";

/** One documented config key. */
export interface ConfigKeyDoc {
    /** Path as `pulumi config set --path` spells it, with `[]` for list items. */
    key: string;
    type: string;
    /** Default as YAML-ish text, `required`, or `-` for optional keys without a default. */
    default: string;
    description: string;
    example: string;
    /** Discriminator values the key applies to, e.g. `cloud: aws, gcp`; empty when it always applies. */
    appliesTo: string;
    secret: boolean;
}

type JsonSchema = {
    type?: string | string[];
    properties?: Record<string, JsonSchema>;
    required?: string[];
    items?: JsonSchema;
    additionalProperties?: JsonSchema | boolean;
    anyOf?: JsonSchema[];
    oneOf?: JsonSchema[];
    enum?: unknown[];
    const?: unknown;
    default?: unknown;
    description?: string;
    examples?: unknown[];
    example?: unknown;
    secret?: boolean;
};

/** Markers around the generated part of docs/configuration.md. */
export const CONFIG_REFERENCE_MARKERS = {
    begin: "<!-- BEGIN GENERATED: config reference (npm run docs:config) -->",
    end: "<!-- END GENERATED: config reference -->",
};

const inline = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value));

function describeType(schema: JsonSchema): string {
    if (schema.const !== undefined) return inline(schema.const);
    if (schema.enum) return schema.enum.map(inline).join(" | ");
    const variants = schema.oneOf ?? schema.anyOf;
    if (variants) return "map (one of the variants below)";
    switch (schema.type) {
        case "array":
            return `list of ${schema.items ? pluralType(schema.items) : "values"}`;
        case "object":
            return schema.properties ? "map" : "map of strings";
        case "integer":
            return "integer";
        default:
            return String(schema.type ?? "any");
    }
}

function pluralType(schema: JsonSchema): string {
    if (schema.oneOf ?? schema.anyOf) return "maps";
    if (schema.enum) return `(${schema.enum.map(inline).join(" | ")})`;
    if (schema.type === "object") return "maps";
    return `${schema.type}s`;
}

function exampleFor(schema: JsonSchema): string {
    const explicit = schema.examples?.[0] ?? schema.example;
    if (explicit !== undefined) return inline(explicit);
    if (
        schema.default !== undefined &&
        !(typeof schema.default === "object" && Object.keys(schema.default as object).length === 0)
    ) {
        return inline(schema.default);
    }
    if (schema.const !== undefined) return inline(schema.const);
    if (schema.enum) return inline(schema.enum[0]);
    return "";
}

/** Which variants of a discriminated union a key applies to. */
interface VariantScope {
    discriminator: string;
    value: string;
    variantCount: number;
    /** Whether the key is required in this variant. */
    required?: boolean;
}

/** Walks the JSON Schema of the config into one row per key (objects and lists get a row too). */
function collect(
    schema: JsonSchema,
    key: string,
    required: boolean,
    scope: VariantScope | undefined,
    rows: Map<string, ConfigKeyDoc>,
    scopes: Map<string, VariantScope[]>,
): void {
    const row: ConfigKeyDoc = {
        key,
        type: describeType(schema),
        default: schema.default !== undefined ? inline(schema.default) : required ? "required" : "-",
        description: schema.description ?? "",
        example: exampleFor(schema),
        appliesTo: "",
        secret: schema.secret === true,
    };
    const existing = rows.get(key);
    if (!existing) rows.set(key, row);
    else if (schema.const !== undefined) existing.type = `${existing.type} | ${row.type}`;
    if (scope) scopes.set(key, [...(scopes.get(key) ?? []), { ...scope, required }]);
    const item = schema.type === "array" ? schema.items : undefined;
    const target = item && (item.properties || item.oneOf || item.anyOf) ? item : schema;
    const prefix = target === item ? `${key}[]` : key;
    const variants = target.oneOf ?? target.anyOf;
    if (variants) {
        for (const option of variants) {
            const [discriminator, property] = Object.entries(option.properties ?? {}).find(
                ([, p]) => p.const !== undefined,
            ) ?? ["", {}];
            const variant = {
                discriminator,
                value: String((property as JsonSchema).const),
                variantCount: variants.length,
            };
            for (const [name, child] of Object.entries(option.properties ?? {})) {
                collect(child, `${prefix}.${name}`, option.required?.includes(name) ?? false, variant, rows, scopes);
            }
        }
    } else if (target.type === "object" && target.properties) {
        for (const [name, child] of Object.entries(target.properties)) {
            collect(
                child,
                prefix ? `${prefix}.${name}` : name,
                target.required?.includes(name) ?? false,
                scope,
                rows,
                scopes,
            );
        }
    }
}

/** Every config key with its type, default, description and example, from the zod schema. */
export function configKeyDocs(): ConfigKeyDoc[] {
    const schema = z.toJSONSchema(platformConfigShape, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const rows = new Map<string, ConfigKeyDoc>();
    const scopes = new Map<string, VariantScope[]>();
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
        collect(child, name, schema.required?.includes(name) ?? false, undefined, rows, scopes);
    }
    for (const row of rows.values()) {
        const found = scopes.get(row.key) ?? [];
        const values = [...new Set(found.map((s) => s.value))];
        if (found.length > 0 && values.length < found[0].variantCount)
            row.appliesTo = `${found[0].discriminator}: ${values.join(", ")}`;
        const requiredIn = found.filter((s) => s.required).map((s) => s.value);
        if (requiredIn.length > 0 && requiredIn.length < found.length) {
            row.default = `required for ${found[0].discriminator}: ${requiredIn.join(", ")}`;
        }
    }
    return [...rows.values()];
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (text: string) => (text && text !== "-" && !text.startsWith("required") ? `\`${cell(text)}\`` : text);

/** The Markdown table of docs/configuration.md. */
export function configReferenceMarkdown(): string {
    const lines = ["| Key | Type | Default | Description | Example |", "| --- | --- | --- | --- | --- |"];
    for (const row of configKeyDocs()) {
        const notes = [
            row.description,
            row.appliesTo ? `Only for ${row.appliesTo}.` : "",
            row.secret ? "**Secret**: set with `--secret`." : "",
        ]
            .filter(Boolean)
            .join(" ");
        lines.push(
            `| \`${PROJECT_NAME}:${row.key}\` | ${cell(row.type)} | ${code(row.default)} | ${cell(notes)} | ${code(row.example)} |`,
        );
    }
    return [lines.join("\n"), "", regionsMarkdown()].join("\n");
}

/** The supported regions (config/regions.ts), under a `Regions` heading the schema's messages link to. */
function regionsMarkdown(): string {
    const list = (regions: readonly string[]) => regions.map((r) => `\`${r}\``).join(", ");
    return [
        "### Regions",
        "",
        "`clusters[].region` must be one of these (config/regions.ts); any other value, however region-like",
        "(`eu-west-9`), is refused with the nearest supported ones.",
        "",
        `- AWS (\`cloud: aws\`): ${list(AWS_REGIONS)}.`,
        `- Google Cloud (\`cloud: gcp\`): ${list(GCP_REGIONS)}.`,
        "- Existing clusters (`cloud: existing`): any label.",
    ].join("\n");
}
