import { KUBERNETES_RELEASES, standardSupportStatus, utcDay } from "../lib/kubernetesReleases";
import { PlatformPolicy, resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

const calendar = KUBERNETES_RELEASES.map(
    (r) => `${r.minor} until ${r.endOfStandardSupport.eks}${r.estimated ? " (estimated)" : ""}`,
).join(", ");

/**
 * The EKS standard-support policy judged on the day `today` returns (UTC); tests pass a fixed clock.
 */
export function eksStandardSupportPolicy(today: () => Date): PlatformPolicy {
    return resourcePolicy({
        name: "eks-standard-support",
        severity: "medium",
        description:
            "EKS runs a Kubernetes version in standard support on the day of the check, with the support policy set to STANDARD.",
        rationale:
            "AWS EKS version lifecycle: a version out of standard support gets no new patches unless the account " +
            "pays for extended support (six times the control-plane price), which a cluster enters silently when " +
            "its `upgradePolicy.supportType` is EXTENDED, the API's default; with STANDARD, EKS upgrades the " +
            "cluster itself at the end of standard support. Standard support per the EKS release calendar: " +
            `${calendar}; a version older than the calendar is out of it.`,
        remediationSteps:
            "Raise `kubernetesVersion` of the cluster to a version still in standard support (gitops-platform " +
            'accepts 1.35 and 1.36), and keep `upgradePolicy: { supportType: "STANDARD" }` so an outdated cluster ' +
            "is upgraded instead of billed.",
        types: [TYPES.eksCluster],
        validate: ({ props }, report) => {
            const supportType = props.upgradePolicy?.supportType;
            if (supportType !== "STANDARD") {
                report(`\`upgradePolicy.supportType\` is ${supportType ?? "unset (EXTENDED)"}, not STANDARD.`);
            }
            if (typeof props.version !== "string") {
                report("`version` is not pinned, so the cluster gets whatever default EKS picks.");
                return;
            }
            const day = utcDay(today());
            const status = standardSupportStatus("eks", props.version, day);
            if (status.pastStandardSupport) {
                report(
                    `Version ${props.version} is out of EKS standard support on ${day}` +
                        (status.endOfStandardSupport ? ` (since ${status.endOfStandardSupport}).` : "."),
                );
            }
        },
    });
}

/** The cluster runs a Kubernetes version in EKS standard support today and does not fall into extended support. */
export const eksStandardSupport = eksStandardSupportPolicy(() => new Date());
