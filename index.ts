import * as pulumi from "@pulumi/pulumi";
import { loadPlatformConfig } from "./config/load";
import { createCluster } from "./components/cluster";
import { ArgoCd } from "./components/argocd";
import { GitOpsHandOff, GitOpsRepository, repositoryLayout } from "./components/gitops";
import {
    argocdIngressAnnotations,
    clusterRuns,
    platformIngressHosts,
    stackAddons,
    withAddonLabels,
} from "./components/addons";

// Composition root: read and validate config (before any resource), wire components, export outputs.
const config = loadPlatformConfig();
const context = { project: config.project, stack: config.stack, environment: config.environment };
const { gitops, teams } = config;

const addons = stackAddons(config);

const platformClusters = config.clusters.map((cluster) =>
    createCluster(cluster, context, config.deployer, {
        argocdHosts: platformIngressHosts(cluster.name, config.argocd),
        karpenter: clusterRuns("karpenter", cluster, config.environment, addons),
    }),
);

// The cluster Secret's enable_* labels come from the `addons` key and the catalogue, so the label an add-on's
// ApplicationSet selects on is the label written here; Argo CD's hosts are what the argocd-ingress add-on reads.
const bridgeMetadata = platformClusters.map((cluster) =>
    cluster.metadata.apply((metadata) => {
        const labelled = withAddonLabels(metadata, cluster.cloud, config.environment, addons);
        const hosts = argocdIngressAnnotations(cluster.clusterName, config.argocd);
        return { ...labelled, annotations: { ...labelled.annotations, ...hosts } };
    }),
);

const argocds = platformClusters.map(
    (cluster) =>
        new ArgoCd(
            `${cluster.clusterName}-argocd`,
            {
                clusterName: cluster.clusterName,
                argocd: config.argocd,
                teams,
                secrets: config.secrets,
                selfManaged: gitops.selfManagement,
                metricsServices: clusterRuns("kube-prometheus-stack", cluster, config.environment, addons),
                offKarpenterNodes: clusterRuns("karpenter", cluster, config.environment, addons),
            },
            { providers: [cluster.kubernetesProvider] },
        ),
);

const repository = new GitOpsRepository("gitops-repository", {
    gitops,
    seedFiles: repositoryLayout({
        clusters: config.clusters,
        addons,
        environment: config.environment,
        gitops,
        teams,
        argocd: config.argocd,
    }),
});

platformClusters.forEach(
    (cluster, i) =>
        new GitOpsHandOff(
            `${cluster.clusterName}-gitops`,
            {
                clusterName: cluster.clusterName,
                gitops,
                teams,
                repository,
                metadata: bridgeMetadata[i],
                argocdRelease: argocds[i].release,
                argocdUrl: config.argocd.ingress ? argocds[i].url : undefined,
                applicationSetWebhookUrl: argocds[i].applicationSetWebhookUrl,
                webhookSecret: argocds[i].webhookSecret,
            },
            { providers: [cluster.kubernetesProvider] },
        ),
);

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
    Object.fromEntries(platformClusters.map((c, i) => [c.clusterName, bridgeMetadata[i]])),
);

/** Each cluster's Argo CD: URL (null without a domain: use port-forward), namespace, chart and image version. */
export const argocd = Object.fromEntries(
    argocds.map((a, i) => [
        platformClusters[i].clusterName,
        { url: a.url ?? null, namespace: a.namespace, chartVersion: a.chartVersion, version: a.version },
    ]),
);

/** Local admin passwords of the Argo CDs that have one (no SSO), keyed by cluster name; a secret. */
export const argocdAdminPasswords = pulumi.secret(
    Object.fromEntries(
        argocds.flatMap((a, i) => (a.adminPassword ? [[platformClusters[i].clusterName, a.adminPassword]] : [])),
    ),
);

/** The GitOps repository Argo CD follows. */
export const gitopsRepository = { url: repository.url, branch: gitops.branch, path: gitops.path };
