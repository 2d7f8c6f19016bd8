import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";
import { COMPUTED, peek } from "../lib/unknowns";
import { nodeSettings } from "./nodeConfigs";

const isDefaultComputeAccount = (email: string) =>
    email === "default" || email.endsWith("-compute@developer.gserviceaccount.com");

/** Nodes run as a dedicated least-privilege service account, not the Compute Engine default one. */
export const gkeNodeServiceAccount = resourcePolicy({
    name: "gke-node-service-account",
    severity: "high",
    description: "GKE nodes run as a dedicated service account, not the Compute Engine default service account.",
    rationale:
        "CIS Google Kubernetes Engine Benchmark 5.2.1: the Compute Engine default service account has the Editor " +
        "role on the project, so any node compromise becomes a project compromise.",
    remediationSteps:
        "Create a service account with only the node roles (logging, monitoring, Artifact Registry reader) and set " +
        "it as `serviceAccount` in every node config (and in `clusterAutoscaling.autoProvisioningDefaults` for " +
        "Autopilot).",
    types: [TYPES.gkeCluster, TYPES.gkeNodePool],
    validate: (args, report) => {
        const accounts = nodeSettings(args).map(({ where, config }) => ({
            where,
            email: peek(config, ["serviceAccount"]),
        }));
        if (args.type === TYPES.gkeCluster && args.props.enableAutopilot === true) {
            const email = peek(args.props, ["clusterAutoscaling", "autoProvisioningDefaults", "serviceAccount"]);
            accounts.push({ where: "Autopilot's `clusterAutoscaling.autoProvisioningDefaults`", email });
        }
        for (const { where, email } of accounts) {
            // An email unknown at preview is the output of a service account the stack creates: a dedicated one
            // (the default account is found by a lookup, whose result preview knows).
            if (email === COMPUTED) continue;
            if (typeof email !== "string" || email.trim() === "" || isDefaultComputeAccount(email)) {
                report(
                    `${where}: \`serviceAccount\` is ${email || "unset"}, so nodes run as the Compute Engine default service account.`,
                );
            }
        }
    },
});
