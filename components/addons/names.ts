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
    "external-dns",
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
    "external-dns": ["aws", "gcp"],
    "argocd-ingress": ["aws", "gcp"],
    "kube-prometheus-stack": ["aws", "gcp", "existing"],
};
