import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXIT } from "../../cli/exitCodes";
import { Command, CommandOptions, RunnerContext, driftVerdict, runCommand } from "../../automation/commands";
import {
    DeployedResource,
    EngineConfig,
    OperationFailed,
    OperationReport,
    StackEngine,
    StackOutput,
} from "../../automation/engine";
import { clusterApi, kubeConfigFor } from "../../automation/kube";
import { ROOT, prodStackFileWithSecrets } from "../helpers";
import { engineConfigOf } from "./fakePulumiCli";
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
    readonly showOutputs: (boolean | undefined)[] = [];
    up(o: { onOutput: (t: string) => void; policyPacks: string[]; showOutputs?: boolean }) {
        this.showOutputs.push(o.showOutputs);
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
    /** The stack the runner opened; its config comes from `configFile`, else `Pulumi.<stack>.yaml`. */
    stackName = "";
    configFile?: string;
    config(): Promise<EngineConfig> {
        return Promise.resolve(engineConfigOf(this.configFile ?? path.join(ROOT, `Pulumi.${this.stackName}.yaml`)));
    }
    deployed: DeployedResource[] = [];
    resources() {
        return Promise.resolve(this.deployed);
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
    const given = { stack: "prod", yes: false, threshold: 80, timeoutMinutes: 1, force: false, ...options };
    // The committed prod file holds no secrets; a deployable one does (as ciphertext).
    if (given.stack === "prod" && given.config === undefined) given.config = prodStackFileWithSecrets();
    const code = await runCommand(command, given, {
        projectDir: ROOT,
        engines: (stack, { create }) => {
            opened.push(create);
            if (engine instanceof FakeEngine) engine.stackName = stack;
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
    });
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
            // The picture: a Mermaid diagram per cluster from the offline render, the changing boxes marked.
            assert.match(summary, /## What the stack creates/);
            for (const cluster of ["prod-eks", "prod-gke"])
                assert.match(summary, new RegExp(`### Cluster \`${cluster}\`\n\n\`\`\`mermaid\nflowchart`));
            const eksDiagram = summary.slice(
                summary.indexOf("### Cluster `prod-eks`"),
                summary.indexOf("### Cluster `prod-gke`"),
            );
            assert.match(eksDiagram, /1 changing"\]:::changing/);
            assert.doesNotMatch(eksDiagram, /prod-gke/, "each cluster's diagram shows only its own resources");
            assert.match(
                summary,
                /\| advisory \| eks-standard-support \| prod-eks \| prod-eks-eks \| Version \\\| old \|/,
            );
            assert.ok(stdout.includes(summary.trim()), "the summary also goes to stdout");
        });

        it("tells the policy pack that a stack with environment prod is production, whatever its name", async () => {
            const engine = new FakeEngine({});
            const config = prodStackFileWithSecrets();
            engine.configFile = config;
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
            assert.strictEqual(code, EXIT.invalidConfig);
            assert.match(stderr, /gitops-platform:environment/);
            assert.deepStrictEqual(engine.calls, []);
        });
    });

    describe("up", () => {
        it("refuses a production stack without --yes, before touching the engine", async () => {
            const engine = new FakeEngine({});
            const { code, stderr } = await run("up", engine);
            assert.strictEqual(code, EXIT.refused);
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

        it("hides account IDs, ARNs and service accounts in the outputs it prints unless --show-identities", async () => {
            const outputs = {
                clusters: {
                    value: {
                        "dev-eks": {
                            arn: "arn:aws:eks:eu-west-1:123456789012:cluster/dev-eks",
                            accountId: "123456789012",
                            nodeRoleArn: "arn:aws:iam::123456789012:role/dev-eks-nodes",
                            version: "1.33",
                        },
                        "dev-gke": {
                            serviceAccount: "nodes@acme-dev.iam.gserviceaccount.com",
                            accountNumber: 210987654321,
                        },
                    },
                    secret: false,
                },
            };
            const hidden = await run("up", new FakeEngine({}, outputs), { stack: "dev" });
            assert.doesNotMatch(hidden.stdout, /123456789012|210987654321|arn:aws|nodes@acme-dev/);
            assert.match(hidden.stdout, /"version": "1.33"/);
            assert.match(hidden.stdout, /"arn": "\[ARN hidden\]"/);
            assert.match(hidden.stdout, /--show-identities prints them/);
            const engine = new FakeEngine({}, outputs);
            const shown = await run("up", engine, { stack: "dev", showIdentities: true });
            assert.match(shown.stdout, /arn:aws:iam::123456789012:role\/dev-eks-nodes/);
            assert.match(shown.stdout, /nodes@acme-dev\.iam\.gserviceaccount\.com/);
            assert.deepStrictEqual(engine.showOutputs, [true], "the CLI's own Outputs block only when asked");
        });

        it("applies a production stack with --yes after a preview with the policy pack", async () => {
            const engine = new FakeEngine({});
            const { code } = await run("up", engine, { yes: true });
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(engine.calls, ["preview packs=policies", "up", "outputs"]);
            const [packConfig] = engine.packConfigs as Record<string, { productionStacks: string[] }>[];
            assert.ok(packConfig["eks-endpoint-restricted"].productionStacks.includes("prod"));
        });

        it("production: stops on the preview's mandatory violation before up changes anything", async () => {
            const violation = {
                policy: "argocd-high-availability",
                level: "mandatory" as const,
                message: "no HA",
                urn: urn("x", "prod-eks-argocd-release"),
            };
            const engine = new FakeEngine({
                preview: () => {
                    throw new OperationFailed("preview failed", { changes: [], violations: [violation] });
                },
            });
            const { code, stderr, summary } = await run("up", engine, { yes: true });
            assert.strictEqual(code, EXIT.failed);
            assert.deepStrictEqual(engine.calls, ["preview packs=policies"], "up never ran");
            assert.match(stderr, /not running `pulumi up` on production stack prod/);
            assert.match(
                summary,
                /`pulumi preview \(before up\)` of stack `prod`: failed: preview failed; not running up/,
            );
            assert.match(summary, /\| mandatory \| argocd-high-availability \| prod-eks \|/);

            const advisory = new FakeEngine({
                preview: () => ({ changes: [], violations: [{ ...violation, level: "advisory" as const }] }),
            });
            assert.strictEqual((await run("up", advisory, { yes: true })).code, 0);
            assert.deepStrictEqual(advisory.calls, ["preview packs=policies", "up", "outputs"]);
        });

        it("a development stack's up runs without the extra preview", async () => {
            const engine = new FakeEngine({});
            await run("up", engine, { stack: "dev" });
            assert.deepStrictEqual(engine.calls, ["up", "outputs"]);
        });
    });

    describe("--config against the stack's own config (what the engine acts on)", () => {
        const devFile = path.join(ROOT, "Pulumi.dev.yaml");

        it("destroy --stack prod --config Pulumi.dev.yaml without --yes never reaches an operation (exit 5)", async () => {
            const engine = new FakeEngine({});
            const { code, stderr } = await run("destroy", engine, { config: devFile });
            assert.strictEqual(code, EXIT.refused);
            assert.match(stderr, /does not match stack prod's own config/);
            assert.match(
                stderr,
                /the stack says production \(environment: prod\), clusters prod-eks \(aws\), prod-gke \(gcp\)/,
            );
            assert.deepStrictEqual(engine.calls, [], "no outputs, no teardown, no destroy");
        });

        it("is refused even with --yes: the file must agree with the stack, or the wrong clusters are torn down", async () => {
            for (const command of ["up", "destroy", "preview", "drift", "verify"] as const) {
                const engine = new FakeEngine({});
                const { code } = await run(command, engine, { config: devFile, yes: true });
                assert.strictEqual(code, EXIT.refused, command);
                assert.deepStrictEqual(engine.calls, [], command);
            }
        });

        it("takes production from the stack's config: a prod stack under another name still needs --yes", async () => {
            const engine = new FakeEngine({});
            engine.configFile = prodStackFileWithSecrets();
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cfg-")), "Pulumi.production.yaml");
            fs.copyFileSync(engine.configFile, file);
            const { code, stderr } = await run("destroy", engine, { stack: "production", config: file });
            assert.strictEqual(code, EXIT.refused);
            assert.match(stderr, /stack production is a production stack/);
            assert.deepStrictEqual(engine.calls, []);
        });

        it("a stack whose own config is invalid stops with exit 3, naming the key", async () => {
            const engine = new FakeEngine({});
            const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cfg-")), "Pulumi.x.yaml");
            fs.writeFileSync(bad, "config:\n  gitops-platform:environment: qa\n");
            engine.configFile = bad;
            const { code, stderr } = await run("preview", engine, { stack: "dev" });
            assert.strictEqual(code, EXIT.invalidConfig);
            assert.match(stderr, /stack dev's own config: [\s\S]*gitops-platform:environment: given "qa"/);
            assert.deepStrictEqual(engine.calls, []);
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

        it("exits 4 (drift) and lists the drifted resources when the refresh finds differences", async () => {
            const drifted = {
                changes: [{ op: "refresh", urn: urn(EKS, "prod-eks-eks"), type: EKS, diffs: ["vpcConfig"] }],
                violations: [],
            };
            const engine = new FakeEngine({
                previewRefresh: () => {
                    throw new OperationFailed("no changes were expected but changes occurred", drifted);
                },
            });
            const { code, summary } = await run("drift", engine);
            assert.strictEqual(code, EXIT.drift);
            assert.match(summary, /1 resource\(s\) drifted/);
            assert.match(summary, /\| prod-eks-eks \| aws:eks\/cluster:Cluster \| refresh \| vpcConfig \|/);
        });

        it("a partial refresh failure is not plain drift: exit 1, naming what it could not read", async () => {
            const partial = {
                changes: [{ op: "refresh", urn: urn(EKS, "prod-eks-eks"), type: EKS, diffs: ["vpcConfig"] }],
                violations: [],
                errors: [
                    {
                        message: "reading IAM Role (prod-eks-nodes): AccessDenied",
                        urn: urn("aws:iam/role:Role", "prod-eks-nodes"),
                    },
                ],
            };
            const engine = new FakeEngine({
                previewRefresh: () => {
                    throw new OperationFailed("no changes were expected but changes occurred", partial);
                },
            });
            const { code, stderr, summary } = await run("drift", engine);
            assert.strictEqual(code, EXIT.failed);
            assert.match(
                summary,
                /refresh incomplete: could not read 1 resource\(s\); 1 resource\(s\) drifted among the rest/,
            );
            assert.match(summary, /\| prod-eks-nodes \| reading IAM Role \(prod-eks-nodes\): AccessDenied \|/);
            assert.match(summary, /\| prod-eks-eks \| aws:eks\/cluster:Cluster \| refresh \| vpcConfig \|/);
            assert.match(stderr, /^error: refresh incomplete/m);
        });

        it("decides drift, failure and partial failure by what the refresh reported", () => {
            const expectNop = "no changes were expected but changes occurred";
            assert.strictEqual(driftVerdict(2, 0, expectNop).code, EXIT.drift);
            assert.strictEqual(
                driftVerdict(2, 0, "no changes were expected but changes were proposed").code,
                EXIT.drift,
            );
            assert.strictEqual(driftVerdict(2, 0, "creating provider: AccessDenied").code, EXIT.failed);
            assert.strictEqual(driftVerdict(0, 1, "refresh failed").code, EXIT.failed);
            assert.strictEqual(driftVerdict(0, 0, undefined).code, EXIT.ok);
            assert.strictEqual(driftVerdict(0, 0, "could not find default credentials").code, EXIT.failed);
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
            assert.match(
                summary,
                /\| prod-eks \| 2\/5 \| 100% \| 12\/15 \| FAIL \|/,
                "healthy Applications do not outweigh missing Argo CD workloads",
            );
            assert.match(summary, /\| prod-gke \|/);
        });

        it("verify fails without Argo CD's workloads even at threshold 0 (a gate), passes once they run", async () => {
            const engine = new FakeEngine({}, outputsFor(["prod-eks", "prod-gke"]));
            assert.strictEqual((await run("verify", engine, { threshold: 0 }, withCluster())).code, EXIT.failed);
            await kube.stop();
            kube = new FakeKubeApi([
                ...deployedPlatform(),
                ...["argocd-server", "argocd-repo-server", "argocd-application-controller"].map((name) => ({
                    kind: "Deployment" as const,
                    metadata: { name, namespace: "argocd" },
                    spec: { replicas: 1 },
                    status: { availableReplicas: 1 },
                })),
            ]);
            await kube.start();
            const healthy = new FakeEngine({}, outputsFor(["prod-eks", "prod-gke"]));
            const { code, summary } = await run("verify", healthy, { threshold: 80 }, withCluster());
            assert.strictEqual(code, 0, summary);
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

        it("destroy tears down a cluster removed from the config but still deployed (kubeconfigs output)", async () => {
            const old = new FakeKubeApi(deployedPlatform());
            await old.start();
            try {
                const outputs = outputsFor(["prod-eks", "prod-gke"]);
                (outputs.kubeconfigs.value as Record<string, string>)["prod-old-eks"] = old.kubeconfig();
                const engine = new FakeEngine({}, outputs);
                const { code, stdout, summary } = await run("destroy", engine, { yes: true }, withCluster());
                assert.strictEqual(code, 0, summary);
                assert.match(stdout, /prod-old-eks: not in the stack's config any more but still deployed/);
                assert.match(summary, /\| prod-old-eks \| clean \|/);
                assert.ok(old.deletions().includes("applications/root"), "its GitOps teardown ran");
                assert.ok(
                    old.list("Application").length === 0,
                    "nothing Argo CD managed is left on the removed cluster",
                );
            } finally {
                await old.stop();
            }
        });

        it("destroy stops before touching any workload when pulumi destroy would refuse (protect, deletion protection)", async () => {
            const engine = new FakeEngine({}, outputsFor(["prod-eks", "prod-gke"]));
            const resource = (type: string, name: string, extra: Partial<DeployedResource>): DeployedResource => ({
                urn: urn(type, name),
                type,
                protect: false,
                retainOnDelete: false,
                outputs: {},
                ...extra,
            });
            engine.deployed = [
                resource("gcp:container/cluster:Cluster", "prod-gke-gke", { outputs: { deletionProtection: true } }),
                resource(EKS, "prod-eks-eks", { outputs: { deletionProtection: false } }),
                resource("aws:kms/key:Key", "prod-eks-secrets-key", { protect: true }),
                resource("github:index/repository:Repository", "gitops-repository", { retainOnDelete: true }),
            ];
            const { code, stderr, summary } = await run("destroy", engine, { yes: true }, withCluster());
            assert.strictEqual(code, EXIT.refused);
            assert.match(stderr, /pulumi destroy would stop at 2 resource\(s\)/);
            assert.match(summary, /prod-gke-gke \(gcp:container\/cluster:Cluster\) has deletion protection on/);
            assert.match(summary, /prod-eks-secrets-key \(aws:kms\/key:Key\) is protected/);
            assert.doesNotMatch(summary, /gitops-repository/, "retainOnDelete is no obstacle");
            assert.deepStrictEqual(engine.calls, [], "no outputs read, no destroy");
            assert.deepStrictEqual(kube.deletions(), [], "no workload touched");
            assert.deepStrictEqual(
                kube.requests.filter((r) => !r.startsWith("GET ")),
                [],
                "not even a patch",
            );

            engine.deployed = [engine.deployed[3]];
            assert.strictEqual((await run("destroy", engine, { yes: true }, withCluster())).code, 0);
        });

        it("destroy --teardown-only runs the GitOps teardown and stops before pulumi destroy", async () => {
            const engine = new FakeEngine({}, outputsFor(["prod-eks", "prod-gke"]));
            const { code, stdout } = await run("destroy", engine, { yes: true, teardownOnly: true }, withCluster());
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(engine.calls, ["outputs"], "no pulumi destroy");
            assert.ok(kube.deletions().includes("applications/root"));
            assert.match(stdout, /not running `pulumi destroy` \(--teardown-only\)/);
        });

        it("destroy of a production stack needs --yes", async () => {
            const engine = new FakeEngine({}, outputsFor(["prod-eks", "prod-gke"]));
            const { code } = await run("destroy", engine, {}, withCluster());
            assert.strictEqual(code, EXIT.refused);
            assert.deepStrictEqual(engine.calls, []);
            assert.deepStrictEqual(kube.deletions(), []);
        });
    });
});
