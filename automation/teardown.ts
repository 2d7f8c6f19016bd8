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
    /** True when no Application, LoadBalancer Service, Ingress or terminating namespace is left. */
    clean: boolean;
    /** What is left, one line each, with its finalizers. */
    stuck: string[];
}

const nameOf = (o: KubeObject) => o.metadata.name;
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

const waveOf = (o: KubeObject) => Number.parseInt(o.metadata.annotations?.[SYNC_WAVE] ?? "0", 10) || 0;
const ownedBy = (app: KubeObject, owners: Set<string>) =>
    (app.metadata.ownerReferences ?? []).some((ref) => ref.kind === "ApplicationSet" && owners.has(ref.name));

/**
 * Lets Argo CD delete what it manages on one cluster, in reverse sync-wave order, and waits until nothing that
 * holds a cloud load balancer is left:
 *
 * 1. Stop the root Application and Argo CD's own Application from re-syncing what is being deleted.
 * 2. Delete Argo CD's own Ingresses and LoadBalancer Services while the controllers that own their load
 *    balancers still run.
 * 3. Delete the root's children (ApplicationSets and Applications) wave by wave, highest first, waiting for
 *    each wave and the Applications its ApplicationSets generated: workloads go before the ingress and
 *    load-balancer controllers of the infrastructure wave that must clean up after them.
 * 4. Delete the root, then Argo CD's own Application (no cascade: Argo CD stays until Pulumi removes it).
 * 5. Delete any LoadBalancer Service or Ingress still left, and wait for all of it to be gone.
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

    // 3. The root's children, highest wave first.
    const applicationSets = await api.listApplicationSets();
    const setNames = new Set(applicationSets.map(nameOf));
    const keep = new Set([ROOT_APPLICATION, ...argocdItself.map(nameOf)]);
    const children: { kind: "ApplicationSet" | "Application"; object: KubeObject }[] = [
        ...applicationSets.map((object) => ({ kind: "ApplicationSet" as const, object })),
        ...applications
            .filter((a) => !keep.has(nameOf(a)) && !ownedBy(a, setNames))
            .map((object) => ({ kind: "Application" as const, object })),
    ];
    const waves = [...new Set(children.map((c) => waveOf(c.object)))].sort((a, b) => b - a);
    for (const wave of waves) {
        const inWave = children.filter((c) => waveOf(c.object) === wave);
        const sets = new Set(inWave.filter((c) => c.kind === "ApplicationSet").map((c) => nameOf(c.object)));
        const apps = new Set(inWave.filter((c) => c.kind === "Application").map((c) => nameOf(c.object)));
        log(`deleting sync wave ${wave}: ${inWave.map((c) => `${c.kind} ${nameOf(c.object)}`).join(", ")}`);
        for (const child of inWave) {
            if (child.kind === "ApplicationSet") await api.deleteApplicationSet(nameOf(child.object));
            else await api.deleteApplication(nameOf(child.object));
        }
        const gone = await waitFor(`sync wave ${wave} to be deleted`, async () => {
            const [remainingSets, remainingApps] = await Promise.all([
                api.listApplicationSets(),
                api.listApplications(),
            ]);
            return (
                !remainingSets.some((s) => sets.has(nameOf(s))) &&
                !remainingApps.some((a) => apps.has(nameOf(a)) || ownedBy(a, sets))
            );
        });
        if (!gone) break;
    }

    // 4. The root, then Argo CD's own Application, which has no cascade finalizer.
    if (now() < deadline) {
        if (root) {
            log("deleting the root Application");
            await api.deleteApplication(ROOT_APPLICATION);
        }
        for (const app of argocdItself) await api.deleteApplication(nameOf(app));
    }

    // 5. Whatever still holds a load balancer, then the final wait.
    const leftovers = async () => ({
        applications: await api.listApplications(),
        services: await api.listLoadBalancerServices(),
        ingresses: await api.listIngresses(),
        namespaces: await api.listTerminatingNamespaces(),
    });
    await waitFor("the Applications to be deleted", async () => (await api.listApplications()).length === 0);
    const left = await leftovers();
    for (const service of left.services.filter((s) => !s.metadata.deletionTimestamp)) {
        log(
            `deleting LoadBalancer Service ${service.metadata.namespace}/${nameOf(service)}, which no Application managed`,
        );
        await api.deleteService(service.metadata.namespace ?? "default", nameOf(service));
    }
    for (const ingress of left.ingresses.filter((i) => !i.metadata.deletionTimestamp)) {
        log(`deleting Ingress ${ingress.metadata.namespace}/${nameOf(ingress)}, which no Application managed`);
        await api.deleteIngress(ingress.metadata.namespace ?? "default", nameOf(ingress));
    }
    await waitFor("load balancers and terminating namespaces to be gone", async () => {
        const current = await leftovers();
        return Object.values(current).every((list) => list.length === 0);
    });

    const final = await leftovers();
    const stuck = [
        ...final.applications.map((o) => describe("Application", o)),
        ...final.services.map((o) => describe("LoadBalancer Service", o)),
        ...final.ingresses.map((o) => describe("Ingress", o)),
        ...final.namespaces.map((o) => describe("terminating Namespace", o)),
    ];
    log(stuck.length === 0 ? "nothing Argo CD managed is left" : `stuck: ${stuck.join("; ")}`);
    return { cluster, clean: stuck.length === 0, stuck };
}
