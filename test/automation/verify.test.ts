import * as assert from "assert";
import * as k8s from "@kubernetes/client-node";
import { KubeObject, clusterApi } from "../../automation/kube";
import { assessCluster, clusterPasses, verifyCluster, verifyMarkdown } from "../../automation/verify";
import { FakeKubeApi, StoredObject } from "./fakeKubeApi";

const workload = (
    kind: "Deployment" | "StatefulSet",
    name: string,
    replicas: number,
    available: number,
): StoredObject => ({
    kind,
    metadata: { name, namespace: "argocd" },
    spec: { replicas },
    status: kind === "Deployment" ? { availableReplicas: available } : { readyReplicas: available },
});

const application = (name: string, sync: string, health: string): StoredObject => ({
    kind: "Application",
    metadata: { name, namespace: "argocd" },
    status: { sync: { status: sync }, health: { status: health } },
});

const healthyArgoCd = (): StoredObject[] => [
    workload("Deployment", "argocd-server", 2, 2),
    workload("Deployment", "argocd-repo-server", 2, 2),
    workload("Deployment", "argocd-applicationset-controller", 2, 2),
    workload("StatefulSet", "argocd-application-controller", 1, 1),
];

async function verifyAgainst(objects: StoredObject[]) {
    const api = new FakeKubeApi(objects);
    await api.start();
    try {
        const config = new k8s.KubeConfig();
        config.loadFromString(api.kubeconfig());
        return { health: await verifyCluster("prod-eks", clusterApi(config)), requests: api.requests };
    } finally {
        await api.stop();
    }
}

describe("verify (against a local server answering like the Kubernetes API)", () => {
    it("scores a healthy platform 100 and reads Argo CD's namespace", async () => {
        const { health, requests } = await verifyAgainst([
            ...healthyArgoCd(),
            application("root", "Synced", "Healthy"),
            application("infrastructure-ingress", "Synced", "Healthy"),
        ]);
        assert.strictEqual(health.error, undefined);
        assert.strictEqual(health.score, 100);
        assert.deepStrictEqual(health.applications, [
            { name: "root", sync: "Synced", health: "Healthy" },
            { name: "infrastructure-ingress", sync: "Synced", health: "Healthy" },
        ]);
        assert.deepStrictEqual([...requests].sort(), [
            "GET /apis/apps/v1/namespaces/argocd/deployments",
            "GET /apis/apps/v1/namespaces/argocd/statefulsets",
            "GET /apis/argoproj.io/v1alpha1/namespaces/argocd/applications",
        ]);
    });

    it("lowers the score for a degraded Application and an unavailable repo server, naming each failure", async () => {
        const objects = healthyArgoCd();
        objects[1] = workload("Deployment", "argocd-repo-server", 2, 1);
        const { health } = await verifyAgainst([
            ...objects,
            application("root", "Synced", "Progressing"),
            application("payments-api", "OutOfSync", "Degraded"),
        ]);
        // Gates: 4 workloads and the root's sync and health; ranked: payments-api's sync and health, both failing.
        assert.strictEqual(health.score, 0);
        assert.strictEqual(clusterPasses(health, 0), false, "a failing gate fails whatever the threshold");
        assert.deepStrictEqual(
            health.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`),
            [
                "argocd-repo-server available: 1/2 available",
                "root Application Healthy: Progressing",
                "Application payments-api Synced: OutOfSync",
                "Application payments-api Healthy: Degraded",
            ],
        );
    });

    it("fails a cluster without Argo CD on its gates", async () => {
        const { health } = await verifyAgainst([]);
        assert.strictEqual(clusterPasses(health, 0), false);
        assert.ok(health.checks.every((c) => c.gate && !c.passed));
        assert.deepStrictEqual(
            health.checks.map((c) => c.name),
            [
                "argocd-server available",
                "argocd-repo-server available",
                "argocd-application-controller available",
                "root Application Synced and Healthy",
            ],
        );
    });

    it("reports an unreachable cluster with score 0 and the cause behind undici's `fetch failed`", async () => {
        const gone = new FakeKubeApi([]);
        await gone.start();
        const kubeconfig = gone.kubeconfig();
        await gone.stop();
        const config = new k8s.KubeConfig();
        config.loadFromString(kubeconfig);
        const health = await verifyCluster("gone", clusterApi(config));
        assert.strictEqual(health.score, 0);
        assert.match(health.error ?? "", /^fetch failed: .*ECONNREFUSED/);
    });

    it("writes a table with gates and a score per cluster and the failed checks", () => {
        const bad = assessCluster("prod-eks", [], []);
        const markdown = verifyMarkdown("prod", [{ ...bad, cluster: "prod-gke", score: 100, checks: [] }, bad], 80);
        assert.match(markdown, /\| prod-gke \| 0\/0 \| 100% \| 0\/0 \| pass \|/);
        assert.match(markdown, /\| prod-eks \| 0\/4 \| 100% \| 0\/4 \| FAIL \|/);
        assert.match(markdown, /- \*\*gate\*\* argocd-server available: missing/);
    });

    it("8 healthy Applications and a broken root fail: the root and Argo CD's workloads are gates, not points", () => {
        const asObjects = (list: StoredObject[]) => list as unknown as KubeObject[];
        const apps = Array.from({ length: 8 }, (_, i) => application(`app-${i}`, "Synced", "Healthy"));
        const broken = assessCluster(
            "prod-eks",
            asObjects(healthyArgoCd()),
            asObjects([application("root", "OutOfSync", "Degraded"), ...apps]),
        );
        assert.strictEqual(broken.score, 100, "the ranked checks all pass");
        assert.strictEqual(clusterPasses(broken, 80), false);
        assert.match(verifyMarkdown("prod", [broken], 80), /\| prod-eks \| 4\/6 \| 100% \| 20\/22 \| FAIL \|/);

        const argoDown = healthyArgoCd();
        argoDown[0] = workload("Deployment", "argocd-server", 2, 0);
        const noServer = assessCluster(
            "prod-eks",
            asObjects(argoDown),
            asObjects([application("root", "Synced", "Healthy"), ...apps]),
        );
        assert.strictEqual(clusterPasses(noServer, 0), false, "Argo CD's own workloads are a gate");

        const healthy = assessCluster(
            "prod-eks",
            asObjects(healthyArgoCd()),
            asObjects([
                application("root", "Synced", "Healthy"),
                ...apps.slice(1),
                application("x", "OutOfSync", "Healthy"),
            ]),
        );
        assert.strictEqual(healthy.score, 94);
        assert.strictEqual(clusterPasses(healthy, 80), true, "a ranked failure only lowers the score");
        assert.strictEqual(clusterPasses(healthy, 95), false);
    });
});
