import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

/** No legacy authorization (ABAC) and no client certificate that never expires. */
export const gkeNoLegacyAuth = resourcePolicy({
    name: "gke-no-legacy-auth",
    severity: "high",
    description: "GKE has legacy ABAC off and issues no client certificate.",
    rationale:
        "CIS Google Kubernetes Engine Benchmark 5.8.3 (legacy authorization) and 5.8.2 (client certificates): ABAC " +
        "bypasses RBAC, and the client certificate is a cluster-admin credential that cannot be revoked.",
    remediationSteps:
        "Set `enableLegacyAbac: false` and `masterAuth.clientCertificateConfig.issueClientCertificate: false`.",
    types: [TYPES.gkeCluster],
    validate: ({ props }, report) => {
        if (props.enableLegacyAbac === true) report("`enableLegacyAbac` is true.");
        if (props.masterAuth?.clientCertificateConfig?.issueClientCertificate === true) {
            report("`masterAuth.clientCertificateConfig.issueClientCertificate` is true.");
        }
    },
});
