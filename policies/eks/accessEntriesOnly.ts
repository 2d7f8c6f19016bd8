import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

/** Cluster access is granted by access entries only: no aws-auth ConfigMap, no implicit creator admin. */
export const eksAccessEntriesOnly = resourcePolicy({
    name: "eks-access-entries-only",
    severity: "high",
    description: "EKS grants access through access entries only (`API` mode, no bootstrap cluster-creator admin).",
    rationale:
        "AWS EKS Best Practices (identity and access management): the aws-auth ConfigMap is deprecated and easy to " +
        "break, and the implicit admin of the cluster's creator is invisible in the access entries. With `API` " +
        "mode every principal with access is listed and audited.",
    remediationSteps:
        'Set `accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false }` and ' +
        "grant admins with access entries (`adminRoleArns` in the cluster's config).",
    types: [TYPES.eksCluster],
    validate: ({ props }, report) => {
        const access = props.accessConfig ?? {};
        if (access.authenticationMode !== "API") {
            report(
                `\`accessConfig.authenticationMode\` is ${access.authenticationMode ?? "unset (CONFIG_MAP)"}, not API.`,
            );
        }
        // The provider defaults this to true.
        if (access.bootstrapClusterCreatorAdminPermissions !== false) {
            report("`accessConfig.bootstrapClusterCreatorAdminPermissions` is not false.");
        }
    },
});
