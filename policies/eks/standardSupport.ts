import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";
import { compareVersions } from "../lib/values";

interface Config {
    minimumVersion: string;
}

/** The cluster runs a Kubernetes version in EKS standard support and does not fall into extended support. */
export const eksStandardSupport = resourcePolicy<Config>({
    name: "eks-standard-support",
    severity: "medium",
    description: "EKS runs a Kubernetes version in standard support, with the support policy set to STANDARD.",
    rationale:
        "AWS EKS version lifecycle: a version out of standard support gets no new patches unless the account pays " +
        "for extended support (six times the control-plane price), which a cluster enters silently when its " +
        "`upgradePolicy.supportType` is EXTENDED, the API's default.",
    remediationSteps:
        "Raise `kubernetesVersion` of the cluster to the floor or above, and keep `upgradePolicy: { supportType: " +
        '"STANDARD" }` so an outdated cluster is upgraded instead of billed. Raise `minimumVersion` in the pack ' +
        "config as versions leave standard support.",
    config: {
        minimumVersion: {
            type: "string",
            pattern: "^1\\.\\d+$",
            // 1.33 left standard support on 2026-07-29; 1.34 leaves it on 2026-12-02.
            default: "1.34",
            description: "Oldest Kubernetes minor version still in EKS standard support.",
        },
    },
    types: [TYPES.eksCluster],
    validate: ({ props }, report, config) => {
        const supportType = props.upgradePolicy?.supportType;
        if (supportType !== "STANDARD") {
            report(`\`upgradePolicy.supportType\` is ${supportType ?? "unset (EXTENDED)"}, not STANDARD.`);
        }
        if (typeof props.version === "string" && compareVersions(props.version, config.minimumVersion) < 0) {
            report(`Version ${props.version} is older than ${config.minimumVersion}, the oldest in standard support.`);
        } else if (props.version === undefined) {
            report("`version` is not pinned, so the cluster gets whatever default EKS picks.");
        }
    },
});
