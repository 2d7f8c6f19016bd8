import * as path from "path";
import * as YAML from "yaml";
import { PLATFORM_PROJECT } from "../../config/reserved";
import { GitOpsConfig, TeamConfig } from "../../config/schema";
import { ARGO_HELM_REPOSITORY } from "../argocd/argocd";
import { ARGOCD_NAMESPACE, ARGOCD_RELEASE_NAME } from "../argocd/values";
import { addonApplicationSets } from "../addons/catalogue";
import { ClusterMetadata } from "../cluster/types";
import { VALUES_REF_SOURCE, layeredValueFiles } from "./layering";

/** The Kubernetes API of the cluster Argo CD runs in, as Argo CD names it. */
export const IN_CLUSTER = "https://kubernetes.default.svc";
/** The AppProject of the platform's own Applications (the name is reserved in config/reserved.ts). */
export { PLATFORM_PROJECT };
/** Finalizer that makes deleting an Application delete what it deployed (so teardown removes load balancers). */
export const CASCADE_FINALIZER = "resources-finalizer.argocd.argoproj.io";
/** Folder of the root Application: the ApplicationSets every cluster of the environment runs. */
export const BOOTSTRAP_FOLDER = "bootstrap";
/** Name of the root Application (app of apps) on every cluster. */
export const ROOT_APPLICATION_NAME = "root";
/** The annotation that orders Argo CD's sync, and the runner's teardown in reverse. */
export const SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave";

/** Sync waves of the seeded layout: Argo CD itself, then infrastructure, monitoring, and the teams' apps. */
export const SYNC_WAVES = { argocd: 0, infrastructure: 1, monitoring: 5, apps: 6 } as const;

/** Sync options of every Application the platform writes; never `ApplyOutOfSyncOnly`. */
export const SYNC_OPTIONS = ["CreateNamespace=true", "ServerSideApply=true", "RespectIgnoreDifferences=true"];

/** Automated sync with prune and self-heal, retried with backoff (5 tries, 5s doubling up to 3m). */
export const AUTOMATED_SYNC = {
    automated: { prune: true, selfHeal: true },
    retry: { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } },
    syncOptions: SYNC_OPTIONS,
};

/**
 * The same for team Applications, without `CreateNamespace=true`: Pulumi creates the team namespaces, and a
 * Namespace Argo CD would create is a cluster-scoped resource the team projects do not permit.
 */
export const TEAM_AUTOMATED_SYNC = {
    ...AUTOMATED_SYNC,
    syncOptions: SYNC_OPTIONS.filter((option) => !option.startsWith("CreateNamespace=")),
};

/** The GitOps repository's URL as Argo CD clones it: SSH with a deploy key on GitHub, or the configured URL. */
export function repositoryUrl(gitops: GitOpsConfig): string {
    return gitops.url ?? `git@github.com:${gitops.owner}/${gitops.name}.git`;
}

/** A path inside the repository, under `gitops.path`. */
export function repoPath(gitops: GitOpsConfig, ...parts: string[]): string {
    return path.posix.join(gitops.path || ".", ...parts).replace(/^\.\/?/, "");
}

/** Namespaces a team may deploy to. */
export function teamNamespaces(team: TeamConfig): string[] {
    return team.namespaces ?? [team.name];
}

type Manifest = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec?: Record<string, unknown> };

const projectMetadata = (name: string) => ({
    name,
    namespace: ARGOCD_NAMESPACE,
    labels: { "app.kubernetes.io/managed-by": "pulumi" },
});

/**
 * AppProjects: `platform` (the infrastructure the platform team runs, which may create cluster-scoped kinds and
 * use any chart repository), and one per team confined to its own repositories and namespaces with no
 * cluster-scoped kinds (not even its Namespaces: Pulumi creates those, so a team cannot relabel them, e.g. to
 * loosen Pod Security).
 */
