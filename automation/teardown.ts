import { ARGOCD_NAMESPACE } from "../components/argocd/values";
import {
    ROOT_APPLICATION_NAME as ROOT_APPLICATION,
    SYNC_WAVE_ANNOTATION as SYNC_WAVE,
} from "../components/gitops/layout";
import { ClusterApi, KubeObject } from "./kube";

/** How long to wait and how to log. Tests shrink the times and replace the clock. */
export interface TeardownOptions {
    /** Give up on a cluster after this long. */
    timeoutMs: number;
    /** Time between two looks at the cluster. */
    pollMs: number;
    log: (line: string) => void;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
}

/** What the teardown of one cluster left behind. */
export interface TeardownResult {
    cluster: string;
    /**
     * True when no Application, LoadBalancer Service, Ingress, PersistentVolumeClaim, Karpenter NodeClaim (an
     * instance it launched) or terminating namespace is left.
     */
    clean: boolean;
    /** What is left, one line each, with its finalizers. */
    stuck: string[];
}

const nameOf = (o: KubeObject) => o.metadata.name;
const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
const describe = (kind: string, o: KubeObject) => {
    const where = o.metadata.namespace ? `${o.metadata.namespace}/` : "";
    const finalizers = o.metadata.finalizers?.length ? ` (finalizers: ${o.metadata.finalizers.join(", ")})` : "";
    return `${kind} ${where}${o.metadata.name}${finalizers}`;
};

/** The Application through which Argo CD manages itself: it installs the argo-cd chart. */
export function isArgoCdItself(app: KubeObject): boolean {
    const sources: { chart?: string }[] = app.spec?.sources ?? (app.spec?.source ? [app.spec.source] : []);
    return sources.some((s) => s.chart === "argo-cd" || s.chart?.endsWith("/argo-cd") === true);
}

/**
 * Controllers that hold cloud resources, in the order they must go: ingress controllers first (their own
 * LoadBalancer Service is released by the load-balancer controller), then the load-balancer controller, then
 * Karpenter's NodePools (Karpenter terminates their instances, once nothing else needs the nodes), and
 * Karpenter itself last (only it releases its NodeClaims).
 */
export type ControllerTier = "ingress" | "load-balancer" | "node-pools" | "node-provisioner";
const TIER_ORDER: ControllerTier[] = ["ingress", "load-balancer", "node-pools", "node-provisioner"];

/** Deployment names of the controllers that hold cloud resources, by tier. */
export const HELD_BACK_CONTROLLERS: { pattern: RegExp; tier: ControllerTier }[] = [
    { pattern: /^aws-load-balancer-controller$/, tier: "load-balancer" },
    { pattern: /^karpenter$/, tier: "node-provisioner" },
    {
        pattern:
            /ingress-nginx|ingress-controller|^traefik$|haproxy-ingress|^contour$|envoy-gateway|istio-ingressgateway|^kong/,
        tier: "ingress",
    },
];

/** The tier of a Deployment that holds cloud resources (load balancers, instances), or undefined for any other. */
export function controllerTierOf(deployment: KubeObject): ControllerTier | undefined {
    return HELD_BACK_CONTROLLERS.find((c) => c.pattern.test(nameOf(deployment)))?.tier;
}

const TRACKING_ID = "argocd.argoproj.io/tracking-id";
const INSTANCE_LABEL = "app.kubernetes.io/instance";

/**
 * The Application that manages an object: Argo CD's tracking annotation (`<app>:<group>/<kind>:<ns>/<name>`),
 * else its default tracking label `app.kubernetes.io/instance`.
 */
export function trackingApplication(o: KubeObject): string | undefined {
    const id = o.metadata.annotations?.[TRACKING_ID];
    if (id) return id.split(":")[0];
    return o.metadata.labels?.[INSTANCE_LABEL];
}

/**
 * The Applications that run a controller holding cloud resources, or hold Karpenter's NodePools, with their
 * tier (the later one when an Application has several).
 */
