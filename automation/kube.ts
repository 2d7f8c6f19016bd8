import * as k8s from "@kubernetes/client-node";
import { ARGOCD_NAMESPACE } from "../components/argocd/values";
import { ClusterTarget } from "./stackTarget";

/* eslint-disable @typescript-eslint/no-explicit-any -- Argo CD objects are untyped custom resources */

/** The parts of a Kubernetes object the runner reads. */
export interface KubeObject {
    metadata: {
        name: string;
        namespace?: string;
        annotations?: Record<string, string>;
        labels?: Record<string, string>;
        finalizers?: string[];
        deletionTimestamp?: string | Date;
        ownerReferences?: { kind: string; name: string }[];
    };
    spec?: any;
    status?: any;
}

const ARGO_GROUP = "argoproj.io";
const ARGO_VERSION = "v1alpha1";

/** How long one Kubernetes call may take, including the kubeconfig's credential plugin, unless told otherwise. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/** The Kubernetes reads and deletes `verify` and `destroy` need, for one cluster. */
export interface ClusterApi {
    listApplications(): Promise<KubeObject[]>;
    listApplicationSets(): Promise<KubeObject[]>;
    /** Merge-patches an Application in Argo CD's namespace; one that is already gone is left alone. */
    patchApplication(name: string, patch: object): Promise<void>;
    deleteApplication(name: string): Promise<void>;
    /** Deletes an ApplicationSet; `orphan` keeps the Applications it generated (they are deleted one by one). */
    deleteApplicationSet(name: string, options?: { orphan?: boolean }): Promise<void>;
    listDeployments(namespace: string): Promise<KubeObject[]>;
    listStatefulSets(namespace: string): Promise<KubeObject[]>;
    /** Deployments in every namespace (to find the controllers that provision load balancers). */
    listAllDeployments(): Promise<KubeObject[]>;
    /** PersistentVolumeClaims in every namespace: their volumes are cloud disks (EBS, persistent disks). */
    listPersistentVolumeClaims(): Promise<KubeObject[]>;
    deletePersistentVolumeClaim(namespace: string, name: string): Promise<void>;
    /** Services of type LoadBalancer in every namespace. */
    listLoadBalancerServices(): Promise<KubeObject[]>;
    listIngresses(): Promise<KubeObject[]>;
    deleteService(namespace: string, name: string): Promise<void>;
    deleteIngress(namespace: string, name: string): Promise<void>;
    /** Namespaces being deleted (stuck ones keep a deletion timestamp). */
    listTerminatingNamespaces(): Promise<KubeObject[]>;
    /** Karpenter's NodePools; none where Karpenter's CRDs are not installed. */
    listNodePools(): Promise<KubeObject[]>;
    /** Karpenter's NodeClaims, one per instance it launched; none where its CRDs are not installed. */
    listNodeClaims(): Promise<KubeObject[]>;
}

/** A Kubernetes call that did not answer in time. */
export class KubeTimeoutError extends Error {
    constructor(what: string, ms: number) {
        super(`${what}: no answer from the Kubernetes API within ${ms / 1000} s`);
        this.name = "KubeTimeoutError";
    }
}

const items = (list: { items?: unknown[] }) => (list.items ?? []) as KubeObject[];

/** The HTTP status of a client-node error (`ApiException.code`), if it has one. */
export function statusOf(error: unknown): number | undefined {
    return error instanceof k8s.ApiException ? error.code : undefined;
}

/** Ignores "not found": deleting or patching what is already gone is success. */
async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
    try {
        await call;
    } catch (error) {
        if (statusOf(error) !== 404) throw error;
    }
}

/** client-node middleware that hands every request the signal of one call, so a timeout aborts it. */
function abortWith(signal: AbortSignal): k8s.ObservableMiddleware {
    return {
        pre: (context) => {
            context.setSignal(signal);
            return new k8s.Observable(Promise.resolve(context));
        },
        post: (response) => new k8s.Observable(Promise.resolve(response)),
    };
}

