import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

/** Nodes have internal addresses only. */
export const gkePrivateNodes = resourcePolicy({
    name: "gke-private-nodes",
    severity: "high",
    description: "GKE nodes are private (no external IP addresses).",
    rationale:
        "CIS Google Kubernetes Engine Benchmark 5.6.5: ensure clusters are created with private nodes, so no node " +
        "is reachable from the internet and egress goes through Cloud NAT.",
    remediationSteps:
        "Set `privateClusterConfig.enablePrivateNodes: true` (gitops-platform's GKE component does) and give the " +
        "network a Cloud NAT for egress.",
    types: [TYPES.gkeCluster],
    validate: ({ props }, report) => {
        if (props.privateClusterConfig?.enablePrivateNodes !== true) {
            report("`privateClusterConfig.enablePrivateNodes` is not true.");
        }
    },
});
