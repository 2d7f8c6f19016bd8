import { DiagramInput, clusterDiagram } from "../render/diagram";
import { OperationReport, ResourceChange } from "./engine";
import { clusterOfUrn } from "./stackTarget";

/** Operations that change nothing; not counted as changes. */
const UNCHANGED = new Set(["same", "read", "refresh"]);

/** The operations a summary counts, in the order its tables show them. */
const OPERATIONS = ["create", "update", "replace", "delete"];

const operationOf = (change: ResourceChange) => {
    if (change.op === "create-replacement" || change.op === "delete-replaced" || change.op === "replace")
        return "replace";
    return change.op;
};

/** Changes that alter something (a refresh counts when it found differences). */
export function realChanges(changes: ResourceChange[]): ResourceChange[] {
    return changes.filter((c) => !UNCHANGED.has(c.op) || (c.op === "refresh" && c.diffs.length > 0));
}

/** The logical name at the end of a URN. */
export const nameOfUrn = (urn: string) => urn.split("::").pop() ?? urn;

function countTable(heading: string, keys: string[], changes: ResourceChange[], keyOf: (c: ResourceChange) => string) {
    const lines = [`| ${heading} | ${OPERATIONS.join(" | ")} |`, `| --- |${OPERATIONS.map(() => " --- |").join("")}`];
    for (const key of keys) {
        const counts = OPERATIONS.map((op) => changes.filter((c) => keyOf(c) === key && operationOf(c) === op).length);
        lines.push(`| ${key} | ${counts.join(" | ")} |`);
    }
    return lines;
}

/**
 * The Markdown summary of a preview or an update: changes per cluster and by type, then the policy violations.
 * `outcome` is the headline, e.g. "succeeded" or "failed: <reason>".
 */
export function operationMarkdown(
    operation: string,
    stack: string,
    outcome: string,
    report: OperationReport,
    clusterNames: string[],
): string {
    const changes = realChanges(report.changes);
    const clusterOf = (c: ResourceChange) => clusterOfUrn(c.urn, clusterNames);
    const lines = [`## \`${operation}\` of stack \`${stack}\`: ${outcome}`, ""];
    if (changes.length === 0) {
        lines.push("No resource changes.");
    } else {
        const clusters = [...clusterNames, "(shared)"].filter((n) => changes.some((c) => clusterOf(c) === n));
        lines.push(...countTable("Cluster", clusters, changes, clusterOf), "");
        const types = [...new Set(changes.map((c) => c.type))].sort();
        lines.push(...countTable("Type", types, changes, (c) => c.type));
    }
    lines.push("", "### Policy violations", "");
    if (report.violations.length === 0) {
        lines.push("None.");
    } else {
        lines.push("| Level | Policy | Cluster | Resource | Message |", "| --- | --- | --- | --- | --- |");
        const sorted = [...report.violations].sort((a, b) =>
            a.level === b.level ? 0 : a.level === "mandatory" ? -1 : 1,
        );
        for (const v of sorted) {
            const cluster = v.urn ? clusterOfUrn(v.urn, clusterNames) : "(stack)";
            const resource = v.urn ? nameOfUrn(v.urn) : "";
            const message = v.message.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
            lines.push(`| ${v.level} | ${v.policy} | ${cluster} | ${resource} | ${message} |`);
        }
    }
    return lines.join("\n");
}

/**
 * A preview's picture: one Mermaid diagram per cluster (GitHub draws them in the step summary), the resources
 * the preview changes highlighted.
 */
export function diagramsMarkdown(input: DiagramInput, changes: ResourceChange[]): string {
    const changing = new Set(realChanges(changes).map((c) => nameOfUrn(c.urn)));
    const sections = input.clusterNames.map((name) =>
        [`### Cluster \`${name}\``, "", "```mermaid", clusterDiagram(input, name, { changing }), "```"].join("\n"),
    );
    return ["## What the stack creates", "", ...sections].join("\n\n");
}
