import * as assert from "assert";
import * as path from "path";
import { CommandError, ConcurrentUpdateError, StackNotFoundError } from "@pulumi/pulumi/automation";
import { OperationFailed, PROJECT_DIR, PulumiStackEngine } from "../../automation/engine";
import { explainFailure } from "../../automation/errors";
import { FakePulumiCli } from "./fakePulumiCli";

const urn = (name: string) => `urn:pulumi:dev::gitops-platform::aws:eks/cluster:Cluster::${name}`;
const step = (op: string, name: string, diffs?: string[]) => ({
    op,
    urn: urn(name),
    type: "aws:eks/cluster:Cluster",
    provider: "",
    ...(diffs ? { diffs } : {}),
});
const event = (sequence: number, body: object) => ({ sequence, timestamp: 0, ...body });
const policyEvent = (level: "warning" | "mandatory") => ({
    policyEvent: {
        resourceUrn: urn("dev-eks-eks"),
        message: "The endpoint is public to 0.0.0.0/0.",
        color: "never",
        policyName: "eks-endpoint-restricted",
        policyPackName: "gitops-platform",
        policyPackVersion: "0.1.0",
        policyPackVersionTag: "0.1.0",
        enforcementLevel: level,
    },
});

/**
 * The real `PulumiStackEngine` and the real Automation API, driving a fake `pulumi` executable: checks the
 * arguments the runner makes the CLI run and how it reads the engine's events and outputs.
 */
