import { strict as assert } from "assert";
import * as YAML from "yaml";
import { RenderedResource } from "../../render/engine";
import { HELM_RELEASE_TYPE, renderFiles, resourcesByCluster, summaryLines } from "../../render/files";

const resource = (
    type: string,
    name: string,
    parent: string | null,
    inputs: Record<string, unknown> = {},
): RenderedResource => ({
    type,
    name,
    parent,
    dependsOn: [],
    dependencies: [],
    propertyDependencies: {},
    provider: null,
    inputs,
});

const resources = [
    resource("gitops-platform:cluster:EksCluster", "prod", null),
    resource("pulumi:providers:kubernetes", "prod-k8s", "prod"),
    resource(HELM_RELEASE_TYPE, "prod-argocd", "prod", { name: "argocd", values: { server: { replicas: 2 } } }),
    resource("kubernetes:core/v1:Namespace", "prod-argocd-ns", "prod-argocd", {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "argocd" },
    }),
    resource("gitops-platform:cluster:ExistingCluster", "prod-eu", null),
    resource("pulumi:providers:kubernetes", "prod-eu-k8s", "prod-eu"),
    resource("github:index/repository:Repository", "gitops-repo", null),
];

describe("render files", () => {
    it("writes Helm values by release resource name and Kubernetes objects as manifests", () => {
        const files = renderFiles({ stack: "x", resources, outputs: {}, options: {} });
        assert.deepEqual(
            files.map((f) => f.path),
            ["resources.json", "outputs.json", "helm/prod-argocd.values.yaml", "manifests/prod-argocd-ns.yaml"],
        );
        assert.deepEqual(YAML.parse(files[2].content), { server: { replicas: 2 } });
        assert.deepEqual(YAML.parse(files[3].content), {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: "argocd" },
        });
    });

    it("groups resources by their top-level cluster, preferring the longest matching name", () => {
        const groups = resourcesByCluster(resources, ["prod", "prod-eu"]);
        assert.deepEqual(
            groups.get("prod")!.map((r) => r.name),
            ["prod", "prod-k8s", "prod-argocd", "prod-argocd-ns"],
        );
        assert.deepEqual(
            groups.get("prod-eu")!.map((r) => r.name),
            ["prod-eu", "prod-eu-k8s"],
        );
        assert.deepEqual(
            groups.get("(shared)")!.map((r) => r.name),
            ["gitops-repo"],
        );
    });

    it("terminates when a resource names itself as parent (two resources of one name)", () => {
        const looping = [resource("x:y:Z", "a", null), resource("x:y:W", "a", "a")];
        assert.deepEqual(
            [
                ...resourcesByCluster(looping, ["a"])
                    .get("a")!
                    .map((r) => r.type),
            ],
            ["x:y:Z", "x:y:W"],
        );
    });

    it("summarizes each cluster in one line, resources counted by type", () => {
        assert.deepEqual(summaryLines({ stack: "x", resources, outputs: {}, options: {} }, ["prod", "prod-eu"]), [
            "prod: 4 resources (gitops-platform:cluster:EksCluster 1, kubernetes:core/v1:Namespace 1, kubernetes:helm.sh/v3:Release 1, pulumi:providers:kubernetes 1)",
            "prod-eu: 2 resources (gitops-platform:cluster:ExistingCluster 1, pulumi:providers:kubernetes 1)",
            "(shared): 1 resources (github:index/repository:Repository 1)",
        ]);
    });
});
