import { resourcePolicy } from "../lib/policy";
import { APPLICATION_CARRIERS, forEachApplication, syncOptions } from "../lib/argocd";

/** A sync re-applies every resource, so drift in a resource Argo CD believes synced is corrected too. */
export const applicationNoApplyOutOfSyncOnly = resourcePolicy({
    name: "argocd-application-no-apply-out-of-sync-only",
    severity: "low",
    description: "Argo CD Applications never use `ApplyOutOfSyncOnly=true`.",
    rationale:
        "Argo CD's sync-options docs: with ApplyOutOfSyncOnly a sync skips resources Argo CD's cache considers " +
        "synced, so a stale cache or an ignored difference leaves drift in the cluster that no sync repairs.",
    remediationSteps: "Remove `ApplyOutOfSyncOnly=true` from `syncPolicy.syncOptions`.",
    types: APPLICATION_CARRIERS,
    validate: (args, report) =>
        forEachApplication(args, (app) => {
            if (syncOptions(app).get("ApplyOutOfSyncOnly") === "true") {
                report(`${app.source}: \`syncPolicy.syncOptions\` has ApplyOutOfSyncOnly=true.`);
            }
        }),
});
