import { z } from "zod";
import {
    DEFAULT_KUBERNETES_VERSION,
    KUBERNETES_RELEASES,
    SUPPORTED_KUBERNETES_VERSIONS,
    compareKubernetesMinors,
    kubernetesMinor,
} from "../policies/lib/kubernetesReleases";

/**
 * The Kubernetes versions a cloud cluster may be configured with. The calendar itself (versions and the day
 * each leaves standard support on EKS and GKE) lives in `policies/lib/kubernetesReleases.ts`, which the policy
 * pack reads too.
 */
export { DEFAULT_KUBERNETES_VERSION, KUBERNETES_RELEASES, SUPPORTED_KUBERNETES_VERSIONS };

const allowed = SUPPORTED_KUBERNETES_VERSIONS.map((v) => `"${v}"`).join(", ");

/** The `kubernetesVersion` key of a cloud cluster: a supported minor, a minimum the program never goes below. */
export function kubernetesVersionField() {
    return z
        .string()
        .refine((version) => (SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(version), {
            message: `must be a Kubernetes minor version gitops-platform supports on EKS and GKE, one of ${allowed} (quote it in YAML; see docs/eks.md)`,
        })
        .default(DEFAULT_KUBERNETES_VERSION)
        .meta({
            description: `Kubernetes minor version of the control plane and nodes, one of ${allowed}; a minimum: a cluster already on a newer version stays there.`,
        });
}

/**
 * The version to deploy: the configured one, or the live cluster's when it already runs a newer minor (the
 * cloud upgraded it, e.g. EKS at the end of standard support), so the program never tries a downgrade.
 */
export function neverDowngrade(configured: string, live: string | undefined): string {
    const liveMinor = live === undefined ? undefined : kubernetesMinor(live);
    return liveMinor !== undefined && compareKubernetesMinors(liveMinor, configured) > 0 ? liveMinor : configured;
}

/** `1.35` -> `1.36`. */
function nextMinor(minor: string): string {
    const [major, rest] = minor.split(".");
    return `${major}.${Number(rest) + 1}`;
}

/**
 * The version to give an EKS cluster this `up`: never below the live one ({@link neverDowngrade}), and at
 * most one minor above it, because EKS upgrades a control plane one minor at a time (UpdateClusterVersion
 * refuses a skip); a cluster further behind its config reaches it over successive runs.
 */
export function eksVersionToDeploy(configured: string, live: string | undefined): string {
    const target = neverDowngrade(configured, live);
    const liveMinor = live === undefined ? undefined : kubernetesMinor(live);
    if (liveMinor === undefined || compareKubernetesMinors(target, liveMinor) <= 1) return target;
    return nextMinor(liveMinor);
}
