import { APPLICATION_CARRIERS, forEachApplication } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";

/** A Go template reference such as `{{.team}}` or `{{ .team }}` (also `{{team}}` of the fasttemplate syntax). */
const TEMPLATE = /\{\{\s*\.?([A-Za-z0-9_.-]+)\s*\}\}/;

/** Fills a template's `{{.key}}` references from one generator element (missing keys become empty). */
function resolveTemplate(template: string, element: Record<string, unknown>): string {
    return template.replace(new RegExp(TEMPLATE.source, "g"), (_, key: string) => {
        const value = key
            .split(".")
            .reduce<unknown>(
                (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
                element,
            );
        return value === undefined || value === null ? "" : String(value);
    });
}

/** Every Application belongs to a project that fences what it may deploy. */
export const applicationNotDefaultProject = resourcePolicy({
    name: "argocd-application-not-default-project",
    severity: "high",
    description: "No Argo CD Application or ApplicationSet template uses the `default` project.",
    rationale:
        "Argo CD's projects docs and security guide: the `default` project allows any source repository, any " +
        "destination and any kind, including cluster-scoped ones, so an Application there escapes every fence " +
        "the platform sets per team.",
    remediationSteps:
        "Set `spec.project` to `platform` for platform components or to the team's project (one per entry in " +
        "`teams`), which limits repositories, namespaces and kinds.",
    types: APPLICATION_CARRIERS,
    validate: (args, report) =>
        forEachApplication(args, ({ source, spec, elements }) => {
            const project = typeof spec.project === "string" ? spec.project.trim() : "";
            if (project === "" || project === "default") {
                report(`${source}: \`spec.project\` is ${project || "unset"}.`);
                return;
            }
            // An ApplicationSet's `{{.team}}` resolves per generator element: one element may make it `default`.
            for (const element of TEMPLATE.test(project) ? (elements ?? []) : []) {
                const resolved = resolveTemplate(project, element).trim();
                if (resolved === "" || resolved === "default") {
                    report(
                        `${source}: \`spec.project\` ${project} resolves to ${resolved || "nothing"} for generator element ${JSON.stringify(element)}.`,
                    );
                }
            }
        }),
});
