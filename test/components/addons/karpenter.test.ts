import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import * as YAML from "yaml";
import {
    CATALOGUE,
    KubernetesObject,
    addonApplicationSet,
    bridgeContractProblems,
    renderPlatformObjects,
} from "../../../components/addons";
import { ApplicationSetManifest } from "../../../components/addons/contract";
import { karpenterHostNodes, karpenterNodePoolObjects, managedNodes } from "../../../components/addons/karpenter";
import { expandApplicationSet } from "../../../components/gitops/applicationSets";
import { AppProjectSpec, ApplicationManifest, Cluster, checkApplication } from "../../../components/gitops/permissions";
import { argocdHelmValues } from "../../../components/argocd/values";
import { platformConfigSchema, platformConfigShape } from "../../../config/schema";
import { ROOT, Rendered, awsCluster, baseConfig, renderStack } from "../../helpers";
import { describeWithReference } from "../../reference";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type EksConfig = Parameters<typeof karpenterNodePoolObjects>[0];

/** An EKS cluster's config as the schema parses it (defaults filled in). */
function eksConfig(extra: Inputs = {}, environment = "dev"): EksConfig {
    const config = platformConfigSchema.parse({
        ...Object.fromEntries(Object.entries(baseConfig()).map(([k, v]) => [k.replace(/^gitops-platform:/, ""), v])),
        environment,
        clusters: [awsCluster(extra)],
    });
    return config.clusters[0] as EksConfig;
}

