import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_NAME } from "../../config/load";
import { readStackFile } from "../../config/stackFile";
import { RenderResult, RenderedResource, renderProgram } from "../../render/engine";
import { PolicyReport, checkPolicies, countByLevel, formatReport } from "../../render/policyCheck";
import { ROOT, TEST_DEPLOYER_ROLE, awsCluster, baseConfig, renderConfig, runScript } from "../helpers";

const INSECURE = path.join(ROOT, "test", "fixtures", "Pulumi.insecure.yaml");

async function checkStackFile(stack: string, file = path.join(ROOT, `Pulumi.${stack}.yaml`)): Promise<PolicyReport> {
    const stackConfig = readStackFile(file, PROJECT_NAME);
    const result = await renderProgram(stack, stackConfig, { revealSecrets: true });
    const clusterNames = JSON.parse(stackConfig.config[`${PROJECT_NAME}:clusters`]).map(
        (c: { name: string }) => c.name,
    );
    return checkPolicies(result, { project: PROJECT_NAME, clusterNames });
}

const policyNames = (report: PolicyReport) => [...new Set(report.violations.map((v) => v.policy))].sort();

function syntheticRender(resources: Partial<RenderedResource>[]): RenderResult {
    return {
        stack: "prod",
        outputs: {},
        options: {},
        resources: resources.map((r) => ({
            type: "",
            name: "",
            parent: null,
            dependsOn: [],
            dependencies: [],
            propertyDependencies: {},
            provider: null,
            inputs: {},
            ...r,
        })),
    };
}

