import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Command, CommandOptions, RunnerContext, runCommand } from "../../automation/commands";
import { OperationFailed, OperationReport, StackEngine, StackOutput } from "../../automation/engine";
import { clusterApi, kubeConfigFor } from "../../automation/kube";
import { ROOT, prodStackFileWithSecrets } from "../helpers";

/** The prod stack file with secrets for runs of the prod stack that name no file of their own. */
const prodSecrets = (options: Partial<CommandOptions>) =>
    (options.stack ?? "prod") === "prod" && options.config === undefined ? prodStackFileWithSecrets() : undefined;
import { FakeKubeApi, deployedPlatform } from "./fakeKubeApi";

const urn = (type: string, name: string) => `urn:pulumi:prod::gitops-platform::${type}::${name}`;
const EKS = "aws:eks/cluster:Cluster";

/** A scripted engine: each operation returns or fails as told, and every call is recorded. */
class FakeEngine implements StackEngine {
    readonly calls: string[] = [];
    constructor(
        private readonly script: Partial<
            Record<"preview" | "up" | "previewRefresh" | "destroy", () => OperationReport>
        >,
        private readonly stackOutputs: Record<string, StackOutput> = {},
    ) {}
    private run(name: keyof FakeEngine["script"], options: { onOutput: (t: string) => void }, extra = "") {
        this.calls.push(`${name}${extra}`);
        options.onOutput(`engine output of ${name}\n`);
        return Promise.resolve().then(() => (this.script[name] ?? (() => ({ changes: [], violations: [] })))());
    }
    readonly packConfigs: unknown[] = [];
    preview(o: { onOutput: (t: string) => void; policyPacks: string[]; policyPackConfigs: string[] }) {
        this.packConfigs.push(...o.policyPackConfigs.map((f) => JSON.parse(fs.readFileSync(f, "utf8"))));
        return this.run("preview", o, ` packs=${o.policyPacks.map((p) => path.relative(ROOT, p)).join(",")}`);
    }
    up(o: { onOutput: (t: string) => void; policyPacks: string[] }) {
        return this.run("up", o);
    }
    previewRefresh(o: { onOutput: (t: string) => void }) {
        return this.run("previewRefresh", o);
    }
    destroy(o: { onOutput: (t: string) => void }) {
        return this.run("destroy", o);
    }
    outputs() {
        this.calls.push("outputs");
        return Promise.resolve(this.stackOutputs);
    }
}

/** The `create` flag of every stack the runner opened, in order. */
let opened: boolean[] = [];

interface Run {
    code: number;
    stdout: string;
    stderr: string;
    summary: string;
}

async function run(
    command: Command,
    engine: StackEngine | Error,
    options: Partial<CommandOptions> = {},
    context: Partial<RunnerContext> = {},
): Promise<Run> {
    opened = [];
    const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "summary-")), "summary.md");
    let stdout = "";
    let stderr = "";
    const code = await runCommand(
        command,
        // The repository's prod stack file holds no secrets, which a real run refuses: give it some.
        {
            stack: "prod",
            yes: false,
            threshold: 80,
            timeoutMinutes: 1,
            force: false,
            config: prodSecrets(options),
            ...options,
        },
        {
            projectDir: ROOT,
            engines: (_stack, { create }) => {
                opened.push(create);
                return engine instanceof Error ? Promise.reject(engine) : Promise.resolve(engine);
            },
            clusterApi: () => {
                throw new Error("no cluster in this test");
            },
            stdout: (t) => (stdout += t),
            stderr: (t) => (stderr += t),
            stepSummaryFile: summaryFile,
            pollMs: 5,
            ...context,
        },
    );
    const summary = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, "utf8") : "";
    return { code, stdout, stderr, summary };
}

const missingCli = new Error(
    "code: -2\n stdout: \n stderr: Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT\n",
);

