import * as assert from "assert";
import * as k8s from "@kubernetes/client-node";
import { clusterApi } from "../../automation/kube";
import { TeardownResult, controllerTierOf, teardownCluster } from "../../automation/teardown";
import {
    CASCADE,
    CSI_CONTROLLER,
    FakeKubeApi,
    LB_FINALIZER,
    NODECLAIM_FINALIZER,
    StoredObject,
    VOLUME_FINALIZER,
    deployedPlatform,
    withKarpenter,
} from "./fakeKubeApi";

async function teardown(
    objects: StoredObject[],
    timeoutMs = 2_000,
    fake: { karpenterCrds?: boolean } = {},
): Promise<{ result: TeardownResult; api: FakeKubeApi; log: string[] }> {
    const api = new FakeKubeApi(objects, fake);
    await api.start();
    const log: string[] = [];
    try {
        const config = new k8s.KubeConfig();
        config.loadFromString(api.kubeconfig());
        const result = await teardownCluster("prod-eks", clusterApi(config), {
            timeoutMs,
            pollMs: 5,
            log: (l) => log.push(l),
        });
        assert.deepStrictEqual(api.refusals, [], "every call is one the API server accepts");
        return { result, api, log };
    } finally {
        await api.stop();
    }
}

describe("ordered GitOps teardown (against a simulated Argo CD)", () => {
    it("stops self-heal, releases Argo CD's own ingress, then deletes waves from the highest down, then the root", async () => {
        const { result, api } = await teardown(deployedPlatform());
        assert.deepStrictEqual(result, { cluster: "prod-eks", clean: true, stuck: [] });
        const patches = api.requests.filter((r) => r.startsWith("PATCH ")).map((r) => r.split("/").pop());
        assert.deepStrictEqual(patches, ["root", "argocd"]);
        assert.deepStrictEqual(api.deletions(), [
            "ingresses/argocd-server",
            "applicationsets/apps",
            "applicationsets/infrastructure",
            "applications/infrastructure-cert-manager",
            "persistentvolumeclaims/data-db-0",
            "applications/infrastructure-ingress-nginx",
            "applications/infrastructure-lb-controller",
            "applications/root",
            "applications/argocd",
        ]);
        const infrastructure = api.requests.find((r) => r.startsWith("DELETE ") && r.endsWith("/infrastructure"));
        assert.ok(infrastructure, "the infrastructure ApplicationSet is deleted");
        assert.ok(
            api.deleteQueries.includes("applicationsets/infrastructure?propagationPolicy=Orphan"),
            api.deleteQueries.join("\n"),
        );
        const firstDelete = api.requests.findIndex((r) => r.startsWith("DELETE "));
        const lastPatch = api.requests.map((r) => r.startsWith("PATCH ")).lastIndexOf(true);
        assert.ok(lastPatch < firstDelete, "automated sync is stopped before anything is deleted");
        assert.deepStrictEqual(
            [...api.list("Service").filter((o) => o.spec?.type === "LoadBalancer"), ...api.list("Ingress")],
            [],
            "every load balancer is released",
        );
        assert.deepStrictEqual(api.list("PersistentVolumeClaim"), [], "every disk is released");
        assert.deepStrictEqual(api.list("Application"), []);
    });

    it("deletes Karpenter's NodePools after the load balancers, waits for its instances to go, and Karpenter last", async () => {
        const { result, api, log } = await teardown(withKarpenter(deployedPlatform()), 2_000, { karpenterCrds: true });
        assert.deepStrictEqual(result, { cluster: "prod-eks", clean: true, stuck: [] });
        const order = api.deletions();
        const at = (what: string) => order.indexOf(what);
        assert.ok(at("applications/infrastructure-lb-controller") >= 0, order.join("\n"));
        // The nodes run the controllers that release load balancers and disks, so they go after those.
        assert.ok(
            at("applications/karpenter-nodepools") > at("applications/infrastructure-lb-controller"),
            order.join("\n"),
        );
        assert.ok(at("applications/karpenter") > at("applications/karpenter-nodepools"), order.join("\n"));
        assert.ok(
            at("applicationsets/karpenter") < at("applications/karpenter"),
            "its ApplicationSet lets go of it first",
        );
        assert.ok(api.deleteQueries.includes("applicationsets/karpenter?propagationPolicy=Orphan"));
        assert.deepStrictEqual(api.list("NodeClaim"), [], "every instance Karpenter launched is terminated");
        assert.ok(
            log.some((l) => /waiting for the node-pools Applications and the instances Karpenter launched/.test(l)),
        );
    });

    it("reports the instances Karpenter can no longer terminate, so the cluster is not destroyed over them", async () => {
        const objects = withKarpenter(deployedPlatform()).filter(
            (o) => !(o.kind === "Deployment" && o.metadata.name === "karpenter"),
        );
        const { result } = await teardown(objects, 300, { karpenterCrds: true });
        assert.strictEqual(result.clean, false);
        assert.ok(
            result.stuck.includes(
                `Karpenter NodeClaim (an EC2 instance) system-x7k2p (finalizers: ${NODECLAIM_FINALIZER})`,
            ),
            result.stuck.join("\n"),
        );
    });

    it("reports what is stuck, with finalizers, when the load-balancer controller is already gone", async () => {
        const objects = deployedPlatform().filter((o) => o.metadata.name !== "aws-load-balancer-controller");
        const { result, log } = await teardown(objects, 300);
        assert.strictEqual(result.clean, false);
        assert.ok(
            result.stuck.includes(`Ingress argocd/argocd-server (finalizers: ${LB_FINALIZER})`),
            result.stuck.join("\n"),
        );
        assert.ok(result.stuck.some((s) => s.startsWith("LoadBalancer Service payments/api")));
        assert.ok(log.some((l) => /^prod-eks: timed out waiting for/.test(l)));
    });

    it("deletes the workloads' wave before the infrastructure that cleans up their load balancers", async () => {
        const { api } = await teardown(deployedPlatform());
        const deletes = api.deletions();
        assert.ok(deletes.indexOf("applicationsets/apps") < deletes.indexOf("applicationsets/infrastructure"));
    });

    it("handles a cluster without GitOps objects", async () => {
        const { result, api } = await teardown([]);
        assert.deepStrictEqual(result, { cluster: "prod-eks", clean: true, stuck: [] });
        assert.deepStrictEqual(api.deletions(), []);
    });

    describe("strands nothing, whatever the order things would otherwise go in", () => {
        const untracked = (kind: "Service" | "Ingress", name: string): StoredObject => ({
            kind,
            metadata: { name, namespace: "default", finalizers: [LB_FINALIZER] },
            spec: kind === "Service" ? { type: "LoadBalancer" } : { ingressClassName: "alb" },
        });
        /** Index of a deletion, failing when it did not happen. */
        const at = (deletions: string[], what: string) => {
            const index = deletions.indexOf(what);
            assert.ok(index >= 0, `${what} was deleted: ${deletions.join(", ")}`);
            return index;
        };

        it("a LoadBalancer Service no Application manages goes before the load-balancer controller", async () => {
            const { result, api } = await teardown([...deployedPlatform(), untracked("Service", "legacy")]);
            assert.deepStrictEqual(result.stuck, []);
            const deletions = api.deletions();
            assert.ok(at(deletions, "services/legacy") < at(deletions, "applications/infrastructure-lb-controller"));
            assert.deepStrictEqual(
                api.list("Service").filter((o) => o.metadata.name === "legacy"),
                [],
            );
        });

        it("an Ingress no Application manages goes before the load-balancer controller", async () => {
            const { result, api } = await teardown([...deployedPlatform(), untracked("Ingress", "legacy")]);
            assert.deepStrictEqual(result.stuck, []);
            const deletions = api.deletions();
            assert.ok(at(deletions, "ingresses/legacy") < at(deletions, "applications/infrastructure-lb-controller"));
        });

        it("a StatefulSet's PersistentVolumeClaim (an EBS volume or persistent disk) is deleted and its disk released", async () => {
            const { result, api } = await teardown(deployedPlatform());
            assert.deepStrictEqual(result.stuck, []);
            at(api.deletions(), "persistentvolumeclaims/data-db-0");
            assert.deepStrictEqual(api.list("PersistentVolumeClaim"), []);
        });

        it("a PVC whose CSI driver is gone is reported stuck, with its finalizer", async () => {
            const objects = deployedPlatform().filter((o) => o.metadata.name !== CSI_CONTROLLER);
            const { result } = await teardown(objects, 500);
            assert.ok(
                result.stuck.includes(`PersistentVolumeClaim payments/data-db-0 (finalizers: ${VOLUME_FINALIZER})`),
                result.stuck.join("\n"),
            );
        });

        it("an ingress controller's own LoadBalancer Service in the load-balancer controller's wave is released first", async () => {
            const { result, api } = await teardown(deployedPlatform());
            assert.deepStrictEqual(result.stuck, []);
            const deletions = api.deletions();
            assert.ok(
                at(deletions, "applications/infrastructure-ingress-nginx") <
                    at(deletions, "applications/infrastructure-lb-controller"),
            );
            // The ingress controller's Service was gone (released by the load-balancer controller) before that
            // controller's Application was deleted.
            const lbDelete = api.requests.findIndex(
                (r) => r.startsWith("DELETE ") && r.endsWith("/infrastructure-lb-controller"),
            );
            assert.ok(api.servicesGoneBefore("ingress-nginx-controller", lbDelete));
        });

        it("recognizes the controllers that create load balancers by their Deployment's name", () => {
            assert.strictEqual(
                controllerTierOf({ metadata: { name: "aws-load-balancer-controller" } }),
                "load-balancer",
            );
            assert.strictEqual(controllerTierOf({ metadata: { name: "ingress-nginx-controller" } }), "ingress");
            assert.strictEqual(controllerTierOf({ metadata: { name: "cert-manager" } }), undefined);
        });
    });

    it("deletes a LoadBalancer Service no Application manages while its controller still runs", async () => {
        const controller = deployedPlatform().find((o) => o.metadata.name === "aws-load-balancer-controller")!;
        const untracked: StoredObject = {
            kind: "Service",
            metadata: { name: "legacy", namespace: "default", finalizers: [LB_FINALIZER] },
            spec: { type: "LoadBalancer" },
        };
        const { result, api } = await teardown([
            { ...controller, metadata: { ...controller.metadata, annotations: {} } },
            untracked,
        ]);
        assert.strictEqual(result.clean, true, result.stuck.join("\n"));
        assert.ok(api.deletions().includes("services/legacy"));
    });

    it("waits for an Application whose cascade is slow, within the timeout", async () => {
        const objects = deployedPlatform();
        const root = objects.find((o) => o.metadata.name === "root")!;
        root.metadata.finalizers = [CASCADE];
        const { result } = await teardown(objects, 5_000);
        assert.strictEqual(result.clean, true);
    });
});
