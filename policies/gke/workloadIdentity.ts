import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";
import { nodeSettings } from "./nodeConfigs";

/** Pods get Google credentials only through Workload Identity, never from the node's metadata. */
export const gkeWorkloadIdentity = resourcePolicy({
    name: "gke-workload-identity",
    severity: "high",
    description: "GKE has Workload Identity on and nodes serve the GKE metadata server (`GKE_METADATA`).",
    rationale:
        "CIS Google Kubernetes Engine Benchmark 5.2.1 and 5.4.1: use Workload Identity and protect node metadata. " +
        "Without the GKE metadata server every pod can read the node service account's token.",
    remediationSteps:
        "Set `workloadIdentityConfig.workloadPool: <project>.svc.id.goog` on the cluster and " +
        "`workloadMetadataConfig.mode: GKE_METADATA` in every node config.",
    types: [TYPES.gkeCluster, TYPES.gkeNodePool],
    validate: (args, report) => {
        if (args.type === TYPES.gkeCluster && !args.props.workloadIdentityConfig?.workloadPool) {
            report("`workloadIdentityConfig.workloadPool` is not set.");
        }
        for (const { where, config } of nodeSettings(args)) {
            const mode = config.workloadMetadataConfig?.mode;
            if (mode !== "GKE_METADATA")
                report(`${where}: \`workloadMetadataConfig.mode\` is ${mode ?? "unset"}, not GKE_METADATA.`);
        }
    },
});