describe("stack runner commands (Automation API replaced by a scripted engine)", () => {
    describe("preview", () => {
        it("runs with the policy pack, streams output, summarizes changes per cluster and type, exits 0", async () => {
            const engine = new FakeEngine({
                preview: () => ({
                    changes: [
                        { op: "create", urn: urn(EKS, "prod-eks-eks"), type: EKS, diffs: [] },
                        {
                            op: "update",
                            urn: urn("gcp:container/cluster:Cluster", "prod-gke-gke"),
                            type: "gcp:container/cluster:Cluster",
                            diffs: [],
                        },
                        {
                            op: "same",
                            urn: urn("github:index/repository:Repository", "gitops-repository-repository"),
                            type: "github:index/repository:Repository",
                            diffs: [],
                        },
                    ],
                    violations: [
                        {
                            policy: "eks-standard-support",
                            level: "advisory",
                            message: "Version | old",
                            urn: urn(EKS, "prod-eks-eks"),
                        },
                    ],
                }),
            });
            const { code, stdout, summary } = await run("preview", engine);
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(engine.calls, ["preview packs=policies"]);
            assert.deepStrictEqual(opened, [true], "preview may create the stack");
            assert.match(stdout, /engine output of preview/);
            assert.match(summary, /## `pulumi preview` of stack `prod`: succeeded/);
            assert.match(summary, /\| prod-eks \| 1 \| 0 \| 0 \| 0 \|/);
            assert.match(summary, /\| prod-gke \| 0 \| 1 \| 0 \| 0 \|/);
            assert.match(summary, /\| aws:eks\/cluster:Cluster \| 1 \| 0 \| 0 \| 0 \|/);
            assert.doesNotMatch(summary, /github:index\/repository/, "unchanged resources are not counted");
            assert.match(
                summary,
                /\| advisory \| eks-standard-support \| prod-eks \| prod-eks-eks \| Version \\\| old \|/,
            );
            assert.ok(stdout.includes(summary.trim()), "the summary also goes to stdout");
        });

        it("tells the policy pack that a stack with environment prod is production, whatever its name", async () => {
            const engine = new FakeEngine({});
            const config = prodStackFileWithSecrets();
            assert.strictEqual((await run("preview", engine, { stack: "production", config })).code, 0);
            const [packConfig] = engine.packConfigs as Record<string, { productionStacks: string[] }>[];
            assert.deepStrictEqual(packConfig["eks-endpoint-restricted"].productionStacks, ["prod", "production"]);

            const dev = new FakeEngine({});
            await run("preview", dev, { stack: "dev" });
            assert.deepStrictEqual(dev.packConfigs, [], "a development stack gets the pack's own defaults");
        });

        it("exits 1 on a mandatory policy violation", async () => {
            const report = {
                changes: [],
                violations: [
                    {
                        policy: "argocd-high-availability",
                        level: "mandatory" as const,
                        message: "no HA",
                        urn: urn("x", "prod-eks-argocd-release"),
                    },
                ],
            };
            const { code, summary } = await run(
                "preview",
                new FakeEngine({
                    preview: () => {
                        throw new OperationFailed("preview failed", report);
                    },
                }),
            );
            assert.strictEqual(code, 1);
            assert.match(summary, /\| mandatory \| argocd-high-availability \| prod-eks \|/);
        });

        it("turns a missing pulumi CLI into one clear line", async () => {
            const { code, stderr, stdout } = await run("preview", missingCli);
            assert.strictEqual(code, 1);
            assert.strictEqual(stderr.trim().split("\n").length, 1);
            assert.match(stderr, /^error: the `pulumi` CLI is not installed or not on PATH/);
            assert.strictEqual(stdout, "");
        });

        it("turns missing cloud credentials into one clear line", async () => {
            const failure = new OperationFailed(
                "error: configuring provider: no valid credential sources for AWS Provider found",
                { changes: [], violations: [] },
            );
            const { code, stderr } = await run(
                "preview",
                new FakeEngine({
                    preview: () => {
                        throw failure;
                    },
                }),
            );
            assert.strictEqual(code, 1);
            assert.match(stderr, /^error: AWS credentials are missing or expired/);
        });

        it("stops on invalid config before opening the stack", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-"));
            const file = path.join(dir, "Pulumi.bad.yaml");
            fs.writeFileSync(file, "config:\n  gitops-platform:environment: qa\n");
            const engine = new FakeEngine({});
            const { code, stderr } = await run("preview", engine, { stack: "bad", config: file });
            assert.strictEqual(code, 1);
            assert.match(stderr, /gitops-platform:environment/);
            assert.deepStrictEqual(engine.calls, []);
        });
    });

    describe("up", () => {
        it("refuses a production stack without --yes, before touching the engine", async () => {
            const engine = new FakeEngine({});
            const { code, stderr } = await run("up", engine);
            assert.strictEqual(code, 1);
            assert.match(stderr, /production stack .* needs --yes/);
            assert.deepStrictEqual(engine.calls, []);
        });

        it("applies a development stack without --yes and prints only the outputs that are not secret", async () => {
            const engine = new FakeEngine(
                {},
                {
                    environment: { value: "dev", secret: false },
                    kubeconfigs: { value: { "dev-eks": "apiVersion: v1 SECRET" }, secret: true },
                },
            );
            const { code, stdout } = await run("up", engine, { stack: "dev" });
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(engine.calls, ["up", "outputs"]);
            assert.match(stdout, /"environment": "dev"/);
            assert.match(stdout, /secret ones not shown: kubeconfigs/);
            assert.doesNotMatch(stdout, /SECRET/);
        });

        it("applies a production stack with --yes", async () => {
            const engine = new FakeEngine({});
            const { code } = await run("up", engine, { yes: true });
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(engine.calls, ["up", "outputs"]);
        });
    });

    describe("drift", () => {
        it("exits 0 when nothing drifted", async () => {
            const engine = new FakeEngine({
                previewRefresh: () => ({
                    changes: [{ op: "refresh", urn: urn(EKS, "prod-eks-eks"), type: EKS, diffs: [] }],
                    violations: [],
                }),
            });
            const { code, summary } = await run("drift", engine);
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(opened, [false], "drift only selects an existing stack");
            assert.match(summary, /: no drift/);
        });

        it("exits 2 and lists the drifted resources when the refresh finds differences", async () => {
            const drifted = {
                changes: [{ op: "refresh", urn: urn(EKS, "prod-eks-eks"), type: EKS, diffs: ["vpcConfig"] }],
                violations: [],
            };
            const engine = new FakeEngine({
                previewRefresh: () => {
                    throw new OperationFailed("refresh: changes were found", drifted);
                },
            });
            const { code, summary } = await run("drift", engine);
            assert.strictEqual(code, 2);
            assert.match(summary, /1 resource\(s\) drifted/);
            assert.match(summary, /\| prod-eks-eks \| aws:eks\/cluster:Cluster \| refresh \| vpcConfig \|/);
        });

        it("exits 1 when the refresh fails without finding drift", async () => {
            const engine = new FakeEngine({
                previewRefresh: () => {
                    throw new OperationFailed("error: could not find default credentials", {
                        changes: [],
                        violations: [],
                    });
                },
            });
            const { code, stderr } = await run("drift", engine);
            assert.strictEqual(code, 1);
            assert.match(stderr, /Google Cloud credentials are missing/);
        });
    });

    describe("verify and destroy (against a local server answering like the Kubernetes API)", () => {
        let kube: FakeKubeApi;
        beforeEach(async () => {
            kube = new FakeKubeApi(deployedPlatform());
            await kube.start();
        });
        afterEach(() => kube.stop());

        const withCluster = (): Partial<RunnerContext> => ({
            clusterApi: (cluster, kubeconfigs) => clusterApi(kubeConfigFor(cluster, kubeconfigs)),
        });
        const outputsFor = (clusters: string[]) => ({
            kubeconfigs: { value: Object.fromEntries(clusters.map((c) => [c, kube.kubeconfig()])), secret: true },
        });

        it("verify exits 1 below the threshold, with a score per cluster", async () => {
            const engine = new FakeEngine({}, outputsFor(["prod-eks", "prod-gke"]));
            const { code, summary } = await run("verify", engine, {}, withCluster());
            assert.strictEqual(code, 1, "no Argo CD workloads in the recorded cluster");
            assert.match(summary, /\| prod-eks \| \d+% \| \d+\/\d+ \| FAIL \|/);
            assert.match(summary, /\| prod-gke \|/);
        });

        it("verify passes at a threshold the cluster meets", async () => {
            const engine = new FakeEngine({}, outputsFor(["prod-eks", "prod-gke"]));
            const { code } = await run("verify", engine, { threshold: 0 }, withCluster());
            assert.strictEqual(code, 0);
        });

        it("destroy lets Argo CD delete what it manages first, then runs pulumi destroy", async () => {
            const engine = new FakeEngine({}, outputsFor(["prod-eks", "prod-gke"]));
            const { code, summary } = await run("destroy", engine, { yes: true }, withCluster());
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(engine.calls, ["outputs", "destroy"]);
            assert.ok(kube.deletions().length > 0);
            assert.match(summary, /\| prod-eks \| clean \|/);
            assert.match(summary, /`pulumi destroy` of stack `prod`: succeeded/);
        });

        it("destroy does not run pulumi destroy when a cluster cannot be reached, unless forced", async () => {
            const engine = new FakeEngine({}, outputsFor(["prod-eks"]));
            const refused = await run("destroy", engine, { yes: true }, withCluster());
            assert.strictEqual(refused.code, 1);
            assert.match(refused.summary, /\| prod-gke \| stuck: cannot reach the cluster: .*no kubeconfig output/);
            assert.match(refused.stderr, /not running `pulumi destroy`/);
            assert.deepStrictEqual(engine.calls, ["outputs"]);

            const forced = await run("destroy", engine, { yes: true, force: true }, withCluster());
            assert.strictEqual(forced.code, 0);
            assert.deepStrictEqual(engine.calls, ["outputs", "outputs", "destroy"]);
        });

        it("destroy of a production stack needs --yes", async () => {
            const engine = new FakeEngine({}, outputsFor(["prod-eks", "prod-gke"]));
            const { code } = await run("destroy", engine, {}, withCluster());
            assert.strictEqual(code, 1);
            assert.deepStrictEqual(engine.calls, []);
            assert.deepStrictEqual(kube.deletions(), []);
        });
    });
});
