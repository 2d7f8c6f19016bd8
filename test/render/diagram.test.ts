import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { OfflineStack, loadOfflineStack, renderOfflineStack } from "../../render/cliSupport";
import { DiagramInput, clusterDiagram, enabledAddons, reduceEdges, stackDiagram } from "../../render/diagram";
import { RenderResult } from "../../render/engine";
import { DIAGRAM_FILE, renderFiles } from "../../render/files";
import { withGeneratedSection } from "../../scripts/generatedSection";
import { RENDER_DIAGRAM_MARKERS, renderDocsDiagram } from "../../scripts/render-docs";
import { ROOT } from "../helpers";

/** Every node reachable from each node, following edges. */
function closure(edges: readonly [string, string][]): Map<string, Set<string>> {
    const out = new Map<string, string[]>();
    for (const [a, b] of edges) out.set(a, [...(out.get(a) ?? []), b]);
    const result = new Map<string, Set<string>>();
    for (const start of new Set(edges.flat())) {
        const seen = new Set<string>();
        const stack = [...(out.get(start) ?? [])];
        while (stack.length) {
            const n = stack.pop()!;
            if (seen.has(n)) continue;
            seen.add(n);
            stack.push(...(out.get(n) ?? []));
        }
        result.set(start, seen);
    }
    return result;
}

