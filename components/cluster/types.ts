import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

/** Stack-wide facts every cluster component tags its resources with. */
export interface StackContext {
    /** Pulumi project name. */
    project: string;
    /** Pulumi stack name. */
    stack: string;
    /** Environment from config (`dev`, `staging`, `prod`). */
    environment: string;
}

/** What every kind of cluster (EKS, GKE, existing) gives the rest of the program. */
export interface PlatformCluster {
    /** Cluster name from config; prefixes the names of everything built for it. */
    readonly clusterName: string;
    /** Where the cluster runs. */
    readonly cloud: "aws" | "gcp" | "existing";
    /** Provider for in-cluster resources (Argo CD and the GitOps hand-off); ready once the cluster can run them. */
    readonly kubernetesProvider: k8s.Provider;
    /** Kubeconfig of a cluster Pulumi builds, as a Pulumi secret; undefined for existing clusters. */
    readonly kubeconfig?: pulumi.Output<string>;
    /** Plain facts about the cluster, exported as a stack output. */
    readonly summary: pulumi.Output<ClusterSummary>;
    /** What the cloud layer knows, for the GitOps bridge (the in-cluster cluster Secret's labels and annotations). */
    readonly metadata: pulumi.Output<ClusterMetadata>;
}

/**
 * Cluster facts for ApplicationSets to template from, as GitOps Bridge does: labels select clusters,
 * annotations carry values (regions, IDs, role ARNs, service accounts).
 */
export interface ClusterMetadata {
    labels: Record<string, string>;
    annotations: Record<string, string>;
}

/** Non-secret facts about one cluster, as exported in the `clusters` stack output. */
export interface ClusterSummary {
    cloud: "aws" | "gcp" | "existing";
    region: string | null;
    kubernetesVersion: string | null;
}

/** Labels (GCP) or tags (AWS) that mark a resource as this stack's. */
export function ownershipLabels(context: StackContext, clusterName: string): Record<string, string> {
    // GCP label values allow only lowercase letters, digits, '_' and '-'.
    const clean = (value: string) =>
        value
            .toLowerCase()
            .replace(/[^a-z0-9_-]/g, "-")
            .slice(0, 63);
    return {
        "managed-by": "pulumi",
        project: clean(context.project),
        stack: clean(context.stack),
        environment: clean(context.environment),
        cluster: clean(clusterName),
    };
}

/** A platform add-on bound to a cloud identity (IAM role or Google service account) through its service account. */
export interface AddonWorkloadIdentity {
    /** Add-on name, e.g. `external-dns`. */
    name: string;
    namespace: string;
    serviceAccount: string;
}

/**
 * GitOps-bridge annotations for add-ons with a cloud identity: `<addon>_<identityKey>`, `<addon>_namespace`,
 * `<addon>_service_account`. The `enable_<addon>` labels come from the add-on catalogue and the `addons` config
 * key (components/addons, `withAddonLabels`), so one place decides what the ApplicationSets select.
 */
export function addonBridgeAnnotations(
    addons: readonly AddonWorkloadIdentity[],
    identities: readonly string[],
    identityKey: string,
): Record<string, string> {
    const key = (addon: AddonWorkloadIdentity) => addon.name.replace(/-/g, "_");
    return Object.fromEntries(
        addons.flatMap((a, i) => [
            [`${key(a)}_${identityKey}`, identities[i]],
            [`${key(a)}_namespace`, a.namespace],
            [`${key(a)}_service_account`, a.serviceAccount],
        ]),
    );
}
