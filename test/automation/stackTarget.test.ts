import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { kubeConfigFor } from "../../automation/kube";
import { clusterOfUrn, readStackTarget } from "../../automation/stackTarget";
import { ROOT, prodStackFileWithSecrets } from "../helpers";

describe("stack target", () => {
    it("refuses the repository's prod stack file, which holds no secrets, naming each missing one", () => {
        assert.throws(
            () => readStackTarget("prod", ROOT),
            (error: Error) =>
                ["ssoClientSecret", "slackToken", "teamsWebhookUrl"].every((key) =>
                    error.message.includes(`gitops-platform:${key}: missing (secret not set)`),
                ) && error.message.includes("pulumi config set --secret gitops-platform:ssoClientSecret"),
        );
    });

    it("reads the prod stack as production with its clusters", () => {
        assert.deepStrictEqual(readStackTarget("prod", ROOT, prodStackFileWithSecrets()), {
            stack: "prod",
            production: true,
            clusters: [
                { name: "prod-eks", cloud: "aws" },
                { name: "prod-gke", cloud: "gcp" },
            ],
        });
    });

    it("reads dev as not production, and an existing cluster with its context", () => {
        assert.strictEqual(readStackTarget("dev", ROOT).production, false);
        const local = readStackTarget("local", ROOT).clusters[0];
        assert.strictEqual(local.cloud, "existing");
        assert.ok(local.context);
    });

    it("places a resource in its cluster by the longest matching name", () => {
        const clusters = ["prod", "prod-eks"];
        assert.strictEqual(clusterOfUrn("urn:pulumi:s::p::t::prod-eks-argocd-release", clusters), "prod-eks");
        assert.strictEqual(clusterOfUrn("urn:pulumi:s::p::t::prod-vpc", clusters), "prod");
        assert.strictEqual(clusterOfUrn("urn:pulumi:s::p::t::gitops-repository", clusters), "(shared)");
    });

    it("reaches an existing cluster through the named context of its kubeconfig file", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kubeconfig-")), "config");
        const cluster = (name: string, server: string) => ({ name, cluster: { server } });
        fs.writeFileSync(
            file,
            JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [cluster("a", "https://a.example.com"), cluster("b", "https://b.example.com")],
                contexts: [
                    { name: "a", context: { cluster: "a", user: "u" } },
                    { name: "b", context: { cluster: "b", user: "u" } },
                ],
                users: [{ name: "u", user: { token: "t" } }],
                "current-context": "a",
            }),
        );
        const config = kubeConfigFor({ name: "local", cloud: "existing", context: "b", kubeconfigFile: file }, {});
        assert.strictEqual(config.getCurrentCluster()?.server, "https://b.example.com");
    });

    it("refuses a built cluster without a kubeconfig output", () => {
        assert.throws(
            () => kubeConfigFor({ name: "prod-eks", cloud: "aws" }, {}),
            /no kubeconfig output for cluster prod-eks/,
        );
    });
});
