import { ClusterConfig } from "../../config/schema";
import { DeployerNetwork } from "./eks/apiAccess";
import { EksCluster } from "./eks";
import { ExistingCluster } from "./existingCluster";
import { GkeCluster } from "./gke";
import { PlatformCluster, StackContext } from "./types";

export * from "./types";
export { EksCluster } from "./eks";
export { ExistingCluster } from "./existingCluster";
export { GkeCluster } from "./gke";

/**
 * Builds the component for one configured cluster, by its cloud; the component is named after the cluster.
 * `deployer` says where `pulumi up` runs from (EKS private endpoints admit its private ranges); `argocdHosts`
 * are the hosts Argo CD answers on through the platform's load balancer path (an ACM certificate on EKS), and
 * `karpenter` whether the cluster runs that add-on (its AWS side on EKS).
 */
export function createCluster(
    cluster: ClusterConfig,
    context: StackContext,
    deployer: DeployerNetwork,
    platform: { argocdHosts: readonly string[]; karpenter: boolean },
): PlatformCluster {
    switch (cluster.cloud) {
        case "aws":
            return new EksCluster(cluster.name, { cluster, context, deployer, ...platform });
        case "gcp":
            return new GkeCluster(cluster.name, { cluster, context });
        case "existing":
            return new ExistingCluster(cluster.name, { cluster, context });
    }
}