describe("offline policy check (npm run policy)", () => {
    for (const stack of ["dev", "dev-gke", "prod", "local"]) {
        it(`finds no violation in the ${stack} stack`, async () => {
            const report = await checkStackFile(stack);
            assert.deepStrictEqual(report.violations, []);
            assert.ok(report.resources > 10);
        });
    }

    it("trips exactly the expected policies, all mandatory, on the insecure fixture as a production stack", async () => {
        const report = await checkStackFile("prod", INSECURE);
        assert.deepStrictEqual(policyNames(report), [
            "argocd-high-availability",
            "argocd-sso-in-production",
            "eks-deletion-protection",
            "eks-endpoint-restricted",
            "eks-nat-gateway-per-zone",
            "gke-authorized-networks",
            "gke-deletion-protection",
        ]);
        assert.ok(report.violations.every((v) => v.level === "mandatory"));
        const endpoint = report.violations.find((v) => v.policy === "eks-endpoint-restricted")!;
        assert.deepStrictEqual(endpoint.resource, { name: "open-eks-eks", type: "aws:eks/cluster:Cluster" });
        assert.strictEqual(endpoint.cluster, "open-eks");
    });

    it("reports the insecure fixture as advisory on a development stack, without the production-only rules", async () => {
        const report = await checkStackFile("dev", INSECURE);
        assert.deepStrictEqual(policyNames(report), ["eks-endpoint-restricted", "gke-authorized-networks"]);
        assert.deepStrictEqual(countByLevel(report), { mandatory: 0, advisory: report.violations.length });
    });

    // Argo CD's self-management now composes layered values files in Git (valueFiles), which no single resource
    // holds; test/components/gitops/layering.test.ts proves they compose to the Release's values checked here.
    it("checks the Argo CD that Pulumi installs, whose values the committed layers compose to", async () => {
        const rendered = await renderConfig(
            {
                ...baseConfig(),
                "gitops-platform:environment": "prod",
                "gitops-platform:clusters": [awsCluster({ name: "prod-eks", region: "eu-west-1" })],
                "gitops-platform:argocd": { ha: false },
                "gitops-platform:gitops": { owner: "acme", name: "platform-gitops", seed: true },
            },
            "prod",
        );
        const report = await checkPolicies(rendered.result, { project: PROJECT_NAME, clusterNames: ["prod-eks"] });
        const sources = report.violations
            .filter((v) => v.policy === "argocd-high-availability")
            .map((v) => v.resource?.type);
        assert.deepStrictEqual([...new Set(sources)].sort(), ["kubernetes:helm.sh/v3:Release"]);
    });

    it("never prints a secret value from config", async () => {
        const sentinels = { ssoClientSecret: "SENTINEL-SSO-0a1b2c", slackToken: "SENTINEL-SLACK-3d4e5f" };
        const rendered = await renderConfig(
            {
                ...baseConfig(),
                "gitops-platform:argocd": {
                    domain: "platform.example.com",
                    ingress: { className: "nginx" },
                    sso: { provider: "oidc", issuer: "https://id.example.com", clientId: "argocd" },
                    notifications: { slack: { channel: "platform" } },
                },
            },
            "prod",
            sentinels,
        );
        const report = await checkPolicies(rendered.result, { project: PROJECT_NAME, clusterNames: ["dev-eks"] });
        const text = formatReport(report).join("\n") + JSON.stringify(report);
        for (const value of Object.values(sentinels)) assert.ok(!text.includes(value), `${value} leaked`);
    });

    it("fails a policy that meets a value unknown at preview on a production stack", async () => {
        const result = syntheticRender([
            {
                type: "github:index/repositoryDeployKey:RepositoryDeployKey",
                name: "key",
                inputs: { readOnly: "[unknown]" },
            },
        ]);
        const report = await checkPolicies(result, { project: PROJECT_NAME, clusterNames: [] });
        assert.deepStrictEqual(
            report.violations.map((v) => [v.policy, v.level]),
            [["github-deploy-key-read-only", "mandatory"]],
        );
        assert.match(report.violations[0].message, /cannot be checked during preview/);
    });

    it("links a node group to its subnets by the IDs the mocks give, for the stack policy", async () => {
        const result = syntheticRender([
            { type: "aws:ec2/subnet:Subnet", name: "c-public-0", inputs: { tags: { "kubernetes.io/role/elb": "1" } } },
            { type: "aws:eks/nodeGroup:NodeGroup", name: "c-system", inputs: { subnetIds: ["c-public-0-id"] } },
        ]);
        const report = await checkPolicies(result, { project: PROJECT_NAME, clusterNames: ["c"] });
        const found = report.violations.filter((v) => v.policy === "eks-nodes-private-subnets");
        assert.strictEqual(found.length, 1);
        assert.deepStrictEqual(found[0].resource, { name: "c-system", type: "aws:eks/nodeGroup:NodeGroup" });
        assert.strictEqual(found[0].cluster, "c");
    });

    it("honours a pack config that disables a policy or lowers it to advisory", async () => {
        const stackConfig = readStackFile(INSECURE, PROJECT_NAME);
        const result = await renderProgram("prod", stackConfig, { revealSecrets: true });
        const report = await checkPolicies(result, {
            project: PROJECT_NAME,
            clusterNames: ["open-eks", "open-gke"],
            packConfig: { "argocd-high-availability": "disabled", "eks-endpoint-restricted": "advisory" },
        });
        assert.ok(!policyNames(report).includes("argocd-high-availability"));
        const lowered = report.violations.filter((v) => v.policy === "eks-endpoint-restricted");
        assert.ok(lowered.length > 0 && lowered.every((v) => v.level === "advisory"));
    });

    describe("command line", function () {
        this.timeout(120_000);
        const policy = (...args: string[]) => runScript("render/policyCli.ts", ...args);

        it("exits 1 on a mandatory violation and prints it by cluster and resource, with its fix", () => {
            const { code, stdout } = policy("--stack", "prod", "--config", INSECURE);
            assert.strictEqual(code, 1);
            assert.match(stdout, /^policy check of stack prod: \d+ mandatory, 0 advisory/m);
            assert.match(
                stdout,
                /\nopen-eks\n {2}aws:eks\/cluster:Cluster open-eks-eks\n {4}\[mandatory, critical\] eks-endpoint-restricted: .*\n {6}- The endpoint is public to more than your networks: 0\.0\.0\.0\/0 is broader than a \/16 \(the whole internet\)\.\n {6}fix: /,
            );
        });

        it("treats a stack whose config says environment prod as production, whatever its name", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-prod-"));
            const file = path.join(dir, "Pulumi.live.yaml");
            const insecure = fs.readFileSync(INSECURE, "utf8").replace("environment: dev", "environment: prod");
            // A production config the schema accepts: endpoints restricted to the deployer, the deployer's role
            // owning the access entry, but Argo CD without HA.
            const restricted = insecure
                .replace(
                    /endpointPublicAccessCidrs: \[0\.0\.0\.0\/0\]/g,
                    "endpointPublicAccessCidrs: [198.51.100.0/28]",
                )
                .replace(
                    "cloud: aws",
                    `cloud: aws\n      deployerRoleArn: ${TEST_DEPLOYER_ROLE}\n      route53ZoneIds: [Z0123456789ABC]`,
                )
                .replace("cloud: gcp", "cloud: gcp\n      cloudDnsZones: [platform-example-com]");
            fs.writeFileSync(file, restricted);
            const { code, stdout } = policy("--stack", "live", "--config", file);
            assert.strictEqual(code, 1, stdout);
            assert.match(stdout, /\[mandatory, medium\] argocd-high-availability/);
        });

        it("exits 0 when only advisory violations remain", () => {
            const { code, stdout } = policy("--stack", "dev", "--config", INSECURE);
            assert.strictEqual(code, 0, stdout);
            assert.match(stdout, /: 0 mandatory, [1-9]\d* advisory/);
        });

        it("reads a pack config file given with --policy-config", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
            const file = path.join(dir, "config.json");
            const tripped = [
                "argocd-high-availability",
                "argocd-sso-in-production",
                "eks-deletion-protection",
                "eks-endpoint-restricted",
                "eks-nat-gateway-per-zone",
                "gke-authorized-networks",
                "gke-deletion-protection",
            ];
            const config = Object.fromEntries(tripped.map((p) => [p, "advisory"]));
            fs.writeFileSync(file, JSON.stringify(config));
            const { code, stdout } = policy("--stack", "prod", "--config", INSECURE, "--policy-config", file);
            assert.strictEqual(code, 0, stdout);
        });

        it("exits 3 (invalid config) with the config problem on invalid config", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-bad-"));
            const file = path.join(dir, "Pulumi.bad.yaml");
            fs.writeFileSync(file, "config:\n  gitops-platform:environment: qa\n");
            const { code, stderr } = policy("--stack", "bad", "--config", file);
            assert.strictEqual(code, 3);
            assert.match(stderr, /gitops-platform:environment/);
            assert.doesNotMatch(stderr, /\n\s+at /);
        });

        it("explains its usage without --stack", () => {
            const { code, stderr } = policy();
            assert.strictEqual(code, 2);
            assert.match(stderr, /--stack <name> is required/);
        });
    });
});
