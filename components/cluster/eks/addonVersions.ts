/** EKS add-ons the platform installs, by their EKS add-on name. */
export const EKS_ADDONS = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns", "aws-ebs-csi-driver"] as const;

/** One of the EKS add-ons the platform installs. */
export type EksAddonName = (typeof EKS_ADDONS)[number];

/**
 * The EKS add-on versions each supported Kubernetes minor gets unless `addonVersions` pins another. Pinned, so
 * a change of AWS's default version never changes a cluster by itself: moving one is a reviewed config or code
 * change. Versions as `aws eks describe-addon-versions` lists them for that minor (seen on 1.35 and 1.36
 * clusters, November 2026); kube-proxy follows the control plane's minor.
 */
export const EKS_ADDON_DEFAULT_VERSIONS: Readonly<Record<string, Readonly<Record<EksAddonName, string>>>> = {
    "1.35": {
        "vpc-cni": "v1.21.1-eksbuild.3",
        "kube-proxy": "v1.35.0-eksbuild.2",
        "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
        coredns: "v1.13.2-eksbuild.1",
        "aws-ebs-csi-driver": "v1.57.1-eksbuild.1",
    },
    "1.36": {
        "vpc-cni": "v1.22.3-eksbuild.1",
        "kube-proxy": "v1.36.0-eksbuild.13",
        "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
        coredns: "v1.14.3-eksbuild.3",
        "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
    },
};

/** The add-ons that have no version for `kubernetesVersion`: neither pinned in config nor in the defaults. */
export function unversionedAddons(
    kubernetesVersion: string,
    pinned: Partial<Record<EksAddonName, string>>,
): EksAddonName[] {
    return EKS_ADDONS.filter(
        (addon) => pinned[addon] === undefined && EKS_ADDON_DEFAULT_VERSIONS[kubernetesVersion]?.[addon] === undefined,
    );
}

/** The version of `addon` on a cluster of `kubernetesVersion`: the config's pin, else the default pin. */
export function eksAddonVersion(
    addon: EksAddonName,
    kubernetesVersion: string,
    pinned: Partial<Record<EksAddonName, string>>,
): string {
    const version = pinned[addon] ?? EKS_ADDON_DEFAULT_VERSIONS[kubernetesVersion]?.[addon];
    if (version === undefined) {
        throw new Error(
            `no version of EKS add-on ${addon} for Kubernetes ${kubernetesVersion}; pin it in addonVersions`,
        );
    }
    return version;
}
