import { APPLICATION_CARRIERS, forEachApplication } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";

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
        forEachApplication(args, ({ source, spec }) => {
            const project = typeof spec.project === "string" ? spec.project.trim() : "";
            if (project === "" || project === "default")
                report(`${source}: \`spec.project\` is ${project || "unset"}.`);
        }),
});