export function appProjects(gitops: GitOpsConfig, teams: readonly TeamConfig[]): Manifest[] {
    const repo = repositoryUrl(gitops);
    return [
        {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "AppProject",
            metadata: projectMetadata(PLATFORM_PROJECT),
            spec: {
                description: "Platform infrastructure: Argo CD, cluster add-ons, monitoring.",
                sourceRepos: ["*"],
                destinations: [{ server: IN_CLUSTER, namespace: "*" }],
                clusterResourceWhitelist: [{ group: "*", kind: "*" }],
            },
        },
        ...teams.map((team) => ({
            apiVersion: "argoproj.io/v1alpha1",
            kind: "AppProject",
            metadata: projectMetadata(team.name),
            spec: {
                description: `Applications of team ${team.name}.`,
                sourceRepos: team.sourceRepos ?? [repo],
                destinations: teamNamespaces(team).map((namespace) => ({ server: IN_CLUSTER, namespace })),
                clusterResourceWhitelist: [],
                // Quotas and limits are the platform's to set.
                namespaceResourceBlacklist: [
                    { group: "", kind: "ResourceQuota" },
                    { group: "", kind: "LimitRange" },
                ],
            },
        })),
    ];
}

/**
 * The in-cluster cluster Secret, carrying what the cloud layer knows as labels and annotations (the GitOps
 * bridge), plus where the add-ons live in Git, so ApplicationSets can template per-cluster values.
 */
export function clusterSecret(
    clusterName: string,
    metadata: ClusterMetadata,
    gitops: GitOpsConfig,
): Manifest & { stringData: Record<string, string> } {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
            name: `cluster-${clusterName}`,
            namespace: ARGOCD_NAMESPACE,
            labels: { ...metadata.labels, "argocd.argoproj.io/secret-type": "cluster" },
            annotations: {
                ...metadata.annotations,
                addons_repo_url: repositoryUrl(gitops),
                addons_repo_revision: gitops.branch,
                // GitOps Bridge convention: "" or "<path>/", concatenated (never joined) in templates.
                addons_repo_basepath: gitops.path ? `${gitops.path}/` : "",
            },
        },
        stringData: {
            name: clusterName,
            server: IN_CLUSTER,
            config: JSON.stringify({ tlsClientConfig: { insecure: false } }),
        },
    };
}

/**
 * The root Application (app of apps): everything under `bootstrap/` (the same for every cluster of the
 * environment; each cluster's own settings are values files the ApplicationSets there compose), in the
 * platform project, synced automatically. `pulumi up` waits until it is Synced and Healthy.
 */
export function rootApplication(gitops: GitOpsConfig): Manifest {
    return {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: {
            name: ROOT_APPLICATION_NAME,
            namespace: ARGOCD_NAMESPACE,
            // Deleting the root deletes what it deployed: teardown removes workloads (and their load balancers).
            finalizers: [CASCADE_FINALIZER],
            annotations: {
                "pulumi.com/waitFor": JSON.stringify([
                    "jsonpath={.status.sync.status}=Synced",
                    "jsonpath={.status.health.status}=Healthy",
                ]),
                "pulumi.com/timeoutSeconds": String(gitops.syncTimeoutMinutes * 60),
            },
        },
        spec: {
            project: PLATFORM_PROJECT,
            source: {
                repoURL: repositoryUrl(gitops),
                targetRevision: gitops.branch,
                path: repoPath(gitops, BOOTSTRAP_FOLDER),
                // bootstrap/addons/*.yaml too; values files live outside bootstrap/, so they are never applied.
                directory: { recurse: true },
            },
            destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
            syncPolicy: AUTOMATED_SYNC,
        },
    };
}

/** Arguments of {@link bootstrapManifests}. */
export interface LayoutArgs {
    gitops: GitOpsConfig;
    teams: readonly TeamConfig[];
    /** Chart version of Argo CD's self-management; undefined when Pulumi owns the Helm release. */
    argocdChartVersion?: string;
}

/** A file of the seeded layout: path in the repository and its content. */
export interface SeedFile {
    path: string;
    content: string;
}

const wave = (n: number) => ({ [SYNC_WAVE_ANNOTATION]: String(n) });

/** Each Argo CD has one cluster Secret, its own (the in-cluster default without a Secret has no labels). */
const THIS_CLUSTER = { clusters: { selector: { matchLabels: { "argocd.argoproj.io/secret-type": "cluster" } } } };

/** An ApplicationSet of the seeded layout: Go templates, automated sync, cascade deletion of what it made. */
function applicationSet(
    name: keyof typeof SYNC_WAVES,
    generators: unknown[],
    template: { name: string; project: string; path: string; server: string; namespace: string },
    gitops: GitOpsConfig,
    syncPolicy: typeof AUTOMATED_SYNC = AUTOMATED_SYNC,
): Manifest {
    return {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "ApplicationSet",
        metadata: { name, namespace: ARGOCD_NAMESPACE, annotations: wave(SYNC_WAVES[name]) },
        spec: {
            goTemplate: true,
            goTemplateOptions: ["missingkey=error"],
            generators: [{ matrix: { generators } }],
            template: {
                metadata: { name: template.name, finalizers: [CASCADE_FINALIZER] },
                spec: {
                    project: template.project,
                    source: { repoURL: repositoryUrl(gitops), targetRevision: gitops.branch, path: template.path },
                    destination: { server: template.server, namespace: template.namespace },
                    syncPolicy,
                },
            },
        },
    };
}

