import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import * as k8s from "@kubernetes/client-node";
import { KubeTimeoutError, clusterApi, describeKubeError } from "../../automation/kube";
import { FakeKubeApi, StoredObject } from "./fakeKubeApi";

const root: StoredObject = {
    kind: "Application",
    metadata: { name: "root", namespace: "argocd" },
    spec: { syncPolicy: { automated: { prune: true } } },
};

async function withFake<T>(objects: StoredObject[], body: (api: FakeKubeApi, config: k8s.KubeConfig) => Promise<T>) {
    const api = new FakeKubeApi(objects);
    await api.start();
    try {
        const config = new k8s.KubeConfig();
        config.loadFromString(api.kubeconfig());
        return await body(api, config);
    } finally {
        await api.stop();
    }
}

describe("Kubernetes client (client-node 2.x against the fake API server)", () => {
    it("merge-patches an Application with the merge-patch content type", async () => {
        await withFake([root], async (api, config) => {
            await clusterApi(config).patchApplication("root", { spec: { syncPolicy: { automated: null } } });
            assert.deepStrictEqual(api.refusals, []);
            assert.deepStrictEqual(api.list("Application")[0].spec, { syncPolicy: {} });
        });
    });

    it("the fake refuses a merge patch sent as client-node's default JSON patch, as the API server does", async () => {
        await withFake([root], async (api, config) => {
            const custom = config.makeApiClient(k8s.CustomObjectsApi);
            const error = await custom
                .patchNamespacedCustomObject({
                    group: "argoproj.io",
                    version: "v1alpha1",
                    namespace: "argocd",
                    plural: "applications",
                    name: "root",
                    body: { spec: { syncPolicy: { automated: null } } },
                })
                .then(
                    () => undefined,
                    (e: unknown) => e,
                );
            assert.ok(error instanceof k8s.ApiException, String(error));
            assert.strictEqual(
                describeKubeError(error),
                "HTTP 400: json: cannot unmarshal object into Go value of type jsonpatch.Patch",
            );
            assert.deepStrictEqual(api.list("Application")[0].spec, root.spec, "nothing was changed");
        });
    });

    it("the fake refuses a strategic merge patch of a custom resource and a request without the token", async () => {
        await withFake([root], async (api) => {
            const url = new URL(api.kubeconfig().match(/server: (\S+)/)![1]);
            const path = "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/root";
            const strategic = await fetch(new URL(path, url), {
                method: "PATCH",
                headers: {
                    authorization: "Bearer fake-token",
                    "content-type": "application/strategic-merge-patch+json",
                },
                body: "{}",
            });
            assert.strictEqual(strategic.status, 415);
            const anonymous = await fetch(new URL(path, url));
            assert.strictEqual(anonymous.status, 401);
            assert.strictEqual(api.refusals.length, 2);
        });
    });

    it("treats patching or deleting an Application that is already gone as done", async () => {
        await withFake([], async (api, config) => {
            const cluster = clusterApi(config);
            await cluster.patchApplication("root", { spec: {} });
            await cluster.deleteApplication("root");
            assert.deepStrictEqual(api.requests, [
                "PATCH /apis/argoproj.io/v1alpha1/namespaces/argocd/applications/root",
                "DELETE /apis/argoproj.io/v1alpha1/namespaces/argocd/applications/root",
            ]);
        });
    });

    it("explains a refused credential instead of client-node's dump of the response", async () => {
        await withFake([], async (_api, config) => {
            config.loadFromString(config.exportConfig().replace('"token":"fake-token"', '"token":"wrong"'));
            const error = await clusterApi(config)
                .listApplications()
                .catch((e: unknown) => e);
            // client-node drops the body of a 401, so the runner says what it means.
            assert.strictEqual(
                describeKubeError(error),
                "HTTP 401: Unauthorized (the kubeconfig's credentials were refused)",
            );
        });
    });

    it("gives up on a call the server never answers, after the timeout", async () => {
        const server = http.createServer(() => {
            /* never answers */
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const config = new k8s.KubeConfig();
            config.loadFromString(
                new FakeKubeApi([])
                    .kubeconfig()
                    .replace(/server: .*/, `server: http://127.0.0.1:${(server.address() as AddressInfo).port}`),
            );
            const started = Date.now();
            const error = await clusterApi(config, 200)
                .listApplications()
                .catch((e: unknown) => e);
            assert.ok(error instanceof KubeTimeoutError, String(error));
            assert.match(describeKubeError(error), /list applications: no answer from the Kubernetes API within 0.2 s/);
            assert.ok(Date.now() - started < 5_000);
            // Every call of the ClusterApi, not only the one above, gives up (and aborts) after the timeout.
            const api = clusterApi(config, 100);
            const args: Record<string, unknown[]> = {
                patchApplication: ["x", { spec: {} }],
                deleteApplication: ["x"],
                deleteApplicationSet: ["x", { orphan: true }],
                listDeployments: ["argocd"],
                listStatefulSets: ["argocd"],
                deleteService: ["default", "x"],
                deleteIngress: ["default", "x"],
                deletePersistentVolumeClaim: ["default", "x"],
            };
            const methods = Object.keys(api) as (keyof typeof api)[];
            assert.ok(methods.length >= 14, methods.join(", "));
            for (const method of methods) {
                const call = api[method] as (...a: unknown[]) => Promise<unknown>;
                const failure = await call(...(args[method] ?? [])).catch((e: unknown) => e);
                assert.ok(failure instanceof KubeTimeoutError, `${method}: ${String(failure)}`);
            }
        } finally {
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    });

    it("client-node 2.x refuses a plain-HTTP server unless TLS verification is skipped", async () => {
        await withFake([], async (_api, config) => {
            config.loadFromString(
                config.exportConfig().replace('"insecure-skip-tls-verify":true', '"insecure-skip-tls-verify":false'),
            );
            const error = await clusterApi(config)
                .listApplications()
                .catch((e: unknown) => e);
            assert.match(describeKubeError(error), /HTTP protocol is not allowed/);
        });
    });
});
