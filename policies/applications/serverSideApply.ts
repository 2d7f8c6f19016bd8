import { resourcePolicy } from "../lib/policy";
import { APPLICATION_CARRIERS, forEachApplication, syncOptions } from "../lib/argocd";

/** Applications apply with server-side apply. */
export const applicationServerSideApply = resourcePolicy({
    name: "argocd-application-server-side-apply",
    severity: "low",
    description: "Argo CD Applications sync with `ServerSideApply=true`.",
    rationale:
        "Argo CD's sync-options docs: client-side apply stores the whole object in an annotation, fails on large " +
        "CRDs (262144-byte limit) and fights other field managers; server-side apply tracks field ownership, " +
        "which the hand-off from Pulumi to Argo CD relies on.",
    remediationSteps: "Add `ServerSideApply=true` to `syncPolicy.syncOptions`.",
    types: APPLICATION_CARRIERS,
    validate: (args, report) =>
        forEachApplication(args, (app) => {
            if (syncOptions(app).get("ServerSideApply") !== "true") {
                report(`${app.source}: \`syncPolicy.syncOptions\` lacks ServerSideApply=true.`);
            }
        }),
});
