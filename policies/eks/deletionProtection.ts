import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

/** A production EKS cluster cannot be deleted by a stray `destroy` or a replacement. */
export const eksDeletionProtection = resourcePolicy({
    name: "eks-deletion-protection",
    severity: "medium",
    description: "Production EKS clusters have deletion protection on.",
    rationale:
        "With deletion protection EKS refuses DeleteCluster, so a mistaken `destroy`, a renamed resource or a " +
        "replacing change cannot delete a production cluster and every workload on it.",
    remediationSteps:
        "Set `deletionProtection: true` on the cluster (gitops-platform does for `environment: prod`); turn it off " +
        "in a separate `up` before a planned teardown.",
    productionOnly: true,
    types: [TYPES.eksCluster],
    validate: ({ props }, report) => {
        // EKS creates clusters unprotected unless told otherwise.
        if (props.deletionProtection !== true) report("`deletionProtection` is not true.");
    },
});
