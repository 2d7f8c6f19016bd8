/** Names of the add-on catalogue, without dependencies so that config/schema.ts can read them. */

/** Where a cluster runs, as the cluster Secret's `cloud` label says. */
export const ADDON_CLOUDS = ["aws", "gcp", "existing"] as const;

/** Where a cluster runs. */
export type AddonCloud = (typeof ADDON_CLOUDS)[number];

/** Names of the catalogue's add-ons (also the keys of the `addons` config key), in wave order. */
export const ADDON_NAMES = [
    "gateway-api-crds",
    "cert-manager",
    "external-secrets",
    "metrics-server",
    "aws-load-balancer-controller",
    "karpenter",
    "external-dns",
    "karpenter-nodepools",
    "argocd-ingress",
    "kube-prometheus-stack",
] as const;

/** One add-on's name. */
export type AddonName = (typeof ADDON_NAMES)[number];

/** Clouds each add-on runs on (the catalogue's entries say the same; a test checks it). */
export const ADDON_CLOUDS_OF: Readonly<Record<AddonName, readonly AddonCloud[]>> = {
    "gateway-api-crds": ["aws"],
    "cert-manager": ["aws", "gcp"],
    "external-secrets": ["aws", "gcp"],
    "metrics-server": ["aws"],
    "aws-load-balancer-controller": ["aws"],
    karpenter: ["aws"],
    "external-dns": ["aws", "gcp"],
    "karpenter-nodepools": ["aws"],
    "argocd-ingress": ["aws", "gcp"],
    "kube-prometheus-stack": ["aws", "gcp", "existing"],
};

const ALL_ENVIRONMENTS = ["dev", "staging", "prod"] as const;

/** Environments each add-on is on by default in (the `addons` config key overrides it per stack). */
export const ADDON_DEFAULT_ENVIRONMENTS: Readonly<Record<AddonName, readonly string[]>> = {
    "gateway-api-crds": ALL_ENVIRONMENTS,
    "cert-manager": ALL_ENVIRONMENTS,
    "external-secrets": ALL_ENVIRONMENTS,
    "metrics-server": ALL_ENVIRONMENTS,
    "aws-load-balancer-controller": ALL_ENVIRONMENTS,
    // Without it no EKS pool grows past the nodes it starts with.
    karpenter: ALL_ENVIRONMENTS,
    "external-dns": ALL_ENVIRONMENTS,
    "karpenter-nodepools": ALL_ENVIRONMENTS,
    // Never by default: `argocd.ingress` without a className switches it on (stackAddons).
    "argocd-ingress": [],
    // A full monitoring stack costs nodes: on where someone is paged, opt-in in dev.
    "kube-prometheus-stack": ["staging", "prod"],
};
