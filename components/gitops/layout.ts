import * as path from "path";
import * as YAML from "yaml";
import { GitOpsConfig, TeamConfig } from "../../config/schema";
import { ARGO_HELM_REPOSITORY } from "../argocd/argocd";
import { ARGOCD_NAMESPACE } from "../argocd/values";
import { ClusterMetadata } from "../cluster/types";

/** The Kubernetes API of the cluster Argo CD runs in, as Argo CD names it. */
export const IN_CLUSTER = "https://kubernetes.default.svc";
/** The AppProject of the platform's own Applications. */
export const PLATFORM_PROJECT = "platform";
/** Finalizer that makes deleting an Application delete what it deployed (so teardown removes load balancers). */
export const CASCADE_FINALIZER = "resources-finalizer.argocd.argoproj.io";
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
                addons_repo_basepath: gitops.path,
            },
        },
        stringData: {
            name: clusterName,
            server: IN_CLUSTER,
            config: JSON.stringify({ tlsClientConfig: { insecure: false } }),
        },
    };
}

/** Arguments of {@link rootApplication}. */
export interface RootApplicationArgs {
    clusterName: string;
    gitops: GitOpsConfig;
}

/**
 * The root Application (app of apps): everything under `clusters/<cluster>/`, in the platform project,
 * synced automatically. `pulumi up` waits until it is Synced and Healthy.
 */
export function rootApplication(args: RootApplicationArgs): Manifest {
    const { gitops } = args;
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
                path: repoPath(gitops, "clusters", args.clusterName),
            },
            destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
            syncPolicy: AUTOMATED_SYNC,
        },
    };
}

/** Arguments of {@link seededLayout}. */
export interface LayoutArgs {
    clusterName: string;
    gitops: GitOpsConfig;
    teams: readonly TeamConfig[];
    /** Chart version and values of Argo CD, for its self-management Application; undefined when Pulumi owns it. */
    argocd?: { chartVersion: string; values: Record<string, unknown> };
}

/** A file of the seeded layout: path in the repository and its content. */
export interface SeedFile {
    path: string;
    content: string;
}

const wave = (n: number) => ({ [SYNC_WAVE_ANNOTATION]: String(n) });

/** An ApplicationSet of the seeded layout: Go templates, matrix generators, automated sync, cascade deletion. */
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
        [
            // This cluster's Secret: its labels and annotations (the GitOps bridge) become parameters.
            { clusters: { selector: { matchLabels: { cluster_name: args.clusterName } } } },
            directories(args.gitops, kind, "*"),
        ],
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
 * The `argocd` Application through which Argo CD manages its own chart, with the chart version and values
 * the program computed. It has no cascade finalizer: deleting it never deletes Argo CD.
 */
export function selfManagementApplication(argocd: NonNullable<LayoutArgs["argocd"]>): Manifest {
    return {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: "argocd", namespace: ARGOCD_NAMESPACE, annotations: wave(SYNC_WAVES.argocd) },
        spec: {
            project: PLATFORM_PROJECT,
            source: {
                repoURL: ARGO_HELM_REPOSITORY,
                chart: "argo-cd",
                targetRevision: argocd.chartVersion,
                helm: { releaseName: "argocd", valuesObject: argocd.values },
            },
            destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
            syncPolicy: AUTOMATED_SYNC,
        },
    };
}

/** The manifests the root Application deploys for one cluster (`clusters/<cluster>/`). */
export function clusterManifests(args: LayoutArgs): Record<string, Manifest> {
    return {
        ...(args.argocd ? { "argocd.yaml": selfManagementApplication(args.argocd) } : {}),
        "infrastructure.yaml": directoryApplicationSet(args, "infrastructure"),
        "monitoring.yaml": directoryApplicationSet(args, "monitoring"),
        "apps.yaml": appsApplicationSet(args),
    };
}

/** Files committed for one cluster: its folder under `clusters/`. */
export function clusterSeedFiles(args: LayoutArgs): SeedFile[] {
    return Object.entries(clusterManifests(args)).map(([file, manifest]) => ({
        path: repoPath(args.gitops, "clusters", args.clusterName, file),
        content: YAML.stringify(manifest, { lineWidth: 0 }),
    }));
}

/** Files committed once for the whole repository: the folders the ApplicationSets read, each explained. */
export function sharedSeedFiles(gitops: GitOpsConfig, teams: readonly TeamConfig[]): SeedFile[] {
    const readme = (folder: string, text: string): SeedFile => ({
        path: repoPath(gitops, folder, "README.md"),
        content: `${text}\n`,
    });
    return [
        readme(
            ".",
            [
                "# Platform GitOps repository",
                "",
                "Argo CD on each cluster follows `clusters/<cluster>/` (its root Application). From there:",
                "",
                "| Folder | Becomes | Sync wave | Project |",
                "| --- | --- | --- | --- |",
                "| `clusters/<cluster>/argocd.yaml` | Argo CD itself (self-management) | 0 | platform |",
                "| `infrastructure/<name>/` | one Application per folder, namespace `<name>` | 1 | platform |",
                "| `monitoring/<name>/` | one Application per folder, namespace `<name>` | 5 | platform |",
                "| `apps/<team>/<name>/` | one Application per folder, in the team's namespace | 6 | `<team>` |",
            ].join("\n"),
        ),
        readme(
            "infrastructure",
            "# Infrastructure\n\nEach folder here becomes an Application in the `platform` project (sync wave 1).",
        ),
        readme(
            "monitoring",
            "# Monitoring\n\nEach folder here becomes an Application in the `platform` project (sync wave 5).",
        ),
        ...teams.map((team) =>
            readme(
                path.posix.join("apps", team.name),
                `# Team ${team.name}\n\nEach folder here becomes an Application in project \`${team.name}\`, deployed to namespace \`${teamNamespaces(team)[0]}\` (sync wave 6).`,
            ),
        ),
    ];
}
