import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

/** A production cluster cannot be deleted by a stray `destroy` or a replacement. */
export const gkeDeletionProtection = resourcePolicy({
    name: "gke-deletion-protection",
    severity: "medium",
    description: "Production GKE clusters have deletion protection on.",
    rationale:
        "Google Cloud's guidance for production clusters: deletion protection stops a mistaken `destroy`, a " +
        "renamed resource or a replacing change from deleting a cluster and every workload on it.",
    remediationSteps:
        "Set `deletionProtection: true` on the cluster (gitops-platform does for `environment: prod`); turn it off " +
        "in a separate `up` before a planned teardown.",
    productionOnly: true,
    types: [TYPES.gkeCluster],
    validate: ({ props }, report) => {
        // The provider's default is true; only an explicit false turns it off.
        if (props.deletionProtection === false) report("`deletionProtection` is false.");
    },
});
