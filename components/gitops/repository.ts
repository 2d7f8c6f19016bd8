import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";
import { GitOpsConfig } from "../../config/schema";
import { SeedFile, repositoryUrl } from "./layout";

/** Arguments of {@link GitOpsRepository}. */
export interface GitOpsRepositoryArgs {
    /** The GitOps repository settings. */
    gitops: GitOpsConfig;
    /** Files of the initial layout, committed when `gitops.seed` is on. */
    seedFiles: SeedFile[];
}

/**
 * The GitOps repository on GitHub: created (private, with the default branch protected by required pull
 * request reviews) or an existing one, and optionally seeded with the initial layout. With `gitops.url` it is
 * any Git server and nothing is created or seeded.
 */
export class GitOpsRepository extends pulumi.ComponentResource {
    /** URL Argo CD clones. */
    public readonly url: string;
    /** GitHub provider for the owner, when the repository is on GitHub. */
    public readonly githubProvider: github.Provider | undefined;
    /** Repository name on GitHub (an Output once created, so dependents wait for it). */
    public readonly repositoryName: pulumi.Output<string> | undefined;

    constructor(name: string, args: GitOpsRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gitops-platform:gitops:GitOpsRepository", name, {}, opts);
        const { gitops } = args;
        this.url = repositoryUrl(gitops);
        if (gitops.url !== undefined || gitops.owner === undefined || gitops.name === undefined) {
            this.githubProvider = undefined;
            this.repositoryName = undefined;
            this.registerOutputs({ url: this.url });
            return;
        }

        // The token comes from GITHUB_TOKEN or `pulumi config set --secret github:token`.
        this.githubProvider = new github.Provider(`${name}-github`, { owner: gitops.owner }, { parent: this });
        const child = { parent: this, provider: this.githubProvider };
        let ready: pulumi.Resource[] = [];
        if (gitops.create) {
            const repository = new github.Repository(
                `${name}-repository`,
                {
                    name: gitops.name,
                    description: "Platform GitOps repository, followed by Argo CD.",
                    visibility: "private",
                    autoInit: true,
                    deleteBranchOnMerge: true,
                    vulnerabilityAlerts: true,
                    hasWiki: false,
                },
                { ...child, protect: true },
            );
            const branch =
                gitops.branch === "main"
                    ? undefined
                    : new github.Branch(
                          `${name}-branch`,
                          { repository: repository.name, branch: gitops.branch },
                          child,
                      );
            const defaultBranch = new github.BranchDefault(
                `${name}-default-branch`,
                { repository: repository.name, branch: gitops.branch },
                { ...child, dependsOn: branch ? [branch] : [] },
            );
            this.repositoryName = repository.name;
            ready = [defaultBranch];
            const seeded = this.seed(name, args, repository.name, ready, child);
            // Protected after seeding: the first commits go straight to the branch, every later change through a PR.
            new github.BranchProtection(
                `${name}-branch-protection`,
                {
                    repositoryId: repository.nodeId,
                    pattern: gitops.branch,
                    requiredPullRequestReviews: [{ requiredApprovingReviewCount: 1, dismissStaleReviews: true }],
                    allowsForcePushes: false,
                    allowsDeletions: false,
                },
                { ...child, dependsOn: [defaultBranch, ...seeded] },
            );
        } else {
            this.repositoryName = pulumi.output(gitops.name);
            this.seed(name, args, this.repositoryName, ready, child);
        }
        this.registerOutputs({ url: this.url, repositoryName: this.repositoryName });
    }

    /** Commits the initial layout; Git owns each file afterwards, so later edits there are never reverted. */
    private seed(
        name: string,
        args: GitOpsRepositoryArgs,
        repository: pulumi.Input<string>,
        dependsOn: pulumi.Resource[],
        opts: pulumi.CustomResourceOptions,
    ): github.RepositoryFile[] {
        if (!args.gitops.seed) return [];
        return args.seedFiles.map(
            (file) =>
                new github.RepositoryFile(
                    `${name}-file-${file.path.replace(/[^A-Za-z0-9]+/g, "-")}`,
                    {
                        repository,
                        branch: args.gitops.branch,
                        file: file.path,
                        content: file.content,
                        commitMessage: `Seed ${file.path} (gitops-platform)`,
                        overwriteOnCreate: true,
                    },
                    { ...opts, dependsOn, ignoreChanges: ["content", "commitMessage"] },
                ),
        );
    }
}
