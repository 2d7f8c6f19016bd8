import * as pulumi from "@pulumi/pulumi";
import { loadPlatformConfig } from "./config/load";
import { createCluster } from "./components/cluster";

// Composition root: read and validate config (before any resource), wire components, export outputs.
const config = loadPlatformConfig();
const context = { project: config.project, stack: config.stack, environment: config.environment };

const platformClusters = config.clusters.map((cluster) => createCluster(cluster, context));

/** The stack's environment. */
export const environment = config.environment;

/** Plain facts about each cluster, keyed by cluster name. */
export const clusters = pulumi.output(Object.fromEntries(platformClusters.map((c) => [c.clusterName, c.summary])));

/** Kubeconfigs of the clusters Pulumi builds, keyed by cluster name; a secret. */
export const kubeconfigs = pulumi.secret(
    Object.fromEntries(platformClusters.flatMap((c) => (c.kubeconfig ? [[c.clusterName, c.kubeconfig]] : []))),
);

/** What each cluster tells the GitOps bridge (labels and annotations for ApplicationSets), keyed by cluster name. */
export const clusterMetadata = pulumi.output(
    Object.fromEntries(platformClusters.map((c) => [c.clusterName, c.metadata])),
);
