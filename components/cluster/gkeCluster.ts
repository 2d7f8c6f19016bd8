import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import { ClusterConfig } from "../../config/schema";
import { ClusterMetadata, ClusterSummary, PlatformCluster, StackContext, ownershipLabels } from "./types";

/** Arguments of {@link GkeCluster}. */
export interface GkeClusterArgs {
    /** The cluster's config entry (`cloud: gcp`). */
    cluster: Extract<ClusterConfig, { cloud: "gcp" }>;
    /** Stack-wide facts for labels. */
    context: StackContext;
}

/**
 * A GKE cluster. Every Google Cloud resource of the cluster goes through its own `gcp.Provider`, pinned to
 * the cluster's project and region and labelling everything it creates.
 */
export class GkeCluster extends pulumi.ComponentResource implements PlatformCluster {
    public readonly clusterName: string;
    public readonly cloud = "gcp" as const;
    /** The Google Cloud provider for this cluster's project and region. */
    public readonly gcpProvider: gcp.Provider;
    public readonly summary: pulumi.Output<ClusterSummary>;
    public readonly metadata: pulumi.Output<ClusterMetadata>;

    constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gitops-platform:cluster:GkeCluster", name, {}, opts);
        const { cluster, context } = args;
        this.clusterName = cluster.name;
        this.gcpProvider = new gcp.Provider(
            `${name}-gcp`,
            { project: cluster.project, region: cluster.region, defaultLabels: ownershipLabels(context, cluster.name) },
            { parent: this },
        );
        this.summary = pulumi.output({
            cloud: this.cloud,
            region: cluster.region,
            kubernetesVersion: cluster.kubernetesVersion,
        });
        this.metadata = pulumi.output<ClusterMetadata>({
            labels: { cloud: "gcp", environment: context.environment, cluster_name: cluster.name },
            annotations: {
                gcp_project_id: cluster.project,
                gcp_region: cluster.region,
                gcp_cluster_name: cluster.name,
            },
        });
        this.registerOutputs({ summary: this.summary, metadata: this.metadata });
    }
}
