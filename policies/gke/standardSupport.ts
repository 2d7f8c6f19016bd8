import { KUBERNETES_RELEASES, standardSupportStatus, utcDay } from "../lib/kubernetesReleases";
import { PlatformPolicy, resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

const calendar = KUBERNETES_RELEASES.map(
    (r) => `${r.minor} until ${r.endOfStandardSupport.gke}${r.estimated ? " (estimated)" : ""}`,
).join(", ");

/** The GKE standard-support policy judged on the day `today` returns (UTC); tests pass a fixed clock. */
export function gkeStandardSupportPolicy(today: () => Date): PlatformPolicy {
    return resourcePolicy({
        name: "gke-standard-support",
        severity: "medium",
        description: "GKE's minimum control-plane version is in standard support on the day of the check.",
        rationale:
            "GKE release schedule: past the end of standard support a minor gets no new patches, and GKE upgrades " +
            "the cluster on its own schedule (or bills extended support on the EXTENDED channel). A pinned minimum " +
            "out of standard support also stops new node pools and new clusters from being created at it. " +
            `Standard support per the GKE release schedule: ${calendar}; a version older than the schedule is out of it.`,
        remediationSteps:
            "Raise `kubernetesVersion` of the cluster (its `minMasterVersion`) to a version still in standard " +
            "support (gitops-platform accepts 1.35 and 1.36).",
        types: [TYPES.gkeCluster],
        validate: ({ props }, report) => {
            // Unset lets GKE pick its channel's default, which is always supported.
            if (typeof props.minMasterVersion !== "string") return;
            const day = utcDay(today());
            const status = standardSupportStatus("gke", props.minMasterVersion, day);
            if (status.pastStandardSupport) {
                report(
                    `\`minMasterVersion\` ${props.minMasterVersion} is out of GKE standard support on ${day}` +
                        (status.endOfStandardSupport ? ` (since ${status.endOfStandardSupport}).` : "."),
                );
            }
        },
    });
}

/** The cluster's minimum version is in GKE standard support today. */
export const gkeStandardSupport = gkeStandardSupportPolicy(() => new Date());
