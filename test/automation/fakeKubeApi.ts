import * as http from "http";
import { AddressInfo } from "net";
import * as YAML from "yaml";

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded Kubernetes objects are untyped */

/** A recorded object; `kind` picks its collection. */
export interface StoredObject {
    kind:
        | "Application"
        | "ApplicationSet"
        | "Deployment"
        | "StatefulSet"
        | "Service"
        | "Ingress"
        | "Namespace"
        | "PersistentVolumeClaim"
        | "NodePool"
        | "NodeClaim";
    metadata: {
        name: string;
        namespace?: string;
        annotations?: Record<string, string>;
        finalizers?: string[];
        deletionTimestamp?: string;
        ownerReferences?: { kind: string; name: string }[];
    };
    spec?: any;
    status?: any;
}

const COLLECTIONS: Record<string, StoredObject["kind"]> = {
    applications: "Application",
    applicationsets: "ApplicationSet",
    deployments: "Deployment",
    statefulsets: "StatefulSet",
    services: "Service",
    ingresses: "Ingress",
    namespaces: "Namespace",
    persistentvolumeclaims: "PersistentVolumeClaim",
    nodepools: "NodePool",
    nodeclaims: "NodeClaim",
};

/** Collections that exist only where Karpenter's CRDs are installed (elsewhere the API server answers 404). */
const KARPENTER_COLLECTIONS = ["nodepools", "nodeclaims"];

/** Argo CD's cascade-delete finalizer. */
export const CASCADE = "resources-finalizer.argocd.argoproj.io";
/** The finalizer a load-balancer controller puts on what it provisioned. */
export const LB_FINALIZER = "service.k8s.aws/resources";
/** Name of the Deployment that plays the load-balancer controller. */
export const LB_CONTROLLER = "aws-load-balancer-controller";
/** The finalizer the CSI driver's external provisioner keeps on a claim until it has deleted the cloud disk. */
export const VOLUME_FINALIZER = "external-provisioner.volume.kubernetes.io/finalizer";
/** Name of the Deployment that plays the CSI driver (EBS or persistent disk), which deletes the disks. */
export const CSI_CONTROLLER = "ebs-csi-controller";
/** The finalizer Karpenter keeps on a NodeClaim until it has terminated the instance. */
export const NODECLAIM_FINALIZER = "karpenter.sh/termination";
/** Name of the Deployment that plays Karpenter. */
export const KARPENTER_CONTROLLER = "karpenter";

const TRACKING = "argocd.argoproj.io/tracking-id";
/** The bearer token the fake's kubeconfig carries and every request must present. */
const TOKEN = "fake-token";
/** What the API server accepts as a patch of a custom resource (no strategic merge for CRDs). */
const CUSTOM_RESOURCE_PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json"];
const BUILTIN_PATCH_TYPES = [...CUSTOM_RESOURCE_PATCH_TYPES, "application/strategic-merge-patch+json"];
const PROPAGATION_POLICIES = ["Foreground", "Background", "Orphan"];
const trackedBy = (o: StoredObject) => o.metadata.annotations?.[TRACKING]?.split(":")[0];

function mergePatch(target: any, patch: any): any {
    if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
    const result = { ...(target ?? {}) };
    for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete result[key];
        else result[key] = mergePatch(result[key], value);
    }
    return result;
}

/**
 * A local HTTP server that answers like the Kubernetes API for the calls the runner makes, over recorded
 * objects, and plays Argo CD and a load-balancer controller between requests:
 *
 * - deleting an object with finalizers marks it; without, removes it;
 * - an Application being deleted with the cascade finalizer deletes what it tracks, then goes;
 * - an ApplicationSet being deleted deletes the Applications it owns, then goes;
 * - the load-balancer controller releases its finalizer only while its Deployment exists;
 * - a deleted NodePool's NodeClaims are deleted (garbage collection), and Karpenter releases a NodeClaim (it
 *   has terminated the instance) only while its Deployment exists; without Karpenter's CRDs their collections
 *   answer 404;
 * - an Application with automated sync recreates the Applications it tracks when they disappear (self-heal).
 *
 * Every request is logged, so tests can assert the order of the teardown.
 */
