import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";
import { GitOpsConfig } from "../../config/schema";
import { driftWarning, gitBlobSha, layoutDifferences } from "./drift";
import { SeedFile, repositoryUrl } from "./layout";

/** Arguments of {@link GitOpsRepository}. */
export interface GitOpsRepositoryArgs {
    /** The GitOps repository settings. */
    gitops: GitOpsConfig;
    /** Files of the initial layout, committed when `gitops.seed` is on. */
    seedFiles: SeedFile[];
}

/**
 * Whether the default branch gets protection: GitHub offers branch protection (and rulesets) on private
 * repositories only on paid plans (Pro, Team, Enterprise); on the free plan the API refuses it.
 */
export function branchProtectionAvailable(gitops: GitOpsConfig): boolean {
    return gitops.githubPlan === "paid";
}

/**
 * The GitOps repository on GitHub: created (private, with the default branch protected by required pull
 * request reviews where the plan allows) or an existing one, and optionally seeded with the initial layout.
 * With `gitops.url` it is any Git server and nothing is created or seeded.
 *
 * On `pulumi destroy` the repository, its default branch, its protection and the seeded files stay: Git
 * history and the files Git owns after the hand-off outlive the stack. Deploy keys and webhooks (in
 * {@link GitOpsHandOff}) belong to a cluster and go with it.
 */
export class GitOpsRepository extends pulumi.ComponentResource {
    /** URL Argo CD clones. */
    public readonly url: string;
    /** GitHub provider for the owner, when the repository is on GitHub. */
    public readonly githubProvider: github.Provider | undefined;
    /** Repository name on GitHub (an Output once created, so dependents wait for it). */
    public readonly repositoryName: pulumi.Output<string> | undefined;
    /** The seeded files (empty without seeding): Argo CD's root Application needs them in Git first. */
    public readonly seededFiles: github.RepositoryFile[] = [];

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
        // What outlives the stack: Git owns the repository and its files after the hand-off.
        const kept = { ...child, retainOnDelete: true };
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
                kept,
            );
            const branch =
                gitops.branch === "main"
                    ? undefined
                    : new github.Branch(`${name}-branch`, { repository: repository.name, branch: gitops.branch }, kept);
            const defaultBranch = new github.BranchDefault(
                `${name}-default-branch`,
                { repository: repository.name, branch: gitops.branch },
                { ...kept, dependsOn: branch ? [branch] : [] },
            );
            this.repositoryName = repository.name;
            this.seededFiles = this.seed(name, args, repository.name, [defaultBranch], kept);
            if (branchProtectionAvailable(gitops)) {
                // Protected after seeding: the first commits go straight to the branch, every later change a PR.
                new github.BranchProtection(
                    `${name}-branch-protection`,
                    {
                        repositoryId: repository.nodeId,
                        pattern: gitops.branch,
                        requiredPullRequestReviews: [{ requiredApprovingReviewCount: 1, dismissStaleReviews: true }],
                        allowsForcePushes: false,
                        allowsDeletions: false,
                    },
                    { ...kept, dependsOn: [defaultBranch, ...this.seededFiles] },
                );
            } else {
                void pulumi.log.warn(
                    `Branch ${gitops.branch} of ${gitops.owner}/${gitops.name} stays unprotected: GitHub protects branches of private repositories only on paid plans and gitops.githubPlan is "free". On Pro, Team or Enterprise set gitops.githubPlan to "paid" to require a reviewed pull request for every change.`,
                    this,
                );
            }
        } else {
            this.repositoryName = pulumi.output(gitops.name);
            this.seededFiles = this.seed(name, args, this.repositoryName, [], kept);
        }
        if (gitops.seed) this.warnOnDrift(args, this.repositoryName, child);
        this.registerOutputs({ url: this.url, repositoryName: this.repositoryName });
    }

    /**
     * On every preview and up after the seed, compares the layout the config implies with the files in Git
     * (their blob ids from the branch's tree, then the content of those that differ) and warns with every
     * setting Git does not have: Git owns the files, so Pulumi never changes them, but it never stays silent.
     */
    private warnOnDrift(args: GitOpsRepositoryArgs, repository: pulumi.Output<string>, opts: pulumi.InvokeOptions) {
        const { gitops } = args;
        // Read after the seed commits: on the first up Git then holds exactly the layout.
        const afterSeed = pulumi
            .all([repository, ...this.seededFiles.map((f) => f.id)])
            .apply(([name]) => name as string);
        const branch = github.getBranchOutput({ repository: afterSeed, branch: gitops.branch }, opts);
        const tree = github.getTreeOutput({ repository: afterSeed, treeSha: branch.sha, recursive: true }, opts);
        pulumi.all([afterSeed, tree.entries]).apply(async ([name, entries]) => {
            if (!Array.isArray(entries)) return; // nothing to read (the offline render)
            try {
                const blobs = new Map(entries.map((e) => [e.path, e.sha]));
                const changed = args.seedFiles.filter((f) => blobs.get(f.path) !== gitBlobSha(f.content));
                const inGit = new Map(
                    await Promise.all(
                        changed.map(async (f): Promise<[string, string | undefined]> => [
                            f.path,
                            blobs.has(f.path)
                                ? (
                                      await github.getRepositoryFile(
                                          { repository: name, file: f.path, branch: gitops.branch },
                                          opts,
                                      )
                                  ).content
                                : undefined,
                        ]),
                    ),
                );
                const differences = layoutDifferences(changed, inGit);
                if (differences.length > 0) {
                    void pulumi.log.warn(driftWarning(pulumi.getStack(), `${gitops.owner}/${name}`, differences), this);
                }
            } catch (error) {
                void pulumi.log.warn(`Could not compare the GitOps repository with the config: ${String(error)}`, this);
            }
        });
    }

    /**
     * Commits the initial layout; Git owns each file afterwards, so later edits there are never reverted and
     * destroy leaves them. Only in a repository this stack created may a file that exists be overwritten (the
     * README `autoInit` wrote); in anyone else's repository an existing file stops the run instead.
     */
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
                        overwriteOnCreate: args.gitops.create,
                    },
                    { ...opts, dependsOn, ignoreChanges: ["content", "commitMessage"] },
                ),
        );
    }
}
