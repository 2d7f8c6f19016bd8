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
const MERGE_PATCH = { headers: { "Content-Type": "application/merge-patch+json" } };

/** The Kubernetes reads and deletes `verify` and `destroy` need, for one cluster. */
export interface ClusterApi {
    listApplications(): Promise<KubeObject[]>;
    listApplicationSets(): Promise<KubeObject[]>;
    /** Merge-patches an Application in Argo CD's namespace. */
    patchApplication(name: string, patch: object): Promise<void>;
    deleteApplication(name: string): Promise<void>;
    deleteApplicationSet(name: string): Promise<void>;
    listDeployments(namespace: string): Promise<KubeObject[]>;
    listStatefulSets(namespace: string): Promise<KubeObject[]>;
    /** Services of type LoadBalancer in every namespace. */
    listLoadBalancerServices(): Promise<KubeObject[]>;
    listIngresses(): Promise<KubeObject[]>;
    deleteService(namespace: string, name: string): Promise<void>;
    deleteIngress(namespace: string, name: string): Promise<void>;
    /** Namespaces being deleted (stuck ones keep a deletion timestamp). */
    listTerminatingNamespaces(): Promise<KubeObject[]>;
}

const items = (response: { body: unknown }) =>
    ((response.body as { items?: KubeObject[] }).items ?? []) as KubeObject[];

/** Ignores "not found": deleting what is already gone is success. */
async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
    try {
        await call;
    } catch (error) {
        if ((error as { statusCode?: number; response?: { statusCode?: number } }).response?.statusCode === 404) return;
        if ((error as { statusCode?: number }).statusCode === 404) return;
        throw error;
    }
}

/** {@link ClusterApi} over `@kubernetes/client-node`. */
export function clusterApi(config: k8s.KubeConfig): ClusterApi {
    const custom = config.makeApiClient(k8s.CustomObjectsApi);
    const core = config.makeApiClient(k8s.CoreV1Api);
    const apps = config.makeApiClient(k8s.AppsV1Api);
    const networking = config.makeApiClient(k8s.NetworkingV1Api);
    const argo = (plural: string) => ({
        list: async () =>
            items(await custom.listNamespacedCustomObject(ARGO_GROUP, ARGO_VERSION, ARGOCD_NAMESPACE, plural)),
        delete: (name: string) =>
            ignoreNotFound(
                custom.deleteNamespacedCustomObject(
                    ARGO_GROUP,
                    ARGO_VERSION,
                    ARGOCD_NAMESPACE,
                    plural,
                    name,
                    undefined,
                    undefined,
                    "Foreground",
                ),
            ),
    });
    const applications = argo("applications");
    const applicationSets = argo("applicationsets");
    return {
        listApplications: applications.list,
        listApplicationSets: applicationSets.list,
        patchApplication: async (name, patch) => {
            await custom.patchNamespacedCustomObject(
                ARGO_GROUP,
                ARGO_VERSION,
                ARGOCD_NAMESPACE,
                "applications",
                name,
                patch,
                undefined,
                undefined,
                undefined,
                MERGE_PATCH,
            );
        },
        deleteApplication: applications.delete,
        deleteApplicationSet: applicationSets.delete,
        listDeployments: async (namespace) => items(await apps.listNamespacedDeployment(namespace)) as KubeObject[],
        listStatefulSets: async (namespace) => items(await apps.listNamespacedStatefulSet(namespace)) as KubeObject[],
        listLoadBalancerServices: async () =>
            items(await core.listServiceForAllNamespaces()).filter((s) => s.spec?.type === "LoadBalancer"),
        listIngresses: async () => items(await networking.listIngressForAllNamespaces()),
        deleteService: (namespace, name) => ignoreNotFound(core.deleteNamespacedService(name, namespace)),
        deleteIngress: (namespace, name) => ignoreNotFound(networking.deleteNamespacedIngress(name, namespace)),
        listTerminatingNamespaces: async () =>
            items(await core.listNamespace()).filter((n) => n.metadata.deletionTimestamp !== undefined),
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

/** A short reason from a client-node error (its message is often just "HTTP request failed"). */
export function describeKubeError(error: unknown): string {
    const e = error as {
        statusCode?: number;
        body?: { message?: string };
        response?: { statusCode?: number };
        message?: string;
    };
    const status = e.statusCode ?? e.response?.statusCode;
    const message = e.body?.message ?? e.message ?? String(error);
    return status ? `HTTP ${status}: ${message}` : message;
}
