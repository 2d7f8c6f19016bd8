import { ArgoCdConfig, GitOpsConfig, TeamConfig } from "../../config/schema";
import { argocdHelmValues } from "../argocd/values";
import { SeedFile, clusterSeedFiles, sharedSeedFiles } from "./layout";

/** What the repository's initial layout depends on. */
export interface RepositoryLayoutArgs {
    clusterNames: readonly string[];
    gitops: GitOpsConfig;
    teams: readonly TeamConfig[];
    argocd: ArgoCdConfig;
}

/**
 * Every file of the initial layout: the shared folders, and each cluster's folder (with Argo CD's
 * self-management Application when `gitops.selfManagement` is on). The same files whether Pulumi commits them
 * (`gitops.seed`) or `npm run layout` writes them for you to push.
 */
export function repositoryLayout(args: RepositoryLayoutArgs): SeedFile[] {
    const { gitops, teams, argocd } = args;
    return [
        ...sharedSeedFiles(gitops, teams),
        ...args.clusterNames.flatMap((clusterName) =>
            clusterSeedFiles({
                clusterName,
                gitops,
                teams,
                argocd: gitops.selfManagement
                    ? { chartVersion: argocd.chartVersion, values: argocdHelmValues({ argocd, teams, clusterName }) }
                    : undefined,
            }),
        ),
    ];
}
