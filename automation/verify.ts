import { ARGOCD_NAMESPACE } from "../components/argocd/values";
import { ROOT_APPLICATION_NAME as ROOT_APPLICATION } from "../components/gitops/layout";
import { ClusterApi, KubeObject, describeKubeError } from "./kube";

/** Argo CD workloads that must exist in every install (the chart's names under the `argocd` release). */
export const REQUIRED_WORKLOADS = ["argocd-server", "argocd-repo-server", "argocd-application-controller"];

/** One pass/fail check of a cluster. */
export interface Check {
    name: string;
    passed: boolean;
    /** Why it failed, or a short state when it passed. */
    detail: string;
}

/** What `verify` found on one cluster. */
export interface ClusterHealth {
    cluster: string;
    /** Share of checks passing, 0-100; 0 when the cluster could not be read. */
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

/** Scores Argo CD's workloads and Applications as read from a cluster. Pure, so tests can feed it objects. */
export function assessCluster(
    cluster: string,
    workloads: KubeObject[],
    applications: KubeObject[],
): Omit<ClusterHealth, "error"> {
    const checks: Check[] = [];
    const byName = new Map(workloads.map((w) => [w.metadata.name, w]));
    for (const name of REQUIRED_WORKLOADS) {
        if (!byName.has(name)) checks.push({ name: `${name} available`, passed: false, detail: "missing" });
    }
    for (const workload of workloads) {
        checks.push({ name: `${workload.metadata.name} available`, ...workloadAvailable(workload) });
    }
    const status = (app: KubeObject) => ({
        name: app.metadata.name,
        sync: String(app.status?.sync?.status ?? "Unknown"),
        health: String(app.status?.health?.status ?? "Unknown"),
    });
    const root = applications.find((a) => a.metadata.name === ROOT_APPLICATION);
    if (!root) checks.push({ name: "root Application Synced and Healthy", passed: false, detail: "missing" });
    const rows = applications.map(status);
    for (const row of rows) {
        const label = row.name === ROOT_APPLICATION ? "root Application" : `Application ${row.name}`;
        checks.push({ name: `${label} Synced`, passed: row.sync === "Synced", detail: row.sync });
        checks.push({ name: `${label} Healthy`, passed: row.health === "Healthy", detail: row.health });
    }
    const passed = checks.filter((c) => c.passed).length;
    return { cluster, score: Math.round((passed / checks.length) * 100), checks, applications: rows };
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
        `Threshold: ${threshold}%.`,
        "",
        "| Cluster | Score | Checks passed | Result |",
        "| --- | --- | --- | --- |",
    ];
    for (const r of results) {
        const passed = r.checks.filter((c) => c.passed).length;
        const result = r.score >= threshold ? "pass" : "FAIL";
        lines.push(
            `| ${r.cluster} | ${r.score}% | ${r.error ? "unreachable" : `${passed}/${r.checks.length}`} | ${result} |`,
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
        for (const c of failed) lines.push(`- ${c.name}: ${c.detail}`);
        if (r.applications.length > 0) {
            lines.push("", "| Application | Sync | Health |", "| --- | --- | --- |");
            for (const a of r.applications) lines.push(`| ${a.name} | ${a.sync} | ${a.health} |`);
        }
    }
    return lines.join("\n");
}