export function controllerApplications(
    deployments: KubeObject[],
    nodePools: KubeObject[],
): Map<string, ControllerTier> {
    const tiers = new Map<string, ControllerTier>();
    const held = [
        ...deployments.map((deployment) => ({ object: deployment, tier: controllerTierOf(deployment) })),
        ...nodePools.map((pool) => ({ object: pool, tier: "node-pools" as const })),
    ];
    for (const { object, tier } of held) {
        const app = trackingApplication(object);
        if (!tier || !app) continue;
        const known = tiers.get(app);
        if (!known || TIER_ORDER.indexOf(tier) > TIER_ORDER.indexOf(known)) tiers.set(app, tier);
    }
    return tiers;
}

const waveOf = (o: KubeObject) => Number.parseInt(o.metadata.annotations?.[SYNC_WAVE] ?? "0", 10) || 0;
const ownedBy = (app: KubeObject, owners: Set<string>) =>
    (app.metadata.ownerReferences ?? []).some((ref) => ref.kind === "ApplicationSet" && owners.has(ref.name));

/**
 * Lets Argo CD delete what it manages on one cluster so that nothing holding a cloud load balancer or disk is
 * left when the cluster goes, and waits for it:
 *
 * 1. Stop the root Application and Argo CD's own Application from re-syncing what is being deleted.
 * 2. Delete Argo CD's own Ingresses and LoadBalancer Services while the controllers behind them still run.
 * 3. Delete the root's children (ApplicationSets and Applications) wave by wave, highest first, except the
 *    Applications that run a load-balancer or ingress controller: an ApplicationSet that generated one is
 *    deleted orphaning its Applications, and the others are deleted one by one.
 * 4. Delete every LoadBalancer Service and Ingress still left (except the controllers' own) and every
 *    PersistentVolumeClaim, and wait for them: their controllers, and the CSI driver, still run.
 * 5. Delete the controller Applications, ingress controllers first (the load-balancer controller releases
 *    their own LoadBalancer Services), then the load-balancer controller, then the Applications of Karpenter's
 *    NodePools, waiting until Karpenter has terminated every instance it launched (no NodeClaim left: the
 *    nodes ran the controllers until now), and Karpenter last.
 * 6. Delete the root, then Argo CD's own Application (no cascade: Argo CD stays until Pulumi removes it).
 * 7. Wait until no Application, LoadBalancer Service, Ingress, PVC, NodeClaim or terminating namespace is left.
 *
 * Returns what is stuck when the deadline passes; the caller must then not destroy the cluster.
 */
