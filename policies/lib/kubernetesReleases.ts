/**
 * Kubernetes minor versions on EKS and GKE with the day each leaves standard support: the one place the
 * program's config (which versions it accepts, and its default) and the policy pack (what is past standard
 * support on the day a check runs) read them from. Kept inside the pack, which is deployed on its own and
 * imports nothing outside `policies/`.
 *
 * Sources (read December 2026):
 * - EKS: "Amazon EKS Kubernetes release calendar", docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
 *   (awsdocs/amazon-eks-user-guide, latest/ug/versioning/kubernetes-versions.adoc). Extended support, and its
 *   bill, starts at the beginning of the end-of-standard-support day, UTC. Standard support lasts 14 months
 *   from the EKS release.
 * - GKE: "GKE release schedule", cloud.google.com/kubernetes-engine/docs/release-schedule (end of standard
 *   support per minor, as also listed by endoflife.date/google-kubernetes-engine).
 * - 1.36: neither calendar in the copies read gives its dates yet; the dates below are estimates from each
 *   cloud's rule (14 months after the cloud's release, about June 2026 on EKS and May 2026 on GKE) and are
 *   marked `estimated`. Replace them when the calendars publish them.
 */

/** A cloud whose managed Kubernetes has a standard-support calendar here. */
export type KubernetesCloud = "eks" | "gke";

/** One Kubernetes minor version and the day it leaves standard support on each cloud. */
export interface KubernetesRelease {
    /** Minor version, `1.35`. */
    minor: string;
    /** First day (UTC, `YYYY-MM-DD`) the version is out of standard support, per cloud. */
    endOfStandardSupport: Record<KubernetesCloud, string>;
    /** The dates are estimates, not yet in the clouds' calendars. */
    estimated?: boolean;
}

/** Known minor versions, oldest first. */
export const KUBERNETES_RELEASES: readonly KubernetesRelease[] = [
    { minor: "1.33", endOfStandardSupport: { eks: "2026-07-29", gke: "2026-08-03" } },
    { minor: "1.34", endOfStandardSupport: { eks: "2026-12-02", gke: "2026-10-01" } },
    { minor: "1.35", endOfStandardSupport: { eks: "2027-03-27", gke: "2027-04-11" } },
    { minor: "1.36", endOfStandardSupport: { eks: "2027-08-01", gke: "2027-07-01" }, estimated: true },
];

/** The versions a new cluster may be configured with (both clouds), oldest first. */
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.35", "1.36"] as const;

/** The version a cloud cluster gets when its config does not say. */
export const DEFAULT_KUBERNETES_VERSION: (typeof SUPPORTED_KUBERNETES_VERSIONS)[number] = "1.35";

/** `1.35` (or `1.35.2-gke.100`, `v1.35`) to its minor parts; undefined when it is not a version. */
function minorParts(version: string): [number, number] | undefined {
    const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
    return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** The minor version (`1.35`) of a Kubernetes version string, or undefined when it is not one. */
export function kubernetesMinor(version: string): string | undefined {
    const parts = minorParts(version);
    return parts ? `${parts[0]}.${parts[1]}` : undefined;
}

/** Compares two Kubernetes versions by minor (`1.9` < `1.10`); patch levels are ignored. */
export function compareKubernetesMinors(a: string, b: string): number {
    const [x, y] = [minorParts(a) ?? [0, 0], minorParts(b) ?? [0, 0]];
    return x[0] - y[0] || x[1] - y[1];
}

/** The day (UTC, `YYYY-MM-DD`) of an instant. */
export function utcDay(instant: Date): string {
    return instant.toISOString().slice(0, 10);
}

/** Whether a version is out of standard support on a cloud on a given day, and since when. */
export interface SupportStatus {
    /** Out of standard support that day. */
    pastStandardSupport: boolean;
    /** The day it left (or leaves) standard support; undefined when the calendar does not know the version. */
    endOfStandardSupport?: string;
}

/**
 * The standard-support status of `version` on `cloud` on `day` (`YYYY-MM-DD`, UTC). A version older than every
 * one in the calendar is past standard support; one newer than every one is not (it is newer than the calendar).
 */
export function standardSupportStatus(cloud: KubernetesCloud, version: string, day: string): SupportStatus {
    const minor = kubernetesMinor(version);
    const release = KUBERNETES_RELEASES.find((r) => r.minor === minor);
    if (release) {
        const end = release.endOfStandardSupport[cloud];
        return { pastStandardSupport: day >= end, endOfStandardSupport: end };
    }
    const oldest = KUBERNETES_RELEASES[0];
    return { pastStandardSupport: minor === undefined || compareKubernetesMinors(version, oldest.minor) < 0 };
}
