import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PROJECT_NAME } from "../../../config/load";
import { readStackFile } from "../../../config/stackFile";
import { GitHubFootprint, githubFootprint, ownershipProblems } from "../../../components/gitops/ownership";
import { renderProgram } from "../../../render/engine";
import { ROOT, Rendered } from "../../helpers";

/** The committed stacks: every `Pulumi.<stack>.yaml` beside `Pulumi.yaml`. */
const STACKS = fs
    .readdirSync(ROOT)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();

/** The stacks `main.yml` brings up, in the order its jobs run (`needs`), i.e. the order of first deployment. */
function mainWorkflowOrder(): string[] {
    const workflow = YAML.parse(fs.readFileSync(path.join(ROOT, ".github/workflows/main.yml"), "utf8"));
    const jobs = workflow.jobs as Record<string, { needs?: string | string[]; steps?: { run?: string }[] }>;
    const done: string[] = [];
    const visit = (job: string) => {
        if (done.includes(job)) return;
        for (const need of [jobs[job].needs ?? []].flat()) visit(need);
        done.push(job);
    };
    Object.keys(jobs).forEach(visit);
    return done.flatMap((job) =>
        (jobs[job].steps ?? []).flatMap((step) =>
            [...(step.run ?? "").matchAll(/stack -- up --stack (\S+)/g)].map((m) => m[1]),
        ),
    );
}

describe("GitHub ownership across the committed stacks", () => {
    const rendered = new Map<string, Rendered>();
    const footprints = new Map<string, GitHubFootprint>();
    before(async function () {
        this.timeout(120_000);
        for (const stack of STACKS) {
            const stackFile = readStackFile(path.join(ROOT, `Pulumi.${stack}.yaml`), PROJECT_NAME);
            // Revealed, so webhook URLs (inside a configuration that holds the secret) can be compared.
            const r = new Rendered(await renderProgram(stack, stackFile, { revealSecrets: true }));
            rendered.set(stack, r);
            footprints.set(stack, githubFootprint(r.resources));
        }
    });

    it("covers every committed stack, and main.yml deploys dev before prod", () => {
        assert.deepEqual(STACKS, ["dev", "dev-gke", "local", "prod"]);
        assert.deepEqual(mainWorkflowOrder(), ["dev", "prod"]);
    });

    it("gives every repository, file, protection, deploy key and webhook exactly one owner", () => {
        assert.deepEqual(ownershipProblems(footprints, mainWorkflowOrder()), []);
        const repositories = [...footprints.values()].flatMap((f) => f.claims.filter((c) => c.kind === "repository"));
        assert.deepEqual(repositories.map((c) => c.repository).sort(), [
            "acme/platform-gitops-dev",
            "acme/platform-gitops-dev-gke",
            "acme/platform-gitops-prod",
        ]);
    });

    it("lets each environment's clusters follow a repository no other stack's clusters follow", () => {
        const followedBy = new Map<string, string>();
        for (const [stack, r] of rendered) {
            for (const root of r.ofType("kubernetes:argoproj.io/v1alpha1:Application")) {
                const url = (root.inputs as { spec: { source: { repoURL: string } } }).spec.source.repoURL;
                const other = followedBy.get(url);
                assert.ok(other === undefined || other === stack, `${url} is followed by ${other} and ${stack}`);
                followedBy.set(url, stack);
            }
        }
        assert.equal(followedBy.size, STACKS.length);
    });

    describe("the check itself", () => {
        const repo = (owner: string, name: string, extra: Record<string, unknown>[] = []) => [
            { type: "pulumi:providers:github", name: "gh", provider: null, inputs: { owner } },
            { type: "github:index/repository:Repository", name: "r", provider: "gh", inputs: { name } },
            ...extra.map((inputs, i) => ({ ...inputs, name: `x${i}`, provider: "gh" }) as never),
        ];
        const existing = (owner: string, name: string, title: string) => [
            { type: "pulumi:providers:github", name: "gh", provider: null, inputs: { owner } },
            {
                type: "github:index/repositoryDeployKey:RepositoryDeployKey",
                name: "k",
                provider: "gh",
                inputs: { repository: name, title },
            },
        ];

        it("refuses the first wave's layout: dev uses what prod creates, and runs first", () => {
            const footprintsOf = new Map([
                ["dev", githubFootprint(existing("acme", "platform-gitops", "argocd-dev-eks"))],
                ["prod", githubFootprint(repo("acme", "platform-gitops"))],
            ]);
            assert.deepEqual(ownershipProblems(footprintsOf, ["dev", "prod"]), [
                "stack dev needs acme/platform-gitops, which stack prod creates only later",
            ]);
        });

        it("refuses two stacks creating one repository or committing one file", () => {
            const file = {
                type: "github:index/repositoryFile:RepositoryFile",
                inputs: { repository: "g", branch: "main", file: "README.md" },
            };
            const footprintsOf = new Map([
                ["a", githubFootprint(repo("acme", "g", [file]))],
                ["b", githubFootprint(repo("ACME", "g", [file]))],
            ]);
            const problems = ownershipProblems(footprintsOf, ["a", "b"]);
            assert.ok(problems.includes("repository acme/g is managed by stacks a and b"), problems.join("\n"));
            assert.ok(
                problems.includes("file acme/g main:README.md is managed by stacks a and b"),
                problems.join("\n"),
            );
        });

        it("refuses a stack that needs a repository nobody creates", () => {
            const footprintsOf = new Map([["dev", githubFootprint(existing("acme", "handmade", "k"))]]);
            assert.deepEqual(ownershipProblems(footprintsOf, ["dev"]), [
                "stack dev needs acme/handmade, which no stack creates (an empty org has none)",
            ]);
        });
    });
});
