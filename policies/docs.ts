import { PlatformPolicy } from "./lib/policy";

/** Markers around the generated part of docs/policies.md. */
export const POLICY_REFERENCE_MARKERS = {
    begin: "<!-- BEGIN GENERATED: policy reference (npm run docs:policies) -->",
    end: "<!-- END GENERATED: policy reference -->",
};

/** When a policy's violations are mandatory. */
export function levelText(policy: PlatformPolicy): string {
    if (policy.alwaysMandatory) return "mandatory on every stack";
    if (policy.productionOnly) return "production stacks only (mandatory)";
    return "mandatory on production stacks, advisory elsewhere";
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The policy reference: a summary table, then each policy's checks, rationale, fix and config. */
export function policyReferenceMarkdown(policies: PlatformPolicy[]): string {
    const lines = ["| Policy | Checks | Severity | Level |", "| --- | --- | --- | --- |"];
    for (const p of policies) {
        lines.push(`| [\`${p.name}\`](#${p.name}) | ${cell(p.description)} | ${p.severity} | ${levelText(p)} |`);
    }
    for (const p of policies) {
        lines.push("", `### ${p.name}`, "", p.description, "");
        lines.push(`- **Applies to:** ${p.appliesTo.map((t) => `\`${t}\``).join(", ")}`);
        lines.push(`- **Severity:** ${p.severity}`);
        lines.push(`- **Level:** ${levelText(p)}`);
        lines.push(`- **Why:** ${p.rationale}`);
        lines.push(`- **Fix:** ${p.remediationSteps}`);
        const config = Object.entries(p.configSchema?.properties ?? {}).filter(([key]) => key !== "productionStacks");
        for (const [key, schema] of config) {
            lines.push(
                `- **Config \`${key}\`:** ${schema.description ?? ""} Default \`${JSON.stringify(schema.default)}\`.`,
            );
        }
    }
    return lines.join("\n");
}