/** The node ids a Mermaid flowchart declares, and its edges (`a --> b`, `a -.->|text| b`). */
function parseFlowchart(text: string): { nodes: Set<string>; subgraphs: string[]; edges: [string, string][] } {
    const nodes = new Set<string>();
    const subgraphs: string[] = [];
    const edges: [string, string][] = [];
    for (const line of text.split("\n").map((l) => l.trim())) {
        const subgraph = /^subgraph (\S+?)\[/.exec(line);
        const edge = /^(\w+) (?:-->|-\.->\|"[^"]*"\|) (\w+)$/.exec(line);
        const node = /^(\w+)(?:\[|\(\[)"/.exec(line);
        if (subgraph) subgraphs.push(subgraph[1]);
        else if (edge) edges.push([edge[1], edge[2]]);
        else if (node) nodes.add(node[1]);
    }
    return { nodes, subgraphs, edges };
}

describe("render diagram", () => {
    describe("reduceEdges", () => {
        it("drops an edge another path implies, keeps the rest", () => {
            assert.deepEqual(
                reduceEdges([
                    ["a", "b"],
                    ["b", "c"],
                    ["a", "c"],
                    ["c", "d"],
                ]),
                [
                    ["a", "b"],
                    ["b", "c"],
                    ["c", "d"],
                ],
            );
        });

        it("keeps reachability on any graph, cycles included, and leaves no implied edge", () => {
            // A fixed pseudo-random sequence, so the case is the same on every run.
            let seed = 7;
            const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 8;
            for (let round = 0; round < 40; round++) {
                const edges: [string, string][] = [];
                for (let i = 0; i < 14; i++) {
                    const [a, b] = [next(), next()];
                    if (a !== b) edges.push([`n${a}`, `n${b}`]);
                }
                const reduced = reduceEdges(edges);
                assert.deepEqual(closure(reduced), closure(edges), JSON.stringify(edges));
                for (const edge of reduced) {
                    const others = reduced.filter((e) => e !== edge);
                    assert.ok(
                        !closure(others).get(edge[0])?.has(edge[1]),
                        `${edge} is implied in ${JSON.stringify(reduced)}`,
                    );
                }
            }
        });
    });

    describe("of the prod stack", () => {
        let input: DiagramInput;
        let result: RenderResult;
        before(async () => {
            const offline: OfflineStack = loadOfflineStack({ stack: "prod" });
            const rendered = await renderOfflineStack(offline);
            result = rendered.result;
            input = { ...rendered.diagram, resources: result.resources };
        });

        it("draws one cluster: its components and the shared repository, grouped by type, never the other cluster", () => {
            const text = clusterDiagram(input, "prod-eks");
            const { nodes, subgraphs, edges } = parseFlowchart(text);
            assert.deepEqual(subgraphs, [
                "cluster__prod_eks",
                "component__prod_eks",
                "component__prod_eks_karpenter",
                "component__prod_eks_argocd",
                "component__prod_eks_gitops",
                "argocd__prod_eks",
                "component__gitops_repository",
            ]);
            assert.ok(!text.includes("prod-gke") && !text.includes("prod_gke"));
            const eksResources = result.resources.filter((r) => r.name.startsWith("prod-eks"));
            const boxes = [...nodes].filter((n) => n.startsWith("prod_eks__") && !/__(appset__|addons)/.test(n));
            assert.ok(
                boxes.length < eksResources.length / 2,
                `${boxes.length} boxes for ${eksResources.length} resources`,
            );
            assert.ok(text.includes('"ec2 Subnet ×6"'));
            for (const [a, b] of edges)
                assert.ok(nodes.has(a) && nodes.has(b), `edge ${a} -> ${b} to an undeclared node`);
        });

        it("follows dependencies: network -> EKS cluster -> nodes -> Kubernetes provider -> Argo CD -> root Application", () => {
            const { edges } = parseFlowchart(clusterDiagram(input, "prod-eks"));
            const reach = closure(edges);
            const chain = [
                "prod_eks__cluster__ec2_subnet_Subnet",
                "prod_eks__cluster__eks_cluster_Cluster",
                "prod_eks__cluster__eks_nodeGroup_NodeGroup",
                "prod_eks__cluster__providers_kubernetes",
                "prod_eks__argocd__helm_sh_v3_Release",
                "prod_eks__gitops__argoproj_io_v1alpha1_Application",
                "prod_eks__appset__infrastructure",
                "prod_eks__addons",
            ];
            for (let i = 1; i < chain.length; i++) {
                assert.ok(reach.get(chain[i - 1])?.has(chain[i]), `${chain[i - 1]} does not lead to ${chain[i]}`);
            }
            // Nothing the root Application waits for comes after it.
            assert.ok(
                !reach
                    .get("prod_eks__gitops__argoproj_io_v1alpha1_Application")
                    ?.has("prod_eks__argocd__helm_sh_v3_Release"),
            );
        });

        it("shows the seeded ApplicationSets by wave and the add-ons the cluster Secret enables", () => {
            const text = clusterDiagram(input, "prod-gke");
            const waves = [...text.matchAll(/wave (\d+) · ApplicationSet (\w+)/g)].map((m) => `${m[1]} ${m[2]}`);
            assert.deepEqual(waves, ["0 argocd", "1 infrastructure", "5 monitoring", "6 apps"]);
            const secret = result.resources.find((r) => r.name === "prod-gke-gitops-cluster-secret")!;
            const labels = (secret.inputs.metadata as { labels: Record<string, string> }).labels;
            const addons = enabledAddons({ name: "prod-gke", server: "", labels });
            assert.ok(addons.length > 0);
            assert.ok(!addons.includes("aws-load-balancer-controller"), "GKE enables an AWS add-on?");
            assert.ok(text.includes(`add-ons enabled by the cluster Secret<br/>${addons.join("<br/>")}"`));
        });

        it("highlights the boxes with resources a preview changes", () => {
            const text = clusterDiagram(input, "prod-eks", { changing: new Set(["prod-eks-system", "prod-eks-apps"]) });
            assert.match(
                text,
                /prod_eks__cluster__eks_nodeGroup_NodeGroup\["eks NodeGroup ×2<br\/>2 changing"\]:::changing/,
            );
            assert.equal(text.match(/:::changing/g)?.length, 1);
            assert.ok(!clusterDiagram(input, "prod-eks").includes("changing"));
        });

        it("the stack diagram holds every cluster; renderFiles writes it to diagram.md", () => {
            const { subgraphs } = parseFlowchart(stackDiagram(input));
            assert.ok(subgraphs.includes("cluster__prod_eks") && subgraphs.includes("cluster__prod_gke"));
            const file = renderFiles(result, input).find((f) => f.path === DIAGRAM_FILE)!;
            assert.ok(file.content.includes(`\`\`\`mermaid\n${stackDiagram(input)}\`\`\``));
        });

        it("outputs.json holds the stack outputs with secrets masked", () => {
            const outputs = JSON.parse(renderFiles(result).find((f) => f.path === "outputs.json")!.content);
            assert.deepEqual(Object.keys(outputs).sort(), [
                "argocd",
                "argocdAdminPasswords",
                "clusterMetadata",
                "clusters",
                "environment",
                "gitopsRepository",
                "kubeconfigs",
            ]);
            assert.equal(outputs.kubeconfigs, "[secret]");
            assert.equal(outputs.environment, "prod");
            assert.equal(outputs.clusters["prod-eks"].cloud, "aws");
        });
    });

    it("docs/render.md shows the dev stack's current diagram (run `npm run docs:render`)", async () => {
        const document = fs.readFileSync(path.join(ROOT, "docs", "render.md"), "utf8");
        assert.equal(
            withGeneratedSection(document, RENDER_DIAGRAM_MARKERS, await renderDocsDiagram()),
            document,
            "docs/render.md is stale: run `npm run docs:render`",
        );
    });
});