export class FakeKubeApi {
    readonly requests: string[] = [];
    /** Requests the fake refused as the API server would, with the status and message it answered. */
    readonly refusals: string[] = [];
    /** Each DELETE as `<collection>/<name>?propagationPolicy=<policy>` when one was given. */
    readonly deleteQueries: string[] = [];
    /** For each request (by index), the LoadBalancer Services that existed when it arrived. */
    private readonly servicesAt: string[][] = [];
    private objects: StoredObject[];
    private readonly initial: StoredObject[];
    private server?: http.Server;
    private url = "";

    constructor(
        objects: StoredObject[],
        private readonly options: { karpenterCrds?: boolean } = {},
    ) {
        this.initial = structuredClone(objects);
        this.objects = structuredClone(objects);
    }

    /** Objects of a kind still present (marked ones included). */
    list(kind: StoredObject["kind"]): StoredObject[] {
        return this.objects.filter((o) => o.kind === kind);
    }

    /** The DELETE requests, as `<collection>/<name>`, in order. */
    deletions(): string[] {
        return this.requests.filter((r) => r.startsWith("DELETE ")).map((r) => r.split("/").slice(-2).join("/"));
    }

    /** True when no Service of this name existed any more when request number `index` arrived. */
    servicesGoneBefore(name: string, index: number): boolean {
        return index >= 0 && !this.servicesAt[index].includes(name);
    }

    async start(): Promise<void> {
        this.server = http.createServer((req, res) => this.handle(req, res));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    }

