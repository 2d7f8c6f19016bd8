import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ClusterConfig } from "../../config/schema";
import { ClusterSummary, PlatformCluster, StackContext, ownershipLabels } from "./types";

/** Arguments of {@link EksCluster}. */
export interface EksClusterArgs {
    /** The cluster's config entry (`cloud: aws`). */
    cluster: Extract<ClusterConfig, { cloud: "aws" }>;
    /** Stack-wide facts for tags. */
    context: StackContext;
}

/**
 * An EKS cluster. Every AWS resource of the cluster goes through its own `aws.Provider`, pinned to the
 * cluster's region and tagging everything it creates.
 */
export class EksCluster extends pulumi.ComponentResource implements PlatformCluster {
    public readonly clusterName: string;
    public readonly cloud = "aws" as const;
    /** The AWS provider for this cluster's region. */
    public readonly awsProvider: aws.Provider;
    public readonly summary: pulumi.Output<ClusterSummary>;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gitops-platform:cluster:EksCluster", name, {}, opts);
        const { cluster, context } = args;
        this.clusterName = cluster.name;
        this.awsProvider = new aws.Provider(
            `${name}-aws`,
            { region: cluster.region as aws.Region, defaultTags: { tags: ownershipLabels(context, cluster.name) } },
            { parent: this },
        );
        this.summary = pulumi.output({
            cloud: this.cloud,
            region: cluster.region,
            kubernetesVersion: cluster.kubernetesVersion,
        });
        this.registerOutputs({ summary: this.summary });
    }
}
