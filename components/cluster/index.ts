import { ClusterConfig } from "../../config/schema";
import { EksCluster } from "./eks";
import { ExistingCluster } from "./existingCluster";
import { GkeCluster } from "./gke";
import { PlatformCluster, StackContext } from "./types";

export * from "./types";
export { EksCluster } from "./eks";
export { ExistingCluster } from "./existingCluster";
export { GkeCluster } from "./gke";

/** Builds the component for one configured cluster, by its cloud; the component is named after the cluster. */
export function createCluster(cluster: ClusterConfig, context: StackContext): PlatformCluster {
    switch (cluster.cloud) {
        case "aws":
            return new EksCluster(cluster.name, { cluster, context });
        case "gcp":
            return new GkeCluster(cluster.name, { cluster, context });
        case "existing":
            return new ExistingCluster(cluster.name, { cluster, context });
    }
}