/** A git directories generator over a folder pattern of the GitOps repository. */
const directories = (gitops: GitOpsConfig, ...pattern: string[]) => ({
    git: {
        repoURL: repositoryUrl(gitops),
        revision: gitops.branch,
        directories: [{ path: repoPath(gitops, ...pattern) }],
    },
});

function directoryApplicationSet(args: LayoutArgs, kind: "infrastructure" | "monitoring"): Manifest {
    return applicationSet(
        kind,
        // This cluster's Secret: its labels and annotations (the GitOps bridge) become parameters.
        [THIS_CLUSTER, directories(args.gitops, kind, "*")],
        {
            name: `${kind}-{{.path.basename}}`,
            project: PLATFORM_PROJECT,
            path: "{{.path.path}}",
            server: "{{.server}}",
            namespace: "{{.path.basename}}",
        },
        args.gitops,
    );
}

function appsApplicationSet(args: LayoutArgs): Manifest {
    return applicationSet(
        "apps",
        [
            { list: { elements: args.teams.map((t) => ({ team: t.name, namespace: teamNamespaces(t)[0] })) } },
            directories(args.gitops, "apps", "{{.team}}", "*"),
        ],
        {
            name: "{{.team}}-{{.path.basename}}",
            project: "{{.team}}",
            path: "{{.path.path}}",
            server: IN_CLUSTER,
            namespace: "{{.namespace}}",
        },
        args.gitops,
        TEAM_AUTOMATED_SYNC,
    );
}

/**
 * The ApplicationSet that makes each cluster's Argo CD manage its own chart: one `argocd` Application with the
 * chart version (here, once for the environment) and the layered values `defaults` -> `environments/<env>` ->
 * `clusters/<cluster>`, which compose to exactly the values Pulumi installed. The Application has no cascade
 * finalizer: deleting it never deletes Argo CD.
 */
export function selfManagementApplicationSet(chartVersion: string): Manifest {
    return {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "ApplicationSet",
        metadata: { name: "argocd", namespace: ARGOCD_NAMESPACE, annotations: wave(SYNC_WAVES.argocd) },
        spec: {
            goTemplate: true,
            goTemplateOptions: ["missingkey=error"],
            generators: [THIS_CLUSTER],
            template: {
                metadata: { name: "argocd" },
                spec: {
                    project: PLATFORM_PROJECT,
                    sources: [
                        {
                            repoURL: ARGO_HELM_REPOSITORY,
                            chart: "argo-cd",
                            targetRevision: chartVersion,
                            helm: {
                                releaseName: ARGOCD_RELEASE_NAME,
                                valueFiles: layeredValueFiles("argocd"),
                                ignoreMissingValueFiles: true,
                            },
                        },
                        VALUES_REF_SOURCE,
                    ],
                    destination: { server: "{{.server}}", namespace: ARGOCD_NAMESPACE },
                    syncPolicy: AUTOMATED_SYNC,
                },
            },
        },
    };
}

/** The manifests the root Application deploys on every cluster (`bootstrap/`). */
export function bootstrapManifests(args: LayoutArgs): Record<string, Manifest> {
    return {
        ...(args.argocdChartVersion ? { "argocd.yaml": selfManagementApplicationSet(args.argocdChartVersion) } : {}),
        "infrastructure.yaml": directoryApplicationSet(args, "infrastructure"),
        "monitoring.yaml": directoryApplicationSet(args, "monitoring"),
        "apps.yaml": appsApplicationSet(args),
        // The add-on catalogue: one ApplicationSet per add-on and cloud, each selecting its enable_* label.
        ...addonApplicationSets(),
    };
}

/** A YAML file of the layout, written without anchors (so an edit changes one place). */
export function yamlFile(filePath: string, value: unknown): SeedFile {
    return { path: filePath, content: YAML.stringify(value, { lineWidth: 0, aliasDuplicateObjects: false }) };
}
