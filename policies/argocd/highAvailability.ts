import { forEachArgoCd, ARGOCD_CARRIERS } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { isTrue, valueAt } from "../lib/values";

/* eslint-disable @typescript-eslint/no-explicit-any -- Helm values are untyped */

/** Components that serve requests and must survive losing a node. */
const REPLICATED = ["server", "repoServer", "applicationSet"];
/** Components whose voluntary evictions a PodDisruptionBudget must limit. */
const WITH_PDB = ["controller", "server", "repoServer", "applicationSet"];

function replicas(component: any): number {
    if (isTrue(component?.autoscaling?.enabled)) return Number(component.autoscaling.minReplicas ?? 1);
    return Number(component?.replicas ?? 1);
}

/** Production Argo CD survives the loss of a node or a zone. */
export const argocdHighAvailability = resourcePolicy({
    name: "argocd-high-availability",
    severity: "medium",
    description: "Production Argo CD runs highly available: redis-ha, two or more replicas, PodDisruptionBudgets.",
    rationale:
        "Argo CD's high-availability guide: with one Redis, one API server or one repo server a node drain stops " +
        "every sync and the UI. In production the platform's delivery path must survive node and zone loss.",
    remediationSteps:
        "Set `argocd.ha: true` (the default in prod): it enables redis-ha, runs server, repo server and " +
        "ApplicationSet controller with two or more replicas, and adds PodDisruptionBudgets.",
    productionOnly: true,
    types: ARGOCD_CARRIERS,
    validate: (args, report) =>
        forEachArgoCd(args, ({ values, source }) => {
            if (!isTrue(valueAt(values, ["redis-ha", "enabled"])))
                report(`${source}: \`redis-ha.enabled\` is not true.`);
            for (const component of REPLICATED) {
                const count = replicas(values[component]);
                if (count < 2) report(`${source}: \`${component}\` runs ${count} replica(s), fewer than 2.`);
            }
            for (const component of WITH_PDB) {
                if (!isTrue(valueAt(values, [component, "pdb", "enabled"]))) {
                    report(`${source}: \`${component}.pdb.enabled\` is not true.`);
                }
            }
        }),
});