describe("PulumiStackEngine through the Automation API (fake pulumi CLI)", function () {
    this.timeout(60_000);
    let cli: FakePulumiCli;
    afterEach(() => cli.uninstall());

    function withCli(scenario: ConstructorParameters<typeof FakePulumiCli>[0]) {
        cli = new FakePulumiCli(scenario);
        cli.install();
    }
    const operationCall = (op: string) => cli.calls().find((c) => c.args[0] === op)!;

    it("previews with the policy pack and its config, collecting steps and policy events", async () => {
        withCli({
            stacks: ["dev"],
            operations: {
                preview: {
                    events: [
                        event(1, { resourcePreEvent: { metadata: step("create", "dev-eks-eks") } }),
                        event(2, policyEvent("warning")),
                        event(3, { summaryEvent: { resourceChanges: { create: 1 } } }),
                    ],
                    stdout: "Previewing update (dev)\n",
                },
            },
        });
        const engine = await PulumiStackEngine.open("dev", { create: false });
        let output = "";
        const report = await engine.preview({
            policyPacks: [path.join(PROJECT_DIR, "policies")],
            policyPackConfigs: ["/tmp/policy-config.json"],
            onOutput: (text) => (output += text),
        });
        assert.deepStrictEqual(report.changes, [
            { op: "create", urn: urn("dev-eks-eks"), type: "aws:eks/cluster:Cluster", diffs: [] },
        ]);
        assert.deepStrictEqual(report.violations, [
            {
                policy: "eks-endpoint-restricted",
                level: "advisory",
                message: "The endpoint is public to 0.0.0.0/0.",
                urn: urn("dev-eks-eks"),
            },
        ]);
        assert.match(output, /Previewing update/);
        const call = operationCall("preview");
        assert.strictEqual(call.args[call.args.indexOf("--policy-pack") + 1], path.join(PROJECT_DIR, "policies"));
        assert.strictEqual(call.args[call.args.indexOf("--policy-pack-config") + 1], "/tmp/policy-config.json");
        assert.strictEqual(call.args[call.args.indexOf("--stack") + 1], "dev");
        assert.strictEqual(call.transpileOnly, "true");
        assert.ok(call.args.includes("--suppress-outputs"), "outputs (account IDs, ARNs) only when asked");
    });

    it("fails with what the engine reported when a mandatory policy stops the preview", async () => {
        withCli({
            stacks: ["prod"],
            operations: {
                preview: {
                    events: [event(1, policyEvent("mandatory"))],
                    stderr: "error: preview failed\n",
                    exitCode: 255,
                },
            },
        });
        const engine = await PulumiStackEngine.open("prod", { create: false });
        const failure = await engine
            .preview({ policyPacks: [], policyPackConfigs: [], onOutput: () => undefined })
            .then(
                () => assert.fail("the preview should fail"),
                (error: unknown) => error,
            );
        assert.ok(failure instanceof OperationFailed);
        assert.deepStrictEqual(
            failure.report.violations.map((v) => [v.policy, v.level]),
            [["eks-endpoint-restricted", "mandatory"]],
        );
        assert.match(failure.message, /preview failed/);
    });

    it("streams the CLI's stderr and fails with the engine's own error line, not the dump's `stdout:`", async () => {
        const decrypt =
            "error: failed to decrypt encrypted configuration value 'gitops-platform:ssoClientSecret': cipher: message authentication failed";
        withCli({
            stacks: ["prod"],
            operations: {
                preview: { events: [], stdout: "Previewing update (prod)\n", stderr: `${decrypt}\n`, exitCode: 255 },
            },
        });
        const engine = await PulumiStackEngine.open("prod", { create: false });
        let stderr = "";
        const failure = await engine
            .preview({
                policyPacks: [],
                policyPackConfigs: [],
                onOutput: () => undefined,
                onError: (t) => (stderr += t),
            })
            .catch((e: unknown) => e);
        assert.ok(failure instanceof OperationFailed);
        assert.strictEqual(stderr, `${decrypt}\n`, "the CLI's stderr is streamed as it comes");
        assert.strictEqual(failure.message, decrypt.replace(/^error: /, ""));
        assert.ok(failure.cause instanceof CommandError, "the Automation API's error is kept as the cause");
        assert.strictEqual(explainFailure(failure), decrypt.replace(/^error: /, ""));
    });

    it("reports the resource's error diagnostic when stderr only says the update failed", async () => {
        withCli({
            stacks: ["prod"],
            operations: {
                up: {
                    events: [
                        event(1, {
                            diagnosticEvent: {
                                urn: urn("prod-eks-eks"),
                                message: "creating EKS Cluster (prod-eks): AccessDeniedException: not authorized\n",
                                color: "never",
                                severity: "error",
                            },
                        }),
                    ],
                    stderr: "error: update failed\n",
                    exitCode: 255,
                },
            },
        });
        const engine = await PulumiStackEngine.open("prod", { create: false });
        const failure = (await engine
            .up({ policyPacks: [], policyPackConfigs: [], onOutput: () => undefined })
            .catch((e: unknown) => e)) as OperationFailed;
        assert.strictEqual(failure.message, "creating EKS Cluster (prod-eks): AccessDeniedException: not authorized");
        assert.deepStrictEqual(failure.report.errors, [
            {
                message: "creating EKS Cluster (prod-eks): AccessDeniedException: not authorized",
                urn: urn("prod-eks-eks"),
            },
        ]);
    });

    it("tells a concurrent update and a missing stack apart by the SDK's error classes", async () => {
        withCli({
            stacks: ["prod"],
            operations: {
                up: {
                    events: [],
                    stderr: "error: [409] Conflict: Another update is currently in progress.\n",
                    exitCode: 255,
                },
            },
        });
        const missing = await PulumiStackEngine.open("nope", { create: false }).catch((e: unknown) => e);
        assert.ok(missing instanceof StackNotFoundError);
        assert.match(explainFailure(missing), /^the stack does not exist in this backend/);
        const engine = await PulumiStackEngine.open("prod", { create: false });
        const failure = (await engine
            .up({ policyPacks: [], policyPackConfigs: [], onOutput: () => undefined })
            .catch((e: unknown) => e)) as OperationFailed;
        assert.ok(failure.cause instanceof ConcurrentUpdateError);
        assert.match(explainFailure(failure), /^another update of this stack is in progress/);
    });

    it("detects drift with a preview-only refresh that expects no changes, keeping each resource's diffs", async () => {
        withCli({
            stacks: ["prod"],
            operations: {
                refresh: {
                    events: [
                        event(1, { resourcePreEvent: { metadata: step("refresh", "prod-eks-eks") } }),
                        event(2, { resOutputsEvent: { metadata: step("refresh", "prod-eks-eks", ["vpcConfig"]) } }),
                    ],
                    stderr: "error: no changes were expected but changes occurred\n",
                    exitCode: 255,
                },
            },
        });
        const engine = await PulumiStackEngine.open("prod", { create: false });
        const failure = (await engine.previewRefresh({ onOutput: () => undefined }).catch((e) => e)) as OperationFailed;
        assert.deepStrictEqual(failure.report.changes, [
            { op: "refresh", urn: urn("prod-eks-eks"), type: "aws:eks/cluster:Cluster", diffs: ["vpcConfig"] },
        ]);
        const args = operationCall("refresh").args;
        assert.ok(args.includes("--preview-only"), args.join(" "));
        assert.ok(args.includes("--expect-no-changes"), args.join(" "));
    });

    it("reads outputs with their secretness", async () => {
        withCli({
            stacks: ["dev"],
            operations: {},
            outputs: {
                masked: { environment: "dev", kubeconfigs: "[secret]" },
                plain: { environment: "dev", kubeconfigs: { "dev-eks": "apiVersion: v1" } },
            },
        });
        const engine = await PulumiStackEngine.open("dev", { create: false });
        assert.deepStrictEqual(await engine.outputs(), {
            environment: { value: "dev", secret: false },
            kubeconfigs: { value: { "dev-eks": "apiVersion: v1" }, secret: true },
        });
    });

    it("reads the stack's own config and its deployed resources (protect, retainOnDelete, outputs)", async () => {
        withCli({
            stacks: ["prod"],
            operations: {},
            config: { prod: { "gitops-platform:environment": { value: "prod", secret: false } } },
            deployment: {
                manifest: {},
                resources: [
                    {
                        urn: urn("prod-eks-eks"),
                        type: "aws:eks/cluster:Cluster",
                        outputs: { deletionProtection: true },
                    },
                    {
                        urn: "urn:pulumi:prod::gitops-platform::github:index/repository:Repository::repo",
                        type: "github:index/repository:Repository",
                        retainOnDelete: true,
                    },
                    {
                        urn: "urn:pulumi:prod::gitops-platform::aws:kms/key:Key::key",
                        type: "aws:kms/key:Key",
                        protect: true,
                    },
                ],
            },
        });
        const engine = await PulumiStackEngine.open("prod", { create: false });
        assert.deepStrictEqual(await engine.config(), {
            "gitops-platform:environment": { value: "prod", secret: false },
        });
        const resources = await engine.resources();
        assert.deepStrictEqual(
            resources.map((r) => [r.type, r.protect, r.retainOnDelete, r.outputs.deletionProtection]),
            [
                ["aws:eks/cluster:Cluster", false, false, true],
                ["github:index/repository:Repository", false, true, undefined],
                ["aws:kms/key:Key", true, false, undefined],
            ],
        );
        const calls = cli.calls().map((c) => c.args.slice(0, 3).join(" "));
        assert.ok(calls.includes("config --show-secrets --json"), calls.join("; "));
        assert.ok(
            calls.some((c) => c.startsWith("stack export")),
            calls.join("; "),
        );
    });

    it("creates a missing stack only when asked to", async () => {
        withCli({ stacks: [], operations: {} });
        await assert.rejects(PulumiStackEngine.open("dev", { create: false }), /no stack named 'dev'/);
        await PulumiStackEngine.open("dev", { create: true });
        assert.deepStrictEqual(
            cli
                .calls()
                .filter((c) => c.args[0] === "stack")
                .map((c) => c.args.slice(0, 3).join(" ")),
            ["stack select --stack", "stack select --stack", "stack init dev"],
        );
    });
});
