import { APPLICATION_CARRIERS, forEachApplication } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";

/** Git is the source of truth: Applications sync by themselves and retry on failure. */
export const applicationAutomatedSync = resourcePolicy({
    name: "argocd-application-automated-sync",
    severity: "low",
    description: "Argo CD Applications sync automatically (`syncPolicy.automated`) and retry failed syncs.",
    rationale:
        "OpenGitOps principle 4 (continuously reconciled) and Argo CD's auto-sync docs: without automated sync a " +
        "merged change waits for someone to press Sync, and without retry one transient error (a webhook, a CRD " +
        "not yet established) leaves the Application failed until someone notices.",
    remediationSteps:
        "Give the Application `syncPolicy.automated` (with `prune` and `selfHeal`) and `syncPolicy.retry` with a " +
        "limit and backoff, as gitops-platform's root and seeded Applications have.",
    types: APPLICATION_CARRIERS,
    validate: (args, report) =>
        forEachApplication(args, ({ source, spec }) => {
            const sync = spec.syncPolicy ?? {};
            if (!sync.automated || sync.automated.enabled === false)
                report(`${source}: \`syncPolicy.automated\` is not set.`);
            if (!sync.retry) report(`${source}: \`syncPolicy.retry\` is not set.`);
        }),
});
