import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";
import { nodeSettings } from "./nodeConfigs";

/** Nodes are Shielded VMs that boot only signed code. */
export const gkeShieldedNodes = resourcePolicy({
    name: "gke-shielded-nodes",
    severity: "medium",
    description: "GKE uses Shielded Nodes with secure boot on every node.",
    rationale:
        "CIS Google Kubernetes Engine Benchmark 5.5.5 and 5.5.7: enable Shielded GKE Nodes and secure boot, so a " +
        "node cannot be impersonated and does not boot a tampered kernel or rootkit.",
    remediationSteps:
        "Set `enableShieldedNodes: true` on the cluster and `shieldedInstanceConfig: { enableSecureBoot: true, " +
        "enableIntegrityMonitoring: true }` in every node config.",
    types: [TYPES.gkeCluster, TYPES.gkeNodePool],
    validate: (args, report) => {
        if (
            args.type === TYPES.gkeCluster &&
            args.props.enableAutopilot !== true &&
            args.props.enableShieldedNodes !== true
        ) {
            report("`enableShieldedNodes` is not true.");
        }
        for (const { where, config } of nodeSettings(args)) {
            if (config.shieldedInstanceConfig?.enableSecureBoot !== true) {
                report(`${where}: \`shieldedInstanceConfig.enableSecureBoot\` is not true.`);
            }
        }
    },
});