export async function teardownCluster(
    cluster: string,
    api: ClusterApi,
    options: TeardownOptions,
): Promise<TeardownResult> {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadline = now() + options.timeoutMs;
    const log = (line: string) => options.log(`${cluster}: ${line}`);

    /** Polls until `done` holds or the deadline passes; true when done. */
    const waitFor = async (what: string, done: () => Promise<boolean>): Promise<boolean> => {
        log(`waiting for ${what}`);
        for (;;) {
            if (await done()) return true;
            if (now() >= deadline) {
                log(`timed out waiting for ${what}`);
                return false;
            }
            await sleep(options.pollMs);
        }
    };

    const applications = await api.listApplications();
    const root = applications.find((a) => nameOf(a) === ROOT_APPLICATION);
    const argocdItself = applications.filter(isArgoCdItself);

    // 1. Without this, self-heal would recreate each child as soon as it is deleted.
    for (const app of [root, ...argocdItself].filter((a): a is KubeObject => a !== undefined)) {
        log(`stopping automated sync of Application ${nameOf(app)}`);
        await api.patchApplication(nameOf(app), { spec: { syncPolicy: { automated: null } } });
    }

    // 2. Argo CD's own entry points (its UI ingress), before the controllers behind them go.
    const inArgoCd = (o: KubeObject) => o.metadata.namespace === ARGOCD_NAMESPACE;
    const ownIngresses = (await api.listIngresses()).filter(inArgoCd);
    const ownServices = (await api.listLoadBalancerServices()).filter(inArgoCd);
    for (const ingress of ownIngresses) {
        log(`deleting Argo CD's Ingress ${nameOf(ingress)}`);
        await api.deleteIngress(ARGOCD_NAMESPACE, nameOf(ingress));
    }
    for (const service of ownServices) {
        log(`deleting Argo CD's LoadBalancer Service ${nameOf(service)}`);
        await api.deleteService(ARGOCD_NAMESPACE, nameOf(service));
    }
    if (ownIngresses.length + ownServices.length > 0) {
        await waitFor("Argo CD's own load balancers to be released", async () => {
            const ingresses = (await api.listIngresses()).filter(inArgoCd);
            const services = (await api.listLoadBalancerServices()).filter(inArgoCd);
            return ingresses.length + services.length === 0;
        });
    }

    // 3. The root's children, highest wave first, holding back the Applications of tier below.
    const keep = new Set([ROOT_APPLICATION, ...argocdItself.map(nameOf)]);
    const controllers = controllerApplications(await api.listAllDeployments(), await api.listNodePools());
    for (const name of keep) controllers.delete(name);
    if (controllers.size > 0) {
        log(`holding back until the end: ${[...controllers].map(([app, tier]) => `${app} (${tier})`).join(", ")}`);
    }
    const applicationSets = await api.listApplicationSets();
    const setNames = new Set(applicationSets.map(nameOf));
    const children: { kind: "ApplicationSet" | "Application"; object: KubeObject }[] = [
        ...applicationSets.map((object) => ({ kind: "ApplicationSet" as const, object })),
        ...applications
            .filter((a) => !keep.has(nameOf(a)) && !controllers.has(nameOf(a)) && !ownedBy(a, setNames))
            .map((object) => ({ kind: "Application" as const, object })),
    ];
    const waves = [...new Set(children.map((c) => waveOf(c.object)))].sort((a, b) => b - a);
    let onTime = true;
    for (const wave of waves) {
        const inWave = children.filter((c) => waveOf(c.object) === wave);
        const sets = new Set(inWave.filter((c) => c.kind === "ApplicationSet").map((c) => nameOf(c.object)));
        const apps = new Set(inWave.filter((c) => c.kind === "Application").map((c) => nameOf(c.object)));
        // An ApplicationSet that generated a controller's Application is deleted orphaning what it generated;
        // its other Applications are then deleted one by one.
        const generated = applications.filter((a) => ownedBy(a, sets) && !keep.has(nameOf(a)));
        const holding = new Set(
            generated
                .filter((a) => controllers.has(nameOf(a)))
                .flatMap((a) => a.metadata.ownerReferences ?? [])
                .map((r) => r.name),
        );
        const oneByOne = generated.filter(
            (a) => !controllers.has(nameOf(a)) && (a.metadata.ownerReferences ?? []).some((r) => holding.has(r.name)),
        );
        log(`deleting sync wave ${wave}: ${inWave.map((c) => `${c.kind} ${nameOf(c.object)}`).join(", ")}`);
        for (const child of inWave) {
            const name = nameOf(child.object);
            if (child.kind === "ApplicationSet") await api.deleteApplicationSet(name, { orphan: holding.has(name) });
            else await api.deleteApplication(name);
        }
        for (const app of oneByOne) await api.deleteApplication(nameOf(app));
        const waited = new Set([...apps, ...oneByOne.map(nameOf)]);
        onTime = await waitFor(`sync wave ${wave} to be deleted`, async () => {
            const [remainingSets, remainingApps] = await Promise.all([
                api.listApplicationSets(),
                api.listApplications(),
            ]);
            return (
                !remainingSets.some((s) => sets.has(nameOf(s))) &&
                !remainingApps.some((a) => !controllers.has(nameOf(a)) && (waited.has(nameOf(a)) || ownedBy(a, sets)))
            );
        });
        if (!onTime) break;
    }

    // 4. What holds a load balancer or a disk, while every controller still runs.
    const controllersOwn = async () => {
        const services = await api.listLoadBalancerServices();
        return new Set(services.filter((s) => controllers.has(trackingApplication(s) ?? "")).map(keyOf));
    };
    const held = await controllersOwn();
    const loose = async () => ({
        services: (await api.listLoadBalancerServices()).filter((s) => !held.has(keyOf(s))),
        ingresses: await api.listIngresses(),
        claims: await api.listPersistentVolumeClaims(),
    });
    if (onTime) {
        const left = await loose();
        for (const service of left.services.filter((s) => !s.metadata.deletionTimestamp)) {
            log(`deleting LoadBalancer Service ${keyOf(service)} while its controller still runs`);
            await api.deleteService(service.metadata.namespace ?? "default", nameOf(service));
        }
        for (const ingress of left.ingresses.filter((i) => !i.metadata.deletionTimestamp)) {
            log(`deleting Ingress ${keyOf(ingress)} while its controller still runs`);
            await api.deleteIngress(ingress.metadata.namespace ?? "default", nameOf(ingress));
        }
        for (const claim of left.claims.filter((c) => !c.metadata.deletionTimestamp)) {
            log(`deleting PersistentVolumeClaim ${keyOf(claim)} (its volume is a cloud disk)`);
            await api.deletePersistentVolumeClaim(claim.metadata.namespace ?? "default", nameOf(claim));
        }
        onTime = await waitFor("load balancers and volumes to be released", async () => {
            const current = await loose();
            return current.services.length + current.ingresses.length + current.claims.length === 0;
        });
    }

    // 5. The held-back Applications, tier by tier (TIER_ORDER).
    for (const tier of TIER_ORDER) {
        if (!onTime) break;
        const apps = [...controllers].filter(([, t]) => t === tier).map(([app]) => app);
        if (apps.length === 0) continue;
        log(`deleting the ${tier} Applications: ${apps.join(", ")}`);
        for (const app of apps) await api.deleteApplication(app);
        const held = tier === "node-pools" ? "the instances Karpenter launched" : "their load balancers";
        onTime = await waitFor(`the ${tier} Applications and ${held} to be gone`, async () => {
            const [remainingApps, services, nodeClaims] = await Promise.all([
                api.listApplications(),
                api.listLoadBalancerServices(),
                tier === "node-pools" ? api.listNodeClaims() : [],
            ]);
            const own = services.filter((s) => apps.includes(trackingApplication(s) ?? ""));
            return !remainingApps.some((a) => apps.includes(nameOf(a))) && own.length + nodeClaims.length === 0;
        });
    }

    // 6. The root, then Argo CD's own Application, which has no cascade finalizer.
    if (onTime && now() < deadline) {
        if (root) {
            log("deleting the root Application");
            await api.deleteApplication(ROOT_APPLICATION);
        }
        for (const app of argocdItself) await api.deleteApplication(nameOf(app));
    }

    // 7. The final wait.
    const leftovers = async () => ({
        applications: await api.listApplications(),
        services: await api.listLoadBalancerServices(),
        ingresses: await api.listIngresses(),
        claims: await api.listPersistentVolumeClaims(),
        nodeClaims: await api.listNodeClaims(),
        namespaces: await api.listTerminatingNamespaces(),
    });
    await waitFor("nothing Argo CD managed to be left", async () => {
        const current = await leftovers();
        return Object.values(current).every((list) => list.length === 0);
    });

    const final = await leftovers();
    const stuck = [
        ...final.applications.map((o) => describe("Application", o)),
        ...final.services.map((o) => describe("LoadBalancer Service", o)),
        ...final.ingresses.map((o) => describe("Ingress", o)),
        ...final.claims.map((o) => describe("PersistentVolumeClaim", o)),
        ...final.nodeClaims.map((o) => describe("Karpenter NodeClaim (an EC2 instance)", o)),
        ...final.namespaces.map((o) => describe("terminating Namespace", o)),
    ];
    log(stuck.length === 0 ? "nothing Argo CD managed is left" : `stuck: ${stuck.join("; ")}`);
    return { cluster, clean: stuck.length === 0, stuck };
}
