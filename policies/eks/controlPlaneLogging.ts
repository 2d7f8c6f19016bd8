import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

interface Config {
    requiredLogTypes: string[];
}

/** The control plane sends its audit and authenticator logs to CloudWatch. */
export const eksControlPlaneLogging = resourcePolicy<Config>({
    name: "eks-control-plane-logging",
    severity: "medium",
    description: "EKS sends the control-plane logs needed for an investigation (audit and authenticator).",
    rationale:
        "CIS Amazon EKS Benchmark 2.1.1: enable audit logs. Without audit and authenticator logs nobody can tell " +
        "afterwards who did what in the cluster.",
    remediationSteps:
        "Add the missing types to `enabledClusterLogTypes` on the cluster (gitops-platform enables api, audit and " +
        "authenticator).",
    config: {
        requiredLogTypes: {
            type: "array",
            items: { type: "string", enum: ["api", "audit", "authenticator", "controllerManager", "scheduler"] },
            default: ["audit", "authenticator"],
            description: "Log types the cluster must enable.",
        },
    },
    types: [TYPES.eksCluster],
    validate: ({ props }, report, config) => {
        const enabled: string[] = props.enabledClusterLogTypes ?? [];
        const missing = config.requiredLogTypes.filter((t) => !enabled.includes(t));
        if (missing.length > 0) report(`\`enabledClusterLogTypes\` lacks ${missing.join(", ")}.`);
    },
});
