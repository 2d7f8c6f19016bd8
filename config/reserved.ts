import { ARGOCD_NAMESPACE } from "../components/argocd/values";
import { PLATFORM_ADDON_IDENTITIES } from "../components/cluster/eks/iam";
import { GKE_ADDON_IDENTITIES } from "../components/cluster/gke/identity";

/**
 * Names no team may take, collected in one place from the code that uses them: a team's name is the name of
 * its Argo CD project (and its default namespace), and its namespaces get its Applications.
 */

/** The AppProject of the platform's own Applications (Argo CD itself, add-ons, monitoring). */
export const PLATFORM_PROJECT = "platform";

/** The AppProject Argo CD creates itself, which every Application without a project falls into. */
export const ARGOCD_DEFAULT_PROJECT = "default";

/** Project names a team may not have: the ones Pulumi or Argo CD create besides the teams'. */
export const RESERVED_PROJECTS: readonly string[] = [PLATFORM_PROJECT, ARGOCD_DEFAULT_PROJECT];

/**
 * Namespaces no team may own: Argo CD's, Kubernetes' own, and each platform add-on's (whose cloud identity
 * a team workload there could use).
 */
export const RESERVED_NAMESPACES: readonly string[] = [
    ...new Set([
        ARGOCD_NAMESPACE,
        "default",
        "kube-system",
        "kube-public",
        "kube-node-lease",
        ...PLATFORM_ADDON_IDENTITIES.map((addon) => addon.namespace),
        ...GKE_ADDON_IDENTITIES.map((addon) => addon.namespace),
    ]),
];

/**
 * Prefixes of namespaces Kubernetes and the clouds keep for themselves (`kube-*`; GKE's `gke-*` and
 * Managed Prometheus's `gmp-*`; EKS's `amazon-*` and `aws-*` add-ons).
 */
export const RESERVED_NAMESPACE_PREFIXES: readonly string[] = ["kube-", "gke-", "gmp-", "amazon-", "aws-"];

/** Why a team may not use `namespace`, or `undefined` when it may. */
export function reservedNamespaceProblem(namespace: string): string | undefined {
    if (RESERVED_NAMESPACES.includes(namespace)) {
        return `is a namespace the platform, its add-ons or Kubernetes own (${RESERVED_NAMESPACES.join(", ")}); pick another`;
    }
    const prefix = RESERVED_NAMESPACE_PREFIXES.find((p) => namespace.startsWith(p));
    if (prefix)
        return `starts with '${prefix}', which Kubernetes or the cloud keeps for its own namespaces; pick another`;
    return undefined;
}

/** Why a team may not be called `name`, or `undefined` when it may. */
export function reservedTeamNameProblem(name: string): string | undefined {
    if (name === PLATFORM_PROJECT) {
        return "is the platform's own Argo CD project, which may deploy anything anywhere; pick another team name";
    }
    if (name === ARGOCD_DEFAULT_PROJECT) {
        return "is Argo CD's default project, where Applications without a project land; pick another team name";
    }
    return undefined;
}
