import * as path from "path";
import { ArgoCdConfig, ClusterConfig, GitOpsConfig, TeamConfig, platformConfigShape } from "../../config/schema";
import { AddonName, CATALOGUE, addonEnabled, clusterRuns } from "../addons/catalogue";
import { platformObjectsChartFiles } from "../addons/objects";
import { argocdHelmValues } from "../argocd/values";
import { Layers, Values, layerFiles, splitLayers } from "./layering";
import {
    BOOTSTRAP_FOLDER,
    SYNC_WAVES,
    SeedFile,
    bootstrapManifests,
    repoPath,
    teamNamespaces,
    yamlFile,
} from "./layout";

/** What the repository's initial layout depends on. */
export interface RepositoryLayoutArgs {
    clusters: readonly ClusterConfig[];
    /** The `addons` config key: which add-ons run, beyond the catalogue's defaults. */
    addons: Partial<Record<AddonName, boolean>>;
    /** The stack's environment: the middle layer of every component's values. */
    environment: string;
    gitops: GitOpsConfig;
    teams: readonly TeamConfig[];
    argocd: ArgoCdConfig;
}

/** The one-line header of every generated file: who wrote it and who owns it now. */
export const OWNER_HEADER =
    "Seeded by gitops-platform; Git owns this file from then on: change it through a pull request (see README.md).";

/** Puts {@link OWNER_HEADER} on the first line, as a Markdown, Helm template or YAML comment. */
export function withOwnerHeader(file: SeedFile): SeedFile {
    const header = file.path.endsWith(".md")
        ? `<!-- ${OWNER_HEADER} -->`
        : file.path.includes("/templates/")
          ? `{{/* ${OWNER_HEADER} */}}`
          : `# ${OWNER_HEADER}`;
    return { path: file.path, content: `${header}\n${file.content}` };
}

/** The argo-cd chart values of every cluster, split into the three layers. */
export function argocdLayers(args: RepositoryLayoutArgs): Layers {
    const programDefaults = argocdHelmValues({
        // The defaults layer is the program's values outside prod (where `ha` defaults to false).
        argocd: { ...platformConfigShape.shape.argocd.parse(undefined), ha: false },
        teams: [],
        clusterName: "",
    });
    const clusters = Object.fromEntries(
        args.clusters.map((cluster) => [
            cluster.name,
            argocdHelmValues({
                argocd: args.argocd,
                teams: args.teams,
                clusterName: cluster.name,
                metricsServices: clusterRuns("kube-prometheus-stack", cluster, args.environment, args.addons),
                offKarpenterNodes: clusterRuns("karpenter", cluster, args.environment, args.addons),
            }),
        ]),
    );
    return splitLayers(programDefaults, clusters);
}

/** The layer files of one component (`argocd` or `addons/<addon>`); a cluster file only where it differs. */
export function layerSeedFiles(args: RepositoryLayoutArgs, component: string, layers: Layers): SeedFile[] {
    const at = (file: string) => repoPath(args.gitops, file);
    const [{ name: first }] = args.clusters;
    const shared = layerFiles(component, args.environment, first);
    return [
        yamlFile(at(shared.defaults), layers.defaults),
        yamlFile(at(shared.environment), layers.environment),
        ...Object.entries(layers.clusters)
            .filter(([, values]: [string, Values]) => Object.keys(values).length > 0)
            .map(([cluster, values]) => yamlFile(at(layerFiles(component, args.environment, cluster).cluster), values)),
    ];
}

const readme = (gitops: GitOpsConfig, folder: string, lines: string[]): SeedFile => ({
    path: repoPath(gitops, folder, "README.md"),
    content: `${lines.join("\n")}\n`,
});

