import { forEachArgoCd, ARGOCD_CARRIERS } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { isTrue, valueAt } from "../lib/values";

/** Nobody gets a shell in a pod through the Argo CD UI. */
export const argocdExecDisabled = resourcePolicy({
    name: "argocd-exec-disabled",
    severity: "high",
    description: "Argo CD's web terminal (`exec.enabled`) is off.",
    rationale:
        "Argo CD's web-based terminal docs: exec gives a shell in any pod the RBAC `exec` permission covers, " +
        "bypassing Git review and Kubernetes audit by user. A GitOps platform changes workloads through Git only.",
    remediationSteps:
        "Remove `exec.enabled` or set it to false in `configs.cm`; use kubectl with cluster RBAC instead.",
    types: ARGOCD_CARRIERS,
    validate: (args, report) =>
        forEachArgoCd(args, ({ values, source }) => {
            if (isTrue(valueAt(values, ["configs", "cm", "exec.enabled"]))) {
                report(`${source}: \`configs.cm."exec.enabled"\` is true.`);
            }
        }),
});
