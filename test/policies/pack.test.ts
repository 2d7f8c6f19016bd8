import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ALL_POLICIES } from "../../policies/policies";
import { secureCluster, secureNodeConfig, securePool } from "../../policies/gke/fixtures";
import { TYPES } from "../../policies/lib/types";
import { UNKNOWN } from "../../policies/lib/unknowns";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../../policies/lib/kubernetesReleases";
import { ROOT } from "../helpers";

/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's generated gRPC code has no ES exports */
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const LEVEL = ["advisory", "mandatory", "disabled", "remediate"];
const SEVERITY = ["unspecified", "low", "medium", "high", "critical"];

interface Diagnostic {
    policy: string;
    level: string;
    message: string;
}

/**
 * Starts the pack the way the Pulumi CLI does (`run-policy-pack <engine> <pack dir>`) and talks to it over gRPC
 * as the engine would. This is the closest check of `pulumi preview --policy-pack policies` without the CLI:
 * the pack loads with its installed dependencies, registers every policy, and reports the levels we intend.
 */
describe("policy pack served by @pulumi/policy (as the engine runs it)", function () {
    this.timeout(120_000);
    let pack: ChildProcess;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let client: any;

    const call = <T>(method: string, request: unknown): Promise<T> =>
        new Promise((resolve, reject) =>
            client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))),
        );

    async function analyze(type: string, props: Record<string, unknown>, stack: string): Promise<Diagnostic[]> {
        const request = new analyzerProto.AnalyzeRequest();
        request.setType(type);
        request.setName("under-test");
        request.setUrn(`urn:pulumi:${stack}::gitops-platform::${type}::under-test`);
        request.setProperties(Struct.fromJavaScript(props as Record<string, never>));
        request.setOptions(new analyzerProto.AnalyzerResourceOptions());
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const response: any = await call("analyze", request);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        return response.getDiagnosticsList().map((d: any) => ({
            policy: d.getPolicyname(),
            level: LEVEL[d.getEnforcementlevel()],
            message: d.getMessage(),
        }));
    }

    /** Sends a pack config as the engine does for `--policy-pack-config` (a level alone, or a level and keys). */
    async function configure(config: Record<string, string | { enforcementLevel: string; [key: string]: unknown }>) {
        const request = new analyzerProto.ConfigureAnalyzerRequest();
        for (const [name, entry] of Object.entries(config)) {
            const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
            const policyConfig = new analyzerProto.PolicyConfig();
            policyConfig.setEnforcementlevel(LEVEL.indexOf(enforcementLevel));
            policyConfig.setProperties(Struct.fromJavaScript(properties as Record<string, never>));
            request.getPolicyconfigMap().set(name, policyConfig);
        }
        await call("configure", request);
    }

    before(async () => {
        pack = spawn(
            process.execPath,
            [require.resolve("@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", path.join(ROOT, "policies")],
            { cwd: path.join(ROOT, "policies"), stdio: ["ignore", "pipe", "pipe"] },
        );
        let stderr = "";
        pack.stderr!.on("data", (chunk) => (stderr += chunk));
        const port = await new Promise<string>((resolve, reject) => {
            pack.stdout!.once("data", (chunk) => resolve(String(chunk).trim()));
            pack.once("exit", (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
        });
        assert.match(port, /^\d+$/, `the pack should print its port, printed ${port}`);
        client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        pack?.kill();
    });

    it("registers every policy by name, mandatory, with its config schema", async () => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const info: any = await call("getAnalyzerInfo", new Empty());
        assert.strictEqual(info.getName(), "gitops-platform");
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const policies = info.getPoliciesList().map((p: any) => ({
            name: p.getName(),
            level: LEVEL[p.getEnforcementlevel()],
            severity: SEVERITY[p.getSeverity()],
            config: Object.keys(p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}),
        }));
        assert.deepStrictEqual(
            policies.map((p: { name: string }) => p.name),
            ALL_POLICIES.map((p) => p.name),
        );
        for (const policy of policies) {
            assert.strictEqual(policy.level, "mandatory", policy.name);
            assert.strictEqual(
                policy.severity,
                ALL_POLICIES.find((p) => p.name === policy.name)?.severity,
                policy.name,
            );
            assert.ok(policy.config.includes("productionStacks"), policy.name);
        }
    });

    it("reports a violation as mandatory on a production stack and advisory elsewhere", async () => {
        const openCluster = { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } };
        const onProd = await analyze("aws:eks/cluster:Cluster", openCluster, "prod");
        const onDev = await analyze("aws:eks/cluster:Cluster", openCluster, "dev");
        const endpoint = (ds: Diagnostic[]) => ds.find((d) => d.policy === "eks-endpoint-restricted");
        assert.strictEqual(endpoint(onProd)?.level, "mandatory");
        assert.strictEqual(endpoint(onDev)?.level, "advisory");
        assert.match(endpoint(onDev)!.message, /0\.0\.0\.0\/0/);
    });

    it("keeps an always-mandatory policy mandatory on a development stack", async () => {
        const webhook = { configuration: { url: "https://argocd.example.com/api/webhook", insecureSsl: true } };
        const diagnostics = await analyze("github:index/repositoryWebhook:RepositoryWebhook", webhook, "dev");
        assert.deepStrictEqual(
            diagnostics.map((d) => [d.policy, d.level]),
            [
                ["github-webhook-secure", "mandatory"],
                ["github-webhook-secure", "mandatory"],
            ],
        );
    });

    it("fails a rule it cannot check at preview on a production stack, and only advises elsewhere", async () => {
        const key = { readOnly: UNKNOWN };
        const onProd = await analyze(TYPES.deployKey, key, "prod");
        const onDev = await analyze(TYPES.deployKey, key, "dev");
        assert.deepStrictEqual(
            [...onProd, ...onDev].map((d) => [d.policy, d.level]),
            [
                ["github-deploy-key-read-only", "mandatory"],
                ["github-deploy-key-read-only", "advisory"],
            ],
        );
        assert.match(onProd[0].message, /`readOnly` is not known until deployment/);
    });

    describe("at a first preview, where outputs of other resources are unknown", () => {
        // Inputs as the engine sends them before anything exists: IDs, ARNs, emails and generated secrets unknown.
        const firstPreview: [string, Record<string, unknown>][] = [
            [
                TYPES.eksCluster,
                {
                    name: "prod-eks",
                    roleArn: UNKNOWN,
                    // The pack judges standard support on today's date: take the newest version it accepts.
                    version: SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.length - 1],
                    upgradePolicy: { supportType: "STANDARD" },
                    vpcConfig: { subnetIds: [UNKNOWN, UNKNOWN], endpointPublicAccess: false },
                    encryptionConfig: { resources: ["secrets"], provider: { keyArn: UNKNOWN } },
                    enabledClusterLogTypes: ["api", "audit", "authenticator"],
                    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
                    deletionProtection: true,
                },
            ],
            [
                TYPES.gkeCluster,
                {
                    ...secureCluster,
                    network: UNKNOWN,
                    databaseEncryption: { state: "ENCRYPTED", keyName: UNKNOWN },
                    nodeConfig: { ...secureNodeConfig, serviceAccount: UNKNOWN },
                },
            ],
            [
                TYPES.gkeNodePool,
                { ...securePool, cluster: UNKNOWN, nodeConfig: { ...secureNodeConfig, serviceAccount: UNKNOWN } },
            ],
            [
                TYPES.webhook,
                {
                    repository: UNKNOWN,
                    events: ["push"],
                    configuration: {
                        url: "https://argocd.prod-eks.example.com/api/webhook",
                        secret: UNKNOWN,
                        insecureSsl: false,
                    },
                },
            ],
        ];
        for (const [type, props] of firstPreview) {
            it(`passes a secure ${type} with nothing to say`, async () => {
                const diagnostics = await analyze(type, props, "prod");
                assert.deepStrictEqual(diagnostics, []);
            });
        }

        it("still reports the known insecureSsl of a webhook whose secret is unknown, as mandatory", async () => {
            const [, webhook] = firstPreview[3];
            const insecure = { ...webhook, configuration: { ...(webhook.configuration as object), insecureSsl: true } };
            const diagnostics = await analyze(TYPES.webhook, insecure, "dev");
            assert.deepStrictEqual(
                diagnostics.map((d) => [d.policy, d.level]),
                [["github-webhook-secure", "mandatory"]],
            );
            assert.match(diagnostics[0].message, /insecureSsl` is on/);
        });

        it("still finds a missing key when another input is unknown", async () => {
            const [, cluster] = firstPreview[0];
            // eslint-disable-next-line @typescript-eslint/no-unused-vars
            const { encryptionConfig, ...unencrypted } = cluster;
            const diagnostics = await analyze(TYPES.eksCluster, unencrypted, "prod");
            assert.deepStrictEqual(
                diagnostics.map((d) => [d.policy, d.level]),
                [["eks-secrets-encryption", "mandatory"]],
            );
        });
    });

    it("reads productionStacks from the pack config", async () => {
        await configure({ "eks-endpoint-restricted": { enforcementLevel: "mandatory", productionStacks: ["live"] } });
        const openCluster = { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } };
        const level = async (stack: string) =>
            (await analyze("aws:eks/cluster:Cluster", openCluster, stack)).find(
                (d) => d.policy === "eks-endpoint-restricted",
            )?.level;
        assert.strictEqual(await level("live"), "mandatory");
        assert.strictEqual(await level("prod"), "advisory");
    });

    it("keeps always-mandatory policies mandatory whatever the pack config says, and honours it for the others", async () => {
        await configure({
            "github-webhook-secure": "disabled",
            "argocd-no-literal-secrets": "advisory",
            "eks-endpoint-restricted": "disabled",
        });
        try {
            const webhook = { configuration: { url: "https://argocd.example.com/api/webhook", insecureSsl: true } };
            const hook = await analyze(TYPES.webhook, webhook, "dev");
            assert.deepStrictEqual(
                hook.map((d) => [d.policy, d.level]),
                [
                    ["github-webhook-secure", "mandatory"],
                    ["github-webhook-secure", "mandatory"],
                ],
            );
            const literal = { chart: "argo-cd", values: { configs: { secret: { githubSecret: "plain" } } } };
            const secrets = (await analyze(TYPES.helmRelease, literal, "dev")).filter(
                (d) => d.policy === "argocd-no-literal-secrets",
            );
            assert.deepStrictEqual(
                secrets.map((d) => d.level),
                ["mandatory"],
            );
            const openCluster = { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } };
            const cluster = await analyze(TYPES.eksCluster, openCluster, "prod");
            assert.ok(!cluster.some((d) => d.policy === "eks-endpoint-restricted"), "a normal policy can be disabled");
        } finally {
            await configure({});
        }
    });
});
