import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ClusterConfig } from "../../config/schema";
import { ClusterMetadata, ClusterSummary, PlatformCluster, StackContext } from "./types";

/** Arguments of {@link ExistingCluster}. */
export interface ExistingClusterArgs {
    /** The cluster's config entry (`cloud: existing`). */
    cluster: Extract<ClusterConfig, { cloud: "existing" }>;
    /** Stack-wide facts for the GitOps bridge metadata. */
    context: StackContext;
}

/**
 * A cluster Pulumi does not build (kind, k3d, minikube, or one made elsewhere), reached through a context of
 * the local kubeconfig. No cloud account is needed.
 */
export class ExistingCluster extends pulumi.ComponentResource implements PlatformCluster {
    public readonly clusterName: string;
    public readonly cloud = "existing" as const;
    public readonly kubernetesProvider: k8s.Provider;
    public readonly summary: pulumi.Output<ClusterSummary>;
    public readonly metadata: pulumi.Output<ClusterMetadata>;

    constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gitops-platform:cluster:ExistingCluster", name, {}, opts);
        const { cluster, context } = args;
        this.clusterName = cluster.name;
        this.kubernetesProvider = new k8s.Provider(
            `${name}-k8s`,
            {
                context: cluster.context,
                // Unset means $KUBECONFIG or ~/.kube/config, read by the provider at deployment time.
                kubeconfig: cluster.kubeconfig,
            },
            { parent: this },
        );
        this.summary = pulumi.output({ cloud: this.cloud, region: cluster.region ?? null, kubernetesVersion: null });
        this.metadata = pulumi.output<ClusterMetadata>({
            labels: { cloud: "existing", environment: context.environment, cluster_name: cluster.name },
            annotations: cluster.region ? { region: cluster.region } : {},
        });
        this.registerOutputs({ summary: this.summary, metadata: this.metadata });
    }
}