/**
 * {@link ClusterApi} over `@kubernetes/client-node` 2.x (object parameters, body-only results, `ApiException`).
 * Every call, including the kubeconfig's credential plugin (`aws eks get-token`, `gke-gcloud-auth-plugin`),
 * gives up after `timeoutMs`: a cluster that does not answer fails the command instead of hanging the job.
 */
export function clusterApi(config: k8s.KubeConfig, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): ClusterApi {
    const custom = config.makeApiClient(k8s.CustomObjectsApi);
    const core = config.makeApiClient(k8s.CoreV1Api);
    const apps = config.makeApiClient(k8s.AppsV1Api);
    const networking = config.makeApiClient(k8s.NetworkingV1Api);

    /** Runs one call with its own abort signal; rejects with {@link KubeTimeoutError} when it takes too long. */
    const call = async <T>(what: string, run: (options: k8s.ConfigurationOptions) => Promise<T>): Promise<T> => {
        const controller = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
                const error = new KubeTimeoutError(what, timeoutMs);
                controller.abort(error);
                reject(error);
            }, timeoutMs);
        });
        const options = { middleware: [abortWith(controller.signal)], middlewareMergeStrategy: "append" as const };
        try {
            return await Promise.race([run(options), timedOut]);
        } finally {
            clearTimeout(timer);
        }
    };
    const argo = (plural: string) => ({
        list: async () =>
            items(
                await call(`list ${plural}`, (options) =>
                    custom.listNamespacedCustomObject(
                        { group: ARGO_GROUP, version: ARGO_VERSION, namespace: ARGOCD_NAMESPACE, plural },
                        options,
                    ),
                ),
            ),
        delete: (name: string, orphan = false) =>
            ignoreNotFound(
                call(`delete ${plural}/${name}`, (options) =>
                    custom.deleteNamespacedCustomObject(
                        {
                            group: ARGO_GROUP,
                            version: ARGO_VERSION,
                            namespace: ARGOCD_NAMESPACE,
                            plural,
                            name,
                            propagationPolicy: orphan ? "Orphan" : "Foreground",
                        },
                        options,
                    ),
                ),
            ),
    });
    /** A cluster-scoped Karpenter collection; a cluster without Karpenter's CRDs answers 404, meaning none. */
    const karpenter = (plural: string) => async () => {
        try {
            return items(
                await call(`list ${plural}`, (options) =>
                    custom.listClusterCustomObject({ group: "karpenter.sh", version: "v1", plural }, options),
                ),
            );
        } catch (error) {
            if (statusOf(error) === 404) return [];
            throw error;
        }
    };
    const applications = argo("applications");
    const applicationSets = argo("applicationsets");
    return {
        listApplications: applications.list,
        listApplicationSets: applicationSets.list,
        patchApplication: (name, patch) =>
            ignoreNotFound(
                call(`patch applications/${name}`, (options) =>
                    custom.patchNamespacedCustomObject(
                        {
                            group: ARGO_GROUP,
                            version: ARGO_VERSION,
                            namespace: ARGOCD_NAMESPACE,
                            plural: "applications",
                            name,
                            body: patch,
                        },
                        // client-node sends a JSON patch unless told otherwise; this body is a merge patch.
                        k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch, options),
                    ),
                ),
            ),
        deleteApplication: (name) => applications.delete(name),
        deleteApplicationSet: (name, options) => applicationSets.delete(name, options?.orphan ?? false),
        listDeployments: async (namespace) =>
            items(await call("list deployments", (o) => apps.listNamespacedDeployment({ namespace }, o))),
        listStatefulSets: async (namespace) =>
            items(await call("list statefulsets", (o) => apps.listNamespacedStatefulSet({ namespace }, o))),
        listAllDeployments: async () =>
            items(await call("list deployments", (o) => apps.listDeploymentForAllNamespaces({}, o))),
        listPersistentVolumeClaims: async () =>
            items(
                await call("list persistentvolumeclaims", (o) => core.listPersistentVolumeClaimForAllNamespaces({}, o)),
            ),
        deletePersistentVolumeClaim: (namespace, name) =>
            ignoreNotFound(
                call(`delete persistentvolumeclaims/${name}`, (o) =>
                    core.deleteNamespacedPersistentVolumeClaim({ name, namespace }, o),
                ),
            ),
        listLoadBalancerServices: async () =>
            items(await call("list services", (o) => core.listServiceForAllNamespaces({}, o))).filter(
                (s) => s.spec?.type === "LoadBalancer",
            ),
        listIngresses: async () =>
            items(await call("list ingresses", (o) => networking.listIngressForAllNamespaces({}, o))),
        deleteService: (namespace, name) =>
            ignoreNotFound(
                call(`delete services/${name}`, (o) => core.deleteNamespacedService({ name, namespace }, o)),
            ),
        deleteIngress: (namespace, name) =>
            ignoreNotFound(
                call(`delete ingresses/${name}`, (o) => networking.deleteNamespacedIngress({ name, namespace }, o)),
            ),
        listTerminatingNamespaces: async () =>
            items(await call("list namespaces", (o) => core.listNamespace({}, o))).filter(
                (n) => n.metadata.deletionTimestamp !== undefined,
            ),
        listNodePools: karpenter("nodepools"),
        listNodeClaims: karpenter("nodeclaims"),
    };
}

