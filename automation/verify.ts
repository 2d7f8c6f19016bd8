import { ARGOCD_NAMESPACE } from "../components/argocd/values";
import { ROOT_APPLICATION_NAME as ROOT_APPLICATION } from "../components/gitops/layout";
import { ClusterApi, KubeObject, describeKubeError } from "./kube";

/** Argo CD workloads that must exist in every install (the chart's names under the `argocd` release). */
export const REQUIRED_WORKLOADS = ["argocd-server", "argocd-repo-server", "argocd-application-controller"];

/** One pass/fail check of a cluster. */
export interface Check {
    name: string;
    passed: boolean;
    /**
     * A hard gate: the cluster fails when it fails, whatever the score (Argo CD's own workloads, the root
     * Application Synced and Healthy). The other checks make up the score.
     */
    gate: boolean;
    /** Why it failed, or a short state when it passed. */
    detail: string;
}

/** What `verify` found on one cluster. */
export interface ClusterHealth {
    cluster: string;
    /** Share of the ranked (non-gate) checks passing, 0-100 (100 when there are none); 0 when unreadable. */
    score: number;
    checks: Check[];
    /** Each Application's sync and health status. */
    applications: { name: string; sync: string; health: string }[];
    /** Set when the cluster could not be reached. */
    error?: string;
}

function workloadAvailable(workload: KubeObject): { passed: boolean; detail: string } {
    const wanted = Number(workload.spec?.replicas ?? 1);
    const ready = Number(workload.status?.availableReplicas ?? workload.status?.readyReplicas ?? 0);
    return { passed: ready >= wanted && wanted > 0, detail: `${ready}/${wanted} available` };
}

/**
 * Checks Argo CD's workloads and Applications as read from a cluster. Argo CD's own workloads (all of them in
 * its namespace, and the required ones present) and the root Application Synced and Healthy are hard gates;
 * the other Applications' sync and health make up the score. Pure, so tests can feed it objects.
 */
export function assessCluster(
    cluster: string,
    workloads: KubeObject[],
    applications: KubeObject[],
): Omit<ClusterHealth, "error"> {
    const checks: Check[] = [];
    const byName = new Map(workloads.map((w) => [w.metadata.name, w]));
    for (const name of REQUIRED_WORKLOADS) {
        if (!byName.has(name)) checks.push({ name: `${name} available`, passed: false, gate: true, detail: "missing" });
    }
    for (const workload of workloads) {
        checks.push({ name: `${workload.metadata.name} available`, gate: true, ...workloadAvailable(workload) });
    }
    const status = (app: KubeObject) => ({
        name: app.metadata.name,
        sync: String(app.status?.sync?.status ?? "Unknown"),
        health: String(app.status?.health?.status ?? "Unknown"),
    });
    const root = applications.find((a) => a.metadata.name === ROOT_APPLICATION);
    if (!root) {
        checks.push({ name: "root Application Synced and Healthy", passed: false, gate: true, detail: "missing" });
    }
    const rows = applications.map(status);
    for (const row of rows) {
        const isRoot = row.name === ROOT_APPLICATION;
        const label = isRoot ? "root Application" : `Application ${row.name}`;
        checks.push({ name: `${label} Synced`, passed: row.sync === "Synced", gate: isRoot, detail: row.sync });
        checks.push({ name: `${label} Healthy`, passed: row.health === "Healthy", gate: isRoot, detail: row.health });
    }
    const ranked = checks.filter((c) => !c.gate);
    const passed = ranked.filter((c) => c.passed).length;
    const score = ranked.length === 0 ? 100 : Math.round((passed / ranked.length) * 100);
    return { cluster, score, checks, applications: rows };
}

/** Whether a cluster passes: readable, every hard gate passing, and the score at least the threshold. */
export function clusterPasses(health: ClusterHealth, threshold: number): boolean {
    return !health.error && health.checks.every((c) => c.passed || !c.gate) && health.score >= threshold;
}

/** Reads one cluster and scores it; an unreachable cluster scores 0 with the reason. */
export async function verifyCluster(cluster: string, api: ClusterApi): Promise<ClusterHealth> {
    try {
        const [deployments, statefulSets, applications] = await Promise.all([
            api.listDeployments(ARGOCD_NAMESPACE),
            api.listStatefulSets(ARGOCD_NAMESPACE),
            api.listApplications(),
        ]);
        return assessCluster(cluster, [...deployments, ...statefulSets], applications);
    } catch (error) {
        return { cluster, score: 0, checks: [], applications: [], error: describeKubeError(error) };
    }
}

/** The verification as Markdown: a score per cluster, then each cluster's failed checks and Applications. */
export function verifyMarkdown(stack: string, results: ClusterHealth[], threshold: number): string {
    const lines = [
        `## Platform verification of stack \`${stack}\``,
        "",
        `Hard gates: Argo CD's own workloads available, the root Application Synced and Healthy. Threshold for the score of the other checks: ${threshold}%.`,
        "",
        "| Cluster | Gates | Score | Checks passed | Result |",
        "| --- | --- | --- | --- | --- |",
    ];
    for (const r of results) {
        const passed = r.checks.filter((c) => c.passed).length;
        const gates = r.checks.filter((c) => c.gate);
        const gatesPassed = gates.filter((c) => c.passed).length;
        const result = clusterPasses(r, threshold) ? "pass" : "FAIL";
        const gateCell = r.error ? "unreachable" : `${gatesPassed}/${gates.length}`;
        lines.push(
            `| ${r.cluster} | ${gateCell} | ${r.score}% | ${r.error ? "unreachable" : `${passed}/${r.checks.length}`} | ${result} |`,
        );
    }
    for (const r of results) {
        lines.push("", `### ${r.cluster}`, "");
        if (r.error) {
            lines.push(`Could not read the cluster: ${r.error}`);
            continue;
        }
        const failed = r.checks.filter((c) => !c.passed);
        lines.push(failed.length === 0 ? "All checks pass." : "Failed checks:", "");
        for (const c of failed) lines.push(`- ${c.gate ? "**gate** " : ""}${c.name}: ${c.detail}`);
        if (r.applications.length > 0) {
            lines.push("", "| Application | Sync | Health |", "| --- | --- | --- |");
            for (const a of r.applications) lines.push(`| ${a.name} | ${a.sync} | ${a.health} |`);
        }
    }
    return lines.join("\n");
}
