/**
 * Who owns which GitHub resource, read from what a stack declares (its offline render): the model behind the
 * cross-stack check that no two committed stacks manage the same repository, file, protection, deploy key or
 * webhook, and that the order of first deployment never needs something a later stack creates.
 */

/** The parts of a declared resource the check reads (a {@link RenderedResource} fits). */
export interface DeclaredResource {
    type: string;
    name: string;
    provider: string | null;
    inputs: Record<string, unknown>;
}

/** One GitHub object a stack manages: kind, `owner/name` of the repository, and what names it there. */
export interface GitHubClaim {
    kind: "repository" | "branch" | "default branch" | "branch protection" | "file" | "deploy key" | "webhook";
    repository: string;
    key: string;
}

/** What a stack manages on GitHub, and which repositories it needs to exist. */
export interface GitHubFootprint {
    claims: GitHubClaim[];
    /** Repositories (`owner/name`) the stack writes to or reads from, created by it or not. */
    uses: string[];
}

const KINDS: Record<string, GitHubClaim["kind"]> = {
    "github:index/repository:Repository": "repository",
    "github:index/branch:Branch": "branch",
    "github:index/branchDefault:BranchDefault": "default branch",
    "github:index/branchProtection:BranchProtection": "branch protection",
    "github:index/repositoryFile:RepositoryFile": "file",
    "github:index/repositoryDeployKey:RepositoryDeployKey": "deploy key",
    "github:index/repositoryWebhook:RepositoryWebhook": "webhook",
};

/** The GitHub footprint of one stack's declared resources. */
export function githubFootprint(resources: readonly DeclaredResource[]): GitHubFootprint {
    const owners = new Map(
        resources.filter((r) => r.type === "pulumi:providers:github").map((p) => [p.name, String(p.inputs.owner)]),
    );
    const created = resources.filter((r) => r.type === "github:index/repository:Repository");
    const claims: GitHubClaim[] = [];
    for (const resource of resources) {
        const kind = KINDS[resource.type];
        if (!kind) continue;
        const owner = resource.provider ? owners.get(resource.provider) : undefined;
        if (owner === undefined) throw new Error(`${resource.name}: GitHub resource without an owner's provider`);
        const inputs = resource.inputs;
        // Branch protection names its repository by node ID; a stack creates at most the one repository it has.
        const name =
            kind === "repository"
                ? inputs.name
                : kind === "branch protection"
                  ? created[0]?.inputs.name
                  : inputs.repository;
        if (typeof name !== "string") throw new Error(`${resource.name}: cannot tell its repository`);
        const repository = `${owner}/${name}`.toLowerCase();
        const key = {
            repository: "",
            branch: String(inputs.branch),
            "default branch": "",
            "branch protection": String(inputs.pattern),
            file: `${inputs.branch}:${inputs.file}`,
            "deploy key": String(inputs.title),
            webhook: String((inputs.configuration as { url?: string } | undefined)?.url),
        }[kind];
        claims.push({ kind, repository, key });
    }
    return { claims, uses: [...new Set(claims.map((c) => c.repository))] };
}

/** Every problem of a set of stacks' footprints, given the order their first deployment runs in. */
export function ownershipProblems(
    footprints: ReadonlyMap<string, GitHubFootprint>,
    order: readonly string[],
): string[] {
    const problems: string[] = [];
    const owner = new Map<string, string>();
    for (const [stack, footprint] of footprints) {
        for (const claim of footprint.claims) {
            const id = `${claim.kind} ${claim.repository}${claim.key ? ` ${claim.key}` : ""}`;
            const other = owner.get(id);
            if (other !== undefined && other !== stack)
                problems.push(`${id} is managed by stacks ${other} and ${stack}`);
            owner.set(id, stack);
        }
    }
    const creator = new Map<string, string>();
    for (const [stack, footprint] of footprints) {
        for (const claim of footprint.claims) if (claim.kind === "repository") creator.set(claim.repository, stack);
    }
    for (const [stack, footprint] of footprints) {
        for (const repository of footprint.uses) {
            const by = creator.get(repository);
            if (by === undefined) {
                problems.push(`stack ${stack} needs ${repository}, which no stack creates (an empty org has none)`);
            } else if (by !== stack) {
                const mine = order.indexOf(stack);
                const theirs = order.indexOf(by);
                if (mine < 0 || theirs < 0 || theirs > mine) {
                    problems.push(`stack ${stack} needs ${repository}, which stack ${by} creates only later`);
                }
            }
        }
    }
    return problems;
}