/**
 * The kubeconfig for a cluster: the `kubeconfigs` stack output for clusters the stack builds (its user runs
 * the cloud CLI, so the caller's cloud login is used), the local kubeconfig's context for existing ones.
 */
export function kubeConfigFor(cluster: ClusterTarget, kubeconfigs: Record<string, string>): k8s.KubeConfig {
    const config = new k8s.KubeConfig();
    if (cluster.cloud === "existing") {
        if (cluster.kubeconfigFile) config.loadFromFile(cluster.kubeconfigFile);
        else config.loadFromDefault();
        if (cluster.context) config.setCurrentContext(cluster.context);
        return config;
    }
    const text = kubeconfigs[cluster.name];
    if (!text) throw new Error(`the stack has no kubeconfig output for cluster ${cluster.name}; has it been deployed?`);
    config.loadFromString(text);
    return config;
}

/**
 * A short reason from a client-node error: the API server's own message (the `Status` body of an
 * `ApiException`, whose message is a dump of code, body and headers), or the cause behind undici's bare
 * `fetch failed` (connection refused, DNS, TLS).
 */
export function describeKubeError(error: unknown): string {
    if (error instanceof k8s.ApiException) {
        const body = parseBody(error.body);
        const reason = body?.message ?? (typeof error.body === "string" && error.body ? error.body : undefined);
        return `HTTP ${error.code}: ${reason ?? httpReason(error.code)}`;
    }
    if (!(error instanceof Error)) return String(error);
    const causes: string[] = [];
    for (let cause: unknown = error.cause; cause instanceof Error && causes.length < 5; cause = cause.cause) {
        const code = (cause as NodeJS.ErrnoException).code;
        causes.push(code && !cause.message.includes(code) ? `${code} ${cause.message}` : cause.message);
    }
    return causes.length > 0 ? `${error.message}: ${causes.join(": ")}` : error.message;
}

function parseBody(body: unknown): { message?: string } | undefined {
    if (body && typeof body === "object") return body as { message?: string };
    if (typeof body !== "string") return undefined;
    try {
        return JSON.parse(body) as { message?: string };
    } catch {
        return undefined;
    }
}

function httpReason(code: number): string {
    return code === 401 ? "Unauthorized (the kubeconfig's credentials were refused)" : "no message";
}