/** The config errors of a stack of one EKS cluster, as `path: message`. */
function configErrors(cluster: Inputs, environment = "dev", addons: Inputs = {}): string[] {
    const result = platformConfigSchema.safeParse({
        ...Object.fromEntries(Object.entries(baseConfig()).map(([k, v]) => [k.replace(/^gitops-platform:/, ""), v])),
        environment,
        clusters: [awsCluster(cluster)],
        addons,
    });
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

/**
 * A small model of how Karpenter picks a NodePool for a pending pod (karpenter.sh docs, "NodePools"): a NodePool
 * can serve the pod when its template's labels satisfy the pod's nodeSelector and the pod tolerates every taint;
 * of those, the highest weight wins.
 */
function nodePoolFor(pod: { nodeSelector?: Record<string, string>; tolerations?: string[] }, pools: Inputs[]) {
    const serves = (pool: Inputs) =>
        Object.entries(pod.nodeSelector ?? {}).every(([k, v]) => pool.spec.template.metadata.labels?.[k] === v) &&
        (pool.spec.template.spec.taints ?? []).every((t: Inputs) => (pod.tolerations ?? []).includes(t.key));
    return pools.filter(serves).sort((a, b) => (b.spec.weight ?? 0) - (a.spec.weight ?? 0))[0]?.metadata.name;
}

describe("karpenter-nodepools: each EKS pool grows from its managed nodes to its maxSize", () => {
    const prodPools = () =>
        eksConfig(
            {
                nodePools: [
                    { name: "system", minSize: 3, maxSize: 6, labels: { workload: "system" } },
                    {
                        name: "batch",
                        instanceTypes: ["m7g.large"],
                        minSize: 0,
                        maxSize: 10,
                        capacityType: "SPOT",
                        taints: [{ key: "dedicated", value: "batch", effect: "NoSchedule" }],
                    },
                    { name: "fixed", minSize: 2, maxSize: 2 },
                ],
            },
            "prod",
        );

    it("gives Karpenter exactly the nodes between the managed ones and maxSize, and never touches minSize", () => {
        const cluster = prodPools();
        const objects = renderPlatformObjects({ objects: karpenterNodePoolObjects(cluster) });
        const pools = objects.filter((o) => o.kind === "NodePool") as Inputs[];
        for (const pool of cluster.nodePools) {
            const karpenter = pools.find((p) => p.metadata.name === pool.name);
            // Managed nodes are never fewer than minSize (the group does not scale), Karpenter adds the rest.
            assert.ok(managedNodes(pool) >= pool.minSize);
            const most = managedNodes(pool) + (karpenter ? Number(karpenter.spec.limits.nodes) : 0);
            assert.equal(most, pool.maxSize, pool.name);
        }
        assert.equal(
            pools.find((p) => p.metadata.name === "fixed"),
            undefined,
            "nothing to add to a full pool",
        );
        // A pool that starts above minSize: Karpenter adds only what is left to maxSize.
        const started = eksConfig({ nodePools: [{ name: "system", minSize: 2, desiredSize: 3, maxSize: 7 }] });
        const limit = (karpenterNodePoolObjects(started) as Record<string, Inputs>)["nodepool-system"].spec.limits
            .nodes;
        assert.equal(limit, "4");
    });

    it("launches the pool's kind of node: instance types, capacity type, architecture, labels, taints, disk", () => {
        const objects = karpenterNodePoolObjects(prodPools()) as Record<string, Inputs>;
        const batch = objects["nodepool-batch"].spec.template.spec;
        const requirement = (key: string) => batch.requirements.find((r: Inputs) => r.key === key).values;
        assert.deepEqual(requirement("node.kubernetes.io/instance-type"), ["m7g.large"]);
        assert.deepEqual(requirement("karpenter.sh/capacity-type"), ["spot"]);
        assert.deepEqual(requirement("kubernetes.io/arch"), ["arm64"]);
        assert.deepEqual(batch.taints, [{ key: "dedicated", value: "batch", effect: "NoSchedule" }]);
        assert.equal(batch.nodeClassRef.name, "batch");
        const system = objects["nodepool-system"].spec.template;
        assert.deepEqual(system.metadata.labels, { workload: "system" });
        assert.deepEqual(system.spec.requirements.find((r: Inputs) => r.key === "kubernetes.io/arch").values, [
            "amd64",
        ]);
        const nodeClass = objects["ec2nodeclass-system"].spec;
        assert.equal(nodeClass.role, "karpenter-node-dev-eks-eu-west-1");
        assert.deepEqual(nodeClass.subnetSelectorTerms, [{ tags: { "karpenter.sh/discovery": "dev-eks" } }]);
        assert.equal(nodeClass.metadataOptions.httpTokens, "required");
        assert.equal(nodeClass.metadataOptions.httpPutResponseHopLimit, 1);
        assert.equal(nodeClass.blockDeviceMappings[0].ebs.volumeSize, "50Gi");
        assert.equal(nodeClass.blockDeviceMappings[0].ebs.encrypted, true);
    });

    it("sends a pod to the pool it selects, and an unselective pod to the first pool", () => {
        const pools = Object.values(karpenterNodePoolObjects(prodPools())).filter((o) => o.kind === "NodePool");
        assert.equal(nodePoolFor({ nodeSelector: { workload: "system" } }, pools as Inputs[]), "system");
        assert.equal(nodePoolFor({}, pools as Inputs[]), "system");
        assert.equal(nodePoolFor({ tolerations: ["dedicated"] }, pools as Inputs[]), "system");
        const batchOnly = (pools as Inputs[]).filter((p) => p.metadata.name === "batch");
        assert.equal(nodePoolFor({}, batchOnly), undefined, "a tainted pool takes only pods that tolerate it");
        assert.equal(nodePoolFor({ tolerations: ["dedicated"] }, batchOnly), "batch");
    });
});

describeWithReference(
    "Karpenter's objects and chart against the reference 1.14.1",
    [
        "karpenter-chart-1.14.1/crds/karpenter.sh_nodepools.yaml",
        "karpenter-chart-1.14.1/crds/karpenter.k8s.aws_ec2nodeclasses.yaml",
        "karpenter-chart-1.14.1/values.yaml",
        "karpenter-chart-1.14.1/Chart.yaml",
    ],
    ([nodePoolCrd, nodeClassCrd, valuesFile, chartFile]) => {
        const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
        const compile = (file: string) =>
            ajv.compile(YAML.parse(fs.readFileSync(file, "utf8")).spec.versions[0].schema.openAPIV3Schema);
        const validators: Record<string, ReturnType<typeof compile>> = {
            NodePool: compile(nodePoolCrd),
            EC2NodeClass: compile(nodeClassCrd),
        };
        const check = (object: KubernetesObject) => {
            const validate = validators[object.kind];
            const { kind, metadata } = object;
            return validate(object) ? undefined : `${kind} ${metadata.name}: ${ajv.errorsText(validate.errors)}`;
        };

        it("seeds NodePools and EC2NodeClasses the CRDs accept, for every pool shape", () => {
            const cluster = eksConfig({
                nodePools: [
                    { name: "system", minSize: 2, maxSize: 4 },
                    {
                        name: "arm",
                        instanceTypes: ["m7g.large", "c7g.large"],
                        minSize: 0,
                        maxSize: 5,
                        diskSizeGb: 16384,
                    },
                    {
                        name: "spot",
                        capacityType: "SPOT",
                        minSize: 1,
                        maxSize: 3,
                        taints: [{ key: "spot", effect: "PreferNoSchedule" }],
                        labels: { "example.com/tier": "batch" },
                    },
                ],
            });
            const objects = renderPlatformObjects({ objects: karpenterNodePoolObjects(cluster) });
            assert.equal(objects.length, 6);
            assert.deepEqual(objects.map(check).filter(Boolean), []);
        });

        it("catches a NodePool or EC2NodeClass the CRDs refuse", () => {
            const objects = karpenterNodePoolObjects(eksConfig()) as Record<string, Inputs>;
            const nodeClass = structuredClone(objects["ec2nodeclass-system"]);
            nodeClass.spec.blockDeviceMappings[0].ebs.volumeSize = "50";
            assert.match(check(nodeClass as KubernetesObject) ?? "", /volumeSize/);
            const pool = structuredClone(objects["nodepool-system"]);
            delete pool.spec.template.spec.nodeClassRef;
            assert.match(check(pool as KubernetesObject) ?? "", /nodeClassRef/);
        });

        it("runs the controller only where the chart lets it: managed nodes without taints it does not tolerate", () => {
            const values = YAML.parse(fs.readFileSync(valuesFile, "utf8"));
            // The chart's scheduling rules: Karpenter's own nodes (labelled karpenter.sh/nodepool) are excluded,
            // replicas go to distinct nodes, and only the listed taints are tolerated.
            const excluded = values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
                .nodeSelectorTerms[0].matchExpressions as Inputs[];
            assert.deepEqual(excluded, [{ key: "karpenter.sh/nodepool", operator: "DoesNotExist" }]);
            const spread = values.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
            assert.equal(spread.topologyKey, "kubernetes.io/hostname");
            const tolerated = (values.tolerations as Inputs[]).map((t) => t.key);
            const runsOn = (taints: Inputs[]) =>
                taints.every((t) => t.effect === "PreferNoSchedule" || tolerated.includes(t.key));
            const pools = [
                { name: "a", minSize: 1, taints: [] },
                { name: "b", minSize: 2, taints: [{ key: "CriticalAddonsOnly", value: "", effect: "NoSchedule" }] },
                { name: "c", minSize: 4, taints: [{ key: "dedicated", value: "x", effect: "NoExecute" }] },
                {
                    name: "d",
                    minSize: 1,
                    desiredSize: 3,
                    taints: [{ key: "soft", value: "", effect: "PreferNoSchedule" }],
                },
            ] as Inputs[];
            const modelled = pools
                .filter((p) => runsOn(p.taints))
                .reduce((n, p) => n + (p.desiredSize ?? p.minSize), 0);
            assert.equal(karpenterHostNodes(pools as EksConfig["nodePools"]), modelled);
            assert.equal(modelled, 6);
        });

        it("sets only values the chart takes, from the catalogue and from each cluster", () => {
            const entry = CATALOGUE.find((a) => a.name === "karpenter")!;
            const defaults = YAML.parse(fs.readFileSync(valuesFile, "utf8"));
            const missing = (values: Inputs, at: Inputs, trail: string[] = []): string[] =>
                Object.entries(values).flatMap(([key, value]) => {
                    if (!(key in at)) return [[...trail, key].join(".")];
                    const next = at[key];
                    const open = next === null || typeof next !== "object" || Object.keys(next).length === 0;
                    return value !== null && typeof value === "object" && !Array.isArray(value) && !open
                        ? missing(value, next, [...trail, key])
                        : [];
                });
            assert.deepEqual(missing(entry.values("aws"), defaults), []);
            assert.deepEqual(missing(entry.clusterValues!(eksConfig()), defaults), []);
            assert.deepEqual(missing({ settings: { clusterNmae: "x" } }, defaults), ["settings.clusterNmae"]);
        });

        it("pins the reference chart, pulled from its OCI registry as Argo CD 3.x pulls OCI charts", () => {
            const chart = YAML.parse(fs.readFileSync(chartFile, "utf8"));
            const set = addonApplicationSet(
                CATALOGUE.find((a) => a.name === "karpenter")!,
                "aws",
            ) as Inputs;
            const [source] = set.spec.template.spec.sources;
            assert.equal(source.repoURL, `oci://public.ecr.aws/karpenter/${chart.name}`);
            assert.equal(source.targetRevision, chart.version);
            // An OCI Helm chart is the whole artifact: path ".", and no `chart` (that is the Helm-repository form).
            assert.equal(source.path, ".");
            assert.equal(source.chart, undefined);
        });
    },
);

/** Whether a node's labels satisfy a `requiredDuringSchedulingIgnoredDuringExecution` (terms ORed, expressions ANDed). */
function admits(nodeAffinity: Inputs | undefined, labels: Record<string, string>): boolean {
    const terms: Inputs[] = nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return true;
    return terms.some((term) =>
        (term.matchExpressions as Inputs[]).every((e) => {
            if (e.operator === "DoesNotExist") return !(e.key in labels);
            if (e.operator === "Exists") return e.key in labels;
            if (e.operator === "In") return e.values.includes(labels[e.key]);
            throw new Error(`operator ${e.operator} is not modelled`);
        }),
    );
}

/**
 * The node affinity each Argo CD pod gets, as the argo-cd chart 10.1.1 renders it (templates/_common.tpl
 * `argo-cd.affinity`: a component's own `affinity`, else the `global.affinity` preset, whose `nodeAffinity`
 * with `type: hard` becomes one required term of its `matchExpressions`), and as redis-ha 4.38.0 renders
 * its StatefulSet and HAProxy (`additionalAffinities` beside their pod anti-affinity).
 */
function argocdNodeAffinities(values: Inputs): Record<string, Inputs | undefined> {
    const preset = values.global?.affinity?.nodeAffinity;
    const fromPreset =
        preset?.type === "hard" && preset.matchExpressions?.length
            ? {
                  requiredDuringSchedulingIgnoredDuringExecution: {
                      nodeSelectorTerms: [{ matchExpressions: preset.matchExpressions }],
                  },
              }
            : undefined;
    const components = ["controller", "server", "repoServer", "applicationSet", "notifications", "dex", "redis"];
    const affinities: Record<string, Inputs | undefined> = Object.fromEntries(
        components.map((c) => [c, values[c]?.affinity?.nodeAffinity ?? fromPreset]),
    );
    if (values["redis-ha"]?.enabled) {
        affinities["redis-ha"] = values["redis-ha"].additionalAffinities?.nodeAffinity;
        affinities["redis-ha-haproxy"] = values["redis-ha"].haproxy?.additionalAffinities?.nodeAffinity;
    }
    return affinities;
}

describe("Karpenter and the platform's nodes", () => {
    const managedNode = { "eks.amazonaws.com/nodegroup": "system-20261203", "kubernetes.io/os": "linux" };
    const karpenterNode = { "karpenter.sh/nodepool": "system", "kubernetes.io/os": "linux" };
    const argocd = (ha: boolean) => ({ ...platformConfigShape.shape.argocd.parse({}), ha });

    it("keeps every Argo CD pod on the managed nodes where Karpenter runs, HA or not", () => {
        for (const ha of [false, true]) {
            const values = argocdHelmValues({
                argocd: argocd(ha),
                teams: [],
                clusterName: "c",
                offKarpenterNodes: true,
            });
            for (const [component, affinity] of Object.entries(argocdNodeAffinities(values as Inputs))) {
                assert.ok(admits(affinity, managedNode), `${component} (ha ${ha}) fits a managed node`);
                assert.ok(!admits(affinity, karpenterNode), `${component} (ha ${ha}) stays off Karpenter's nodes`);
            }
        }
        const elsewhere = argocdHelmValues({ argocd: argocd(true), teams: [], clusterName: "c" });
        for (const affinity of Object.values(argocdNodeAffinities(elsewhere as Inputs)))
            assert.ok(
                admits(affinity, karpenterNode),
                "without the platform's Karpenter (EKS Auto Mode, say) any node",
            );
    });

    it("is told its region, because its pod cannot ask IMDS on nodes that allow one hop", () => {
        // Karpenter 1.14 (pkg/operator/operator.go) takes the SDK's region and asks IMDS only when there is none;
        // Pod Identity injects credentials, not a region.
        const cluster = eksConfig();
        const hops = (karpenterNodePoolObjects(cluster) as Record<string, Inputs>)["ec2nodeclass-system"].spec
            .metadataOptions.httpPutResponseHopLimit;
        assert.equal(hops, 1);
        const values = CATALOGUE.find((a) => a.name === "karpenter")!.values("aws") as Inputs;
        assert.deepEqual(
            values.controller.env.find((e: Inputs) => e.name === "AWS_REGION"),
            { name: "AWS_REGION", value: "{{.metadata.annotations.aws_region}}" },
        );
    });
});

describe("Karpenter in the config", () => {
    it("sizes the controller to the managed nodes it can run on: two replicas, one where one node hosts it", () => {
        const replicas = (pools: Inputs[]) =>
            CATALOGUE.find((a) => a.name === "karpenter")!.clusterValues!(eksConfig({ nodePools: pools })).replicas;
        assert.equal(replicas([{ name: "system", minSize: 3, maxSize: 6 }]), 2);
        assert.equal(replicas([{ name: "system", minSize: 1, maxSize: 3 }]), 1);
    });

    it("refuses a cluster with no managed node Karpenter can run on, naming the key and the way out", () => {
        const errors = configErrors({ nodePools: [{ name: "system", minSize: 0, maxSize: 3 }] });
        assert.equal(errors.length, 1, errors.join("\n"));
        assert.match(errors[0], /^clusters\.0\.nodePools: start with 0 node\(s\) Karpenter's controller can run on/);
        assert.match(errors[0], /addons\.karpenter to false/);
        assert.deepEqual(
            configErrors({ nodePools: [{ name: "system", minSize: 0, maxSize: 3 }] }, "dev", { karpenter: false }),
            [],
        );
        const tainted = configErrors({
            nodePools: [
                {
                    name: "system",
                    minSize: 2,
                    maxSize: 3,
                    taints: [{ key: "dedicated", value: "x", effect: "NoSchedule" }],
                },
            ],
        });
        assert.equal(tainted.length, 1);
    });

    it("refuses pool labels in Karpenter's own domains, which its NodePools may not carry", () => {
        const errors = configErrors({
            nodePools: [
                {
                    name: "system",
                    minSize: 2,
                    maxSize: 4,
                    labels: { "karpenter.sh/team": "a", "node.karpenter.k8s.aws/x": "b", "example.com/tier": "c" },
                },
            ],
        });
        assert.deepEqual(
            errors.map((e) => e.split(": ")[0]),
            [
                "clusters.0.nodePools.0.labels.karpenter.sh/team",
                "clusters.0.nodePools.0.labels.node.karpenter.k8s.aws/x",
            ],
        );
        assert.match(errors[0], /use a key of your own domain/);
        // The same labels are the pool's own business where Karpenter does not run.
        assert.deepEqual(
            configErrors(
                { nodePools: [{ name: "system", minSize: 2, maxSize: 4, labels: { "karpenter.sh/team": "a" } }] },
                "dev",
                { karpenter: false },
            ),
            [],
        );
    });

    it("refuses prod with one replica's worth of nodes", () => {
        const errors = configErrors({ nodePools: [{ name: "system", minSize: 1, maxSize: 4 }] }, "prod");
        assert.ok(
            errors.some((e) => /^clusters\.0\.nodePools: .*prod needs 2/.test(e)),
            errors.join("\n"),
        );
    });

    it("refuses NodePools without Karpenter (addons.karpenter false alone switches both off)", () => {
        assert.ok(
            configErrors({}, "dev", { karpenter: false, "karpenter-nodepools": true }).some((e) =>
                e.startsWith("addons.karpenter-nodepools: needs the karpenter add-on"),
            ),
        );
    });
});

describe("Karpenter in the prod stack", () => {
    let prod: Rendered;
    before(async function () {
        this.timeout(300000);
        prod = await renderStack("prod");
    });

    const seeded = (file: string) =>
        YAML.parse(
            prod.ofType("github:index/repositoryFile:RepositoryFile").find((f) => f.inputs.file === file)!.inputs
                .content as string,
        );

    it("seeds two controller replicas and a NodePool per pool, up to the pool's maxSize", () => {
        assert.deepEqual(seeded("clusters/prod-eks/addons/karpenter/values.yaml"), { replicas: 2 });
        const stackPools = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")).config[
            "gitops-platform:clusters"
        ].find((c: Inputs) => c.name === "prod-eks").nodePools as Inputs[];
        const objects = seeded("clusters/prod-eks/addons/karpenter-nodepools/values.yaml").objects as Inputs;
        for (const pool of stackPools) {
            const nodePool = objects[`nodepool-${pool.name}`];
            assert.equal(Number(nodePool.spec.limits.nodes) + pool.minSize, pool.maxSize, pool.name);
            assert.deepEqual(
                nodePool.spec.template.spec.requirements.find(
                    (r: Inputs) => r.key === "node.kubernetes.io/instance-type",
                ).values,
                pool.instanceTypes,
            );
        }
        assert.equal(
            prod
                .ofType("github:index/repositoryFile:RepositoryFile")
                .some((f) => String(f.inputs.file).startsWith("clusters/prod-gke/addons/karpenter")),
            false,
            "GKE grows its node pools itself",
        );
    });

    const prodEks = (): Cluster => {
        const secret = prod
            .ofType("kubernetes:core/v1:Secret")
            .map((s) => s.inputs as Inputs)
            .find((s) => s.metadata.labels?.cluster_name === "prod-eks")!;
        return {
            name: "prod-eks",
            server: "https://kubernetes.default.svc",
            labels: secret.metadata.labels,
            annotations: secret.metadata.annotations,
        };
    };

    it("lets Argo CD's project check sync the NodePools and EC2NodeClasses (cluster-scoped) and Karpenter's chart", () => {
        const projects = new Map(
            prod
                .ofType("kubernetes:argoproj.io/v1alpha1:AppProject")
                .map((p) => [
                    (p.inputs as Inputs).metadata.name as string,
                    (p.inputs as Inputs).spec as AppProjectSpec,
                ]),
        );
        const objects = renderPlatformObjects(seeded("clusters/prod-eks/addons/karpenter-nodepools/values.yaml"));
        const clusterScoped = (o: KubernetesObject) => ({
            group: o.apiVersion.split("/")[0],
            kind: o.kind,
            name: o.metadata.name as string,
            namespaced: false,
        });
        const chartKinds = [
            {
                group: "apiextensions.k8s.io",
                kind: "CustomResourceDefinition",
                name: "nodepools.karpenter.sh",
                namespaced: false,
            },
            { group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "karpenter", namespaced: false },
            { group: "apps", kind: "Deployment", name: "karpenter", namespaced: true },
        ];
        for (const [name, manifests] of [
            ["karpenter-nodepools", objects.map(clusterScoped)],
            ["karpenter", chartKinds],
        ] as const) {
            const set = addonApplicationSet(
                CATALOGUE.find((a) => a.name === name)!,
                "aws",
            );
            const [application] = expandApplicationSet(set as never, { clusters: [prodEks()], directories: [] });
            const verdict = checkApplication(application as ApplicationManifest, manifests, {
                projects,
                clusters: [prodEks()],
                liveNamespaces: new Set(["kube-system"]),
            });
            assert.deepEqual(verdict.refusals, [], name);
        }
        assert.ok(objects.length >= 4);
    });

    it("fails the contract when the Secret lacks the interruption queue the chart reads", () => {
        const eks = prodEks();
        const set = addonApplicationSet(
            CATALOGUE.find((a) => a.name === "karpenter")!,
            "aws",
        );
        const own = (problems: string[]) => problems.filter((p) => !/selects no ApplicationSet/.test(p));
        assert.deepEqual(own(bridgeContractProblems([eks], [set as unknown as ApplicationSetManifest])), []);
        const { karpenter_interruption_queue: _dropped, ...annotations } = eks.annotations!; // eslint-disable-line @typescript-eslint/no-unused-vars
        const problems = bridgeContractProblems([{ ...eks, annotations }], [set as unknown as ApplicationSetManifest]);
        assert.ok(
            problems.some((p) => /karpenter on cluster prod-eks: .*karpenter_interruption_queue/.test(p)),
            problems.join("\n"),
        );
    });
});