    /** A kubeconfig that reaches this server without credentials. */
    kubeconfig(): string {
        return YAML.stringify({
            apiVersion: "v1",
            kind: "Config",
            // client-node 2.x refuses a plain-HTTP server unless TLS verification is explicitly skipped.
            clusters: [{ name: "fake", cluster: { server: this.url, "insecure-skip-tls-verify": true } }],
            contexts: [{ name: "fake", context: { cluster: "fake", user: "fake" } }],
            "current-context": "fake",
            users: [{ name: "fake", user: { token: TOKEN } }],
        });
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
            const url = new URL(req.url ?? "/", this.url);
            this.requests.push(`${req.method} ${url.pathname}`);
            this.reconcile();
            this.servicesAt.push(this.list("Service").map((o) => o.metadata.name));
            const reply = (status: number, payload: unknown) => {
                res.writeHead(status, { "Content-Type": "application/json" });
                res.end(JSON.stringify(payload));
            };
            const refuse = (code: number, reason: string, message: string) => {
                this.refusals.push(`${req.method} ${url.pathname}: ${code} ${message}`);
                reply(code, { kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message });
            };
            if (req.headers.authorization !== `Bearer ${TOKEN}`) return refuse(401, "Unauthorized", "Unauthorized");
            const parts = url.pathname.split("/").filter(Boolean);
            // `namespaces/<ns>/<collection>` scopes a collection; `namespaces` alone is the collection itself.
            const collectionIndex = parts.findIndex(
                (p, i) => p in COLLECTIONS && !(p === "namespaces" && parts[i + 2] in COLLECTIONS),
            );
            if (
                collectionIndex < 0 ||
                (KARPENTER_COLLECTIONS.includes(parts[collectionIndex]) && !this.options.karpenterCrds)
            )
                return reply(404, { kind: "Status", code: 404, message: "not found" });
            const kind = COLLECTIONS[parts[collectionIndex]];
            const namespace = parts[collectionIndex - 2] === "namespaces" ? parts[collectionIndex - 1] : undefined;
            const name = parts[collectionIndex + 1];
            const matches = (o: StoredObject) =>
                o.kind === kind &&
                (kind === "Namespace" || namespace === undefined || o.metadata.namespace === namespace);
            if (req.method === "GET" && !name) {
                return reply(200, {
                    kind: `${kind}List`,
                    apiVersion: "v1",
                    metadata: {},
                    items: this.objects.filter(matches),
                });
            }
            const found = this.objects.find((o) => matches(o) && o.metadata.name === name);
            if (!found)
                return reply(404, { kind: "Status", code: 404, reason: "NotFound", message: `${name} not found` });
            if (req.method === "PATCH") {
                // Like the API server: the patch type comes from Content-Type only; a merge patch sent under
                // another type is refused, not guessed.
                const contentType = (req.headers["content-type"] ?? "").split(";")[0].trim();
                const accepted =
                    parts[0] === "apis" && parts[1] === "argoproj.io"
                        ? CUSTOM_RESOURCE_PATCH_TYPES
                        : BUILTIN_PATCH_TYPES;
                if (!accepted.includes(contentType)) {
                    return refuse(
                        415,
                        "UnsupportedMediaType",
                        `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
                    );
                }
                let patch: unknown;
                try {
                    patch = JSON.parse(body);
                } catch {
                    return refuse(400, "BadRequest", "error decoding patch: invalid JSON");
                }
                if (contentType === "application/json-patch+json") {
                    if (!Array.isArray(patch)) {
                        return refuse(
                            400,
                            "BadRequest",
                            "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
                        );
                    }
                    return refuse(422, "Invalid", "this fake applies merge patches only");
                }
                if (patch === null || typeof patch !== "object" || Array.isArray(patch)) {
                    return refuse(400, "BadRequest", "error decoding patch: not a JSON object");
                }
                Object.assign(found, mergePatch(found, patch));
                return reply(200, found);
            }
            if (req.method === "DELETE") {
                const policy =
                    url.searchParams.get("propagationPolicy") ??
                    (body ? JSON.parse(body).propagationPolicy : undefined);
                if (policy !== undefined && !PROPAGATION_POLICIES.includes(policy)) {
                    return refuse(400, "BadRequest", `unsupported propagationPolicy ${JSON.stringify(policy)}`);
                }
                const target = url.pathname.split("/").slice(-2).join("/");
                this.deleteQueries.push(policy ? `${target}?propagationPolicy=${policy}` : target);
                if (policy === "Orphan") {
                    // The garbage collector drops the owner reference of each dependent and leaves it.
                    for (const dependent of this.objects) {
                        const refs = dependent.metadata.ownerReferences;
                        if (refs?.some((r) => r.kind === found.kind && r.name === found.metadata.name)) {
                            dependent.metadata.ownerReferences = refs.filter((r) => r.name !== found.metadata.name);
                        }
                    }
                }
                this.delete(found);
                return reply(200, { kind: "Status", status: "Success" });
            }
            if (req.method !== "GET") return refuse(405, "MethodNotAllowed", `${req.method} is not supported here`);
            reply(200, found);
        });
    }

    private delete(object: StoredObject): void {
        if ((object.metadata.finalizers ?? []).length > 0) object.metadata.deletionTimestamp ??= "2026-11-23T00:00:00Z";
        else this.objects = this.objects.filter((o) => o !== object);
    }

    /** Whether a controller's Deployment exists right now (asked again for every object it would release). */
    private runs(deployment: string): boolean {
        return this.objects.some((o) => o.kind === "Deployment" && o.metadata.name === deployment);
    }

    /**
     * One round of the controllers: Argo CD, the ApplicationSet controller, the load-balancer controller and the
     * CSI driver. Objects are visited one at a time, and whether the controller that must release an object
     * still runs is decided for that object, after everything visited before it: a cascade that deletes the
     * controller earlier in the same round strands what comes after.
     */
    private reconcile(): void {
        for (const object of [...this.objects]) {
            if (!this.objects.includes(object)) continue;
            const deleting = object.metadata.deletionTimestamp !== undefined;
            const finalizers = object.metadata.finalizers ?? [];
            if (deleting && finalizers.includes(LB_FINALIZER) && this.runs(LB_CONTROLLER)) {
                object.metadata.finalizers = finalizers.filter((f) => f !== LB_FINALIZER);
            }
            if (deleting && finalizers.includes(NODECLAIM_FINALIZER) && this.runs(KARPENTER_CONTROLLER)) {
                object.metadata.finalizers = (object.metadata.finalizers ?? []).filter(
                    (f) => f !== NODECLAIM_FINALIZER,
                );
            }
            if (object.kind === "NodeClaim" && !deleting) {
                const owner = object.metadata.ownerReferences?.find((r) => r.kind === "NodePool");
                if (owner && !this.objects.some((o) => o.kind === "NodePool" && o.metadata.name === owner.name)) {
                    this.delete(object);
                }
            }
            if (deleting && finalizers.includes(VOLUME_FINALIZER) && this.runs(CSI_CONTROLLER)) {
                object.metadata.finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== VOLUME_FINALIZER);
            }
            if (deleting && object.kind === "ApplicationSet") {
                const owned = this.objects.filter((o) =>
                    o.metadata.ownerReferences?.some((r) => r.name === object.metadata.name),
                );
                owned.forEach((o) => this.delete(o));
                if (owned.length === 0) object.metadata.finalizers = [];
            }
            if (deleting && object.kind === "Application" && finalizers.includes(CASCADE)) {
                const tracked = this.objects.filter((o) => trackedBy(o) === object.metadata.name);
                tracked.forEach((o) => this.delete(o));
                if (tracked.length === 0) {
                    object.metadata.finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== CASCADE);
                }
            }
            if (deleting && (object.metadata.finalizers ?? []).length === 0) {
                this.objects = this.objects.filter((o) => o !== object);
            }
        }
        // Self-heal: an Application with automated sync puts back the Applications and ApplicationSets it tracks.
        for (const app of this.objects.filter((o) => o.kind === "Application" && o.spec?.syncPolicy?.automated)) {
            for (const original of this.initial.filter(
                (o) => trackedBy(o) === app.metadata.name && (o.kind === "Application" || o.kind === "ApplicationSet"),
            )) {
                if (!this.objects.some((o) => o.kind === original.kind && o.metadata.name === original.metadata.name)) {
                    this.objects.push(structuredClone(original));
                }
            }
        }
    }
}

/**
 * A platform as the program leaves it: root, waves 0/1/6, Argo CD's own Ingress, workloads with load balancers
 * and a volume, an ingress controller with its own LoadBalancer Service and the load-balancer controller in the
 * same infrastructure wave, and the CSI driver (an EKS add-on, not Argo CD's).
 */
export function deployedPlatform(): StoredObject[] {
    const app = (name: string, wave: string, extra: Partial<StoredObject> = {}): StoredObject => ({
        kind: "Application",
        metadata: {
            name,
            namespace: "argocd",
            annotations: {
                "argocd.argoproj.io/sync-wave": wave,
                [TRACKING]: `root:argoproj.io/Application:argocd/${name}`,
            },
            finalizers: [CASCADE],
        },
        spec: { project: "platform", syncPolicy: { automated: { prune: true, selfHeal: true } } },
        status: { sync: { status: "Synced" }, health: { status: "Healthy" } },
        ...extra,
    });
    const tracked = (
        kind: StoredObject["kind"],
        namespace: string,
        name: string,
        by: string,
        extra: any = {},
    ): StoredObject => ({
        kind,
        metadata: {
            name,
            namespace,
            annotations: { [TRACKING]: `${by}:${kind}:${namespace}/${name}` },
            ...extra.metadata,
        },
        spec: extra.spec,
    });
    return [
        {
            kind: "Application",
            metadata: { name: "root", namespace: "argocd", finalizers: [CASCADE] },
            spec: { project: "platform", syncPolicy: { automated: { prune: true, selfHeal: true } } },
            status: { sync: { status: "Synced" }, health: { status: "Healthy" } },
        },
        app("argocd", "0", {
            metadata: {
                name: "argocd",
                namespace: "argocd",
                annotations: {
                    "argocd.argoproj.io/sync-wave": "0",
                    [TRACKING]: "root:argoproj.io/Application:argocd/argocd",
                },
            },
            spec: {
                project: "platform",
                source: { chart: "argo-cd", repoURL: "https://argoproj.github.io/argo-helm", targetRevision: "10.1.1" },
                syncPolicy: { automated: { prune: true, selfHeal: true } },
            },
        }),
        {
            ...app("infrastructure", "1"),
            kind: "ApplicationSet",
        },
        app("infrastructure-lb-controller", "1", {
            metadata: {
                name: "infrastructure-lb-controller",
                namespace: "argocd",
                finalizers: [CASCADE],
                ownerReferences: [{ kind: "ApplicationSet", name: "infrastructure" }],
            },
        }),
        { ...app("apps", "6"), kind: "ApplicationSet" },
        app("payments-api", "6", {
            metadata: {
                name: "payments-api",
                namespace: "argocd",
                finalizers: [CASCADE],
                ownerReferences: [{ kind: "ApplicationSet", name: "apps" }],
            },
        }),
        app("infrastructure-ingress-nginx", "1", {
            metadata: {
                name: "infrastructure-ingress-nginx",
                namespace: "argocd",
                finalizers: [CASCADE],
                ownerReferences: [{ kind: "ApplicationSet", name: "infrastructure" }],
            },
        }),
        app("infrastructure-cert-manager", "1", {
            metadata: {
                name: "infrastructure-cert-manager",
                namespace: "argocd",
                finalizers: [CASCADE],
                ownerReferences: [{ kind: "ApplicationSet", name: "infrastructure" }],
            },
        }),
        tracked("Deployment", "kube-system", LB_CONTROLLER, "infrastructure-lb-controller"),
        tracked("Deployment", "ingress-nginx", "ingress-nginx-controller", "infrastructure-ingress-nginx"),
        tracked("Service", "ingress-nginx", "ingress-nginx-controller", "infrastructure-ingress-nginx", {
            metadata: { finalizers: [LB_FINALIZER] },
            spec: { type: "LoadBalancer" },
        }),
        tracked("Deployment", "cert-manager", "cert-manager", "infrastructure-cert-manager"),
        { kind: "Deployment", metadata: { name: CSI_CONTROLLER, namespace: "kube-system" } },
        tracked("StatefulSet", "payments", "db", "payments-api"),
        {
            kind: "PersistentVolumeClaim",
            metadata: { name: "data-db-0", namespace: "payments", finalizers: [VOLUME_FINALIZER] },
            spec: { storageClassName: "gp3", volumeName: "pvc-0f3e" },
        },
        tracked("Service", "payments", "api", "payments-api", {
            metadata: { finalizers: [LB_FINALIZER] },
            spec: { type: "LoadBalancer" },
        }),
        tracked("Ingress", "payments", "api", "payments-api", { metadata: { finalizers: [LB_FINALIZER] } }),
        tracked("Ingress", "argocd", "argocd-server", "argocd", { metadata: { finalizers: [LB_FINALIZER] } }),
        tracked("Service", "payments", "internal", "payments-api", { spec: { type: "ClusterIP" } }),
    ];
}

/**
 * A platform with Karpenter added, as the catalogue deploys it: the `karpenter` ApplicationSet (wave 2) and its
 * Application running the controller, the `karpenter-nodepools` ApplicationSet (wave 3) and its Application
 * holding a NodePool, and one NodeClaim (an instance) of that NodePool.
 */
export function withKarpenter(objects: StoredObject[]): StoredObject[] {
    const automated = { project: "platform", syncPolicy: { automated: { prune: true, selfHeal: true } } };
    const pair = (name: string, wave: string): StoredObject[] => [
        {
            kind: "ApplicationSet",
            metadata: {
                name,
                namespace: "argocd",
                annotations: {
                    "argocd.argoproj.io/sync-wave": wave,
                    [TRACKING]: `root:argoproj.io/ApplicationSet:argocd/${name}`,
                },
            },
        },
        {
            kind: "Application",
            metadata: {
                name,
                namespace: "argocd",
                finalizers: [CASCADE],
                ownerReferences: [{ kind: "ApplicationSet", name }],
            },
            spec: automated,
        },
    ];
    return [
        ...objects,
        ...pair(KARPENTER_CONTROLLER, "2"),
        ...pair("karpenter-nodepools", "3"),
        {
            kind: "Deployment",
            metadata: {
                name: KARPENTER_CONTROLLER,
                namespace: "kube-system",
                annotations: { [TRACKING]: "karpenter:apps/Deployment:kube-system/karpenter" },
            },
        },
        {
            kind: "NodePool",
            metadata: {
                name: "system",
                annotations: { [TRACKING]: "karpenter-nodepools:karpenter.sh/NodePool:/system" },
            },
        },
        {
            kind: "NodeClaim",
            metadata: {
                name: "system-x7k2p",
                finalizers: [NODECLAIM_FINALIZER],
                ownerReferences: [{ kind: "NodePool", name: "system" }],
            },
        },
    ];
}
