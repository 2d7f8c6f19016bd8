import { expandApplicationSet } from "../gitops/applicationSets";
import { Cluster } from "../gitops/permissions";

/** An ApplicationSet as the contract check reads it. */
export interface ApplicationSetManifest {
    metadata: { name: string };
    spec: { generators: Record<string, unknown>[]; template: unknown };
}

/** The `matchLabels` of an ApplicationSet's clusters generators. */
function selectors(applicationSet: ApplicationSetManifest): Record<string, string>[] {
    return applicationSet.spec.generators.flatMap((generator) => {
        const clusters = generator.clusters as { selector?: { matchLabels?: Record<string, string> } } | undefined;
        return clusters ? [clusters.selector?.matchLabels ?? {}] : [];
    });
}

/**
 * The GitOps-bridge contract between the cluster Secrets the IaC writes and the ApplicationSets seeded in
 * Git, both ways: every ApplicationSet that selects a cluster renders for it with `missingkey=error` (so each
 * `{{.metadata.annotations.X}}` / `{{.metadata.labels.X}}` it reads is in the Secret), and every
 * `enable_<addon>: "true"` label of a Secret is selected by some ApplicationSet (nothing promised without a
 * consumer). Returns one line per breach, empty when the contract holds.
 */
export function bridgeContractProblems(
    clusters: readonly Cluster[],
    applicationSets: readonly ApplicationSetManifest[],
): string[] {
    const problems: string[] = [];
    for (const cluster of clusters) {
        for (const applicationSet of applicationSets) {
            try {
                expandApplicationSet(applicationSet, { clusters: [cluster], directories: [] });
            } catch (error) {
                problems.push(
                    `ApplicationSet ${applicationSet.metadata.name} on cluster ${cluster.name}: ${(error as Error).message}`,
                );
            }
        }
        const labels = cluster.labels ?? {};
        for (const [key, value] of Object.entries(labels)) {
            if (!key.startsWith("enable_") || value !== "true") continue;
            const consumed = applicationSets.some((set) =>
                selectors(set).some(
                    (selector) => key in selector && Object.entries(selector).every(([k, v]) => labels[k] === v),
                ),
            );
            if (!consumed) problems.push(`cluster ${cluster.name}: label ${key} selects no ApplicationSet`);
        }
    }
    return problems;
}
