import { strict as assert } from "assert";
import { Rendered, awsCluster, baseConfig, renderConfig } from "../../helpers";

describe("cluster components", () => {
    let rendered: Rendered;
    before(async () => {
        rendered = await renderConfig({
            ...baseConfig(),
            "gitops-platform:environment": "staging",
            "gitops-platform:clusters": [
                awsCluster({ name: "eu-eks", region: "eu-west-1" }),
                awsCluster({ name: "us-eks", region: "us-east-2" }),
                { name: "eu-gke", cloud: "gcp", project: "acme-platform", region: "europe-west1" },
                {
                    name: "lab",
                    cloud: "existing",
                    context: "kind-lab",
                    kubeconfig: "/etc/kube/lab.yaml",
                    region: "home",
                },
            ],
        });
    });

    it("builds one component per cluster, named after it, by cloud", () => {
        assert.deepEqual(
            rendered.resources
                .filter((r) => r.parent === null && r.type.startsWith("gitops-platform:cluster:"))
                .map((r) => [r.type, r.name]),
            [
                ["gitops-platform:cluster:EksCluster", "eu-eks"],
                ["gitops-platform:cluster:EksCluster", "us-eks"],
                ["gitops-platform:cluster:GkeCluster", "eu-gke"],
                ["gitops-platform:cluster:ExistingCluster", "lab"],
            ],
        );
    });

    it("gives each EKS cluster its own AWS provider for its region, tagging what it creates", () => {
        for (const [cluster, region] of [
            ["eu-eks", "eu-west-1"],
            ["us-eks", "us-east-2"],
        ]) {
            const provider = rendered.named(`${cluster}-aws`);
            assert.equal(provider.type, "pulumi:providers:aws");
            assert.equal(provider.parent, cluster);
            assert.equal(provider.inputs.region, region);
            const tags = JSON.parse(provider.inputs.defaultTags as string).tags;
            assert.deepEqual(tags, {
                "managed-by": "pulumi",
                project: "gitops-platform",
                stack: "test",
                environment: "staging",
                cluster,
            });
        }
    });

    it("gives each GKE cluster its own Google Cloud provider for its project and region", () => {
        const provider = rendered.named("eu-gke-gcp");
        assert.equal(provider.type, "pulumi:providers:gcp");
        assert.equal(provider.parent, "eu-gke");
        assert.equal(provider.inputs.project, "acme-platform");
        assert.equal(provider.inputs.region, "europe-west1");
        assert.equal(JSON.parse(provider.inputs.defaultLabels as string).cluster, "eu-gke");
    });

    it("reaches an existing cluster through its kubeconfig context", () => {
        const provider = rendered.named("lab-k8s");
        assert.equal(provider.type, "pulumi:providers:kubernetes");
        assert.equal(provider.parent, "lab");
        assert.equal(provider.inputs.context, "kind-lab");
        assert.equal(provider.inputs.kubeconfig, "/etc/kube/lab.yaml");
    });

    it("exports plain facts about every cluster", () => {
        assert.deepEqual(rendered.result.outputs.clusters, {
            "eu-eks": { cloud: "aws", region: "eu-west-1", kubernetesVersion: "1.35" },
            "us-eks": { cloud: "aws", region: "us-east-2", kubernetesVersion: "1.35" },
            "eu-gke": { cloud: "gcp", region: "europe-west1", kubernetesVersion: "1.35" },
            lab: { cloud: "existing", region: "home", kubernetesVersion: null },
        });
        assert.equal(rendered.result.outputs.environment, "staging");
    });

    it("fails the run with the config problems when the config is invalid", async () => {
        await assert.rejects(
            renderConfig({ ...baseConfig(), "gitops-platform:environment": "qa" }),
            (error: Error) => error.name === "InvalidConfigError" && /gitops-platform:environment/.test(error.message),
        );
    });
});