/** The repository's front page: where each kind of change goes, and how the pieces connect. */
function rootReadme(args: RepositoryLayoutArgs): SeedFile {
    const env = args.environment;
    return readme(args.gitops, ".", [
        `# Platform GitOps repository (${env})`,
        "",
        `Argo CD on every ${env} cluster follows \`${BOOTSTRAP_FOLDER}/\` here (its root Application, which Pulumi`,
        "created). Everything else is composed from small files, one place per setting:",
        "",
        "```mermaid",
        "flowchart LR",
        "  root[root Application<br/>created by Pulumi] --> bootstrap[bootstrap/*.yaml<br/>ApplicationSets]",
        "  bootstrap --> argocd[Application argocd<br/>chart argo-cd]",
        "  bootstrap --> infra[infrastructure/&lt;name&gt;/]",
        "  bootstrap --> mon[monitoring/&lt;name&gt;/]",
        "  bootstrap --> apps[apps/&lt;team&gt;/&lt;name&gt;/]",
        "  defaults[defaults/argocd/values.yaml] --> argocd",
        `  environment[environments/${env}/argocd/values.yaml] --> argocd`,
        "  cluster[clusters/&lt;cluster&gt;/argocd/values.yaml] --> argocd",
        "```",
        "",
        "Values files are composed in that order, later ones winning (Helm's merge: maps merged, lists replaced);",
        "a cluster's file exists only when something differs for it.",
        "",
        "| To change | Edit |",
        "| --- | --- |",
        `| Argo CD for every ${env} cluster (RBAC, SSO, notifications, sizing) | \`environments/${env}/argocd/values.yaml\` |`,
        "| Argo CD on one cluster | `clusters/<cluster>/argocd/values.yaml` (create it) |",
        "| A platform default (same everywhere unless overridden) | `defaults/argocd/values.yaml` |",
        "| Argo CD's chart version | `targetRevision` in `bootstrap/argocd.yaml` |",
        "| An add-on's values | `defaults/`, `environments/<env>/` or `clusters/<cluster>/` `addons/<addon>/values.yaml` |",
        "| Infrastructure or monitoring workloads | a folder under `infrastructure/` or `monitoring/` |",
        "| A team's applications | a folder under `apps/<team>/` |",
        "| Teams, their namespaces and SSO groups | the Pulumi stack config (`teams`): `up` then says which files here must change |",
        "",
        "| Folder | Becomes | Sync wave | Project |",
        "| --- | --- | --- | --- |",
        `| \`bootstrap/argocd.yaml\` | Argo CD itself (self-management) | ${SYNC_WAVES.argocd} | platform |`,
        `| \`infrastructure/<name>/\` | one Application per folder, namespace \`<name>\` | ${SYNC_WAVES.infrastructure} | platform |`,
        `| \`monitoring/<name>/\` | one Application per folder, namespace \`<name>\` | ${SYNC_WAVES.monitoring} | platform |`,
        `| \`apps/<team>/<name>/\` | one Application per folder, in the team's namespace | ${SYNC_WAVES.apps} | \`<team>\` |`,
        "",
        "## Promotion",
        "",
        `This repository belongs to ${env} alone: every ${env} cluster follows its \`${args.gitops.branch}\` branch, and`,
        "nothing merged here reaches another environment. A change moves from dev to prod as a pull request with",
        "the same edit in the prod repository, after it has run on dev; changes the platform program makes (chart",
        "versions, defaults) reach each environment's repository when the pipeline deploys that stack.",
    ]);
}

/** Each add-on's values from a cluster's config (`clusterValues`), for the clusters it runs on. */
function addonClusterValueFiles(args: RepositoryLayoutArgs): SeedFile[] {
    return CATALOGUE.flatMap((entry) =>
        args.clusters
            .filter(
                (cluster) => entry.clusterValues && addonEnabled(entry, cluster.cloud, args.environment, args.addons),
            )
            .map((cluster) =>
                yamlFile(
                    repoPath(args.gitops, layerFiles(`addons/${entry.name}`, args.environment, cluster.name).cluster),
                    entry.clusterValues!(cluster),
                ),
            ),
    );
}

/**
 * Every file of the initial layout, each with its owner header: the front page, `bootstrap/` (the same on
 * every cluster), Argo CD's layered values (with self-management), and the folders the ApplicationSets read.
 * The same files whether Pulumi commits them (`gitops.seed`) or `npm run layout` writes them for you to push.
 */
export function repositoryLayout(args: RepositoryLayoutArgs): SeedFile[] {
    const { gitops, teams, argocd } = args;
    const selfManaged = gitops.selfManagement;
    const bootstrap = bootstrapManifests({
        gitops,
        teams,
        argocdChartVersion: selfManaged ? argocd.chartVersion : undefined,
    });
    const files: SeedFile[] = [
        rootReadme(args),
        ...Object.entries(bootstrap).map(([file, manifest]) =>
            yamlFile(repoPath(gitops, BOOTSTRAP_FOLDER, file), manifest),
        ),
        ...(selfManaged ? layerSeedFiles(args, "argocd", argocdLayers(args)) : []),
        ...platformObjectsChartFiles().map((file) => ({ ...file, path: repoPath(gitops, file.path) })),
        ...addonClusterValueFiles(args),
        readme(gitops, "infrastructure", [
            "# Infrastructure",
            "",
            `Each folder here becomes an Application in the \`platform\` project (sync wave ${SYNC_WAVES.infrastructure}).`,
        ]),
        readme(gitops, "monitoring", [
            "# Monitoring",
            "",
            `Each folder here becomes an Application in the \`platform\` project (sync wave ${SYNC_WAVES.monitoring}).`,
        ]),
        ...teams.map((team) =>
            readme(gitops, path.posix.join("apps", team.name), [
                `# Team ${team.name}`,
                "",
                `Each folder here becomes an Application in project \`${team.name}\`, deployed to namespace \`${teamNamespaces(team)[0]}\` (sync wave ${SYNC_WAVES.apps}).`,
            ]),
        ),
    ];
    return files.map(withOwnerHeader);
}
