import { forEachArgoCd, ARGOCD_CARRIERS } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { compareVersions } from "../lib/values";

interface Config {
    minimumChartVersion: string;
}

/**
 * First argo-cd chart release whose Argo CD (v3.1.8) fixes both CVE-2025-55190 (fixed in v3.1.2) and
 * CVE-2025-59538 (fixed in v3.1.8).
 */
export const FIRST_FIXED_CHART_VERSION = "8.5.8";

/** The argo-cd chart is at or above a floor that has the known critical fixes. */
export const argocdChartVersion = resourcePolicy<Config>({
    name: "argocd-chart-version",
    severity: "critical",
    description: "The argo-cd Helm chart is pinned at or above the configured floor.",
    rationale:
        "GHSA-786q-9hcg-v9ff (CVE-2025-55190, CVSS 9.9: project API tokens could read repository credentials) and " +
        "GHSA-gpx4-37g2-c8pv (CVE-2025-59538: unauthenticated crash through a malformed webhook). The default floor " +
        "is chart 8.5.8, the first with Argo CD v3.1.8, which fixes both.",
    remediationSteps:
        "Pin `argocd.chartVersion` at or above the floor (gitops-platform pins 10.1.1, Argo CD v3.4.4). Raise " +
        "`minimumChartVersion` in the pack config when a new advisory is published.",
    config: {
        minimumChartVersion: {
            type: "string",
            pattern: "^\\d+\\.\\d+\\.\\d+$",
            default: FIRST_FIXED_CHART_VERSION,
            description: "Oldest argo-cd chart version allowed.",
        },
    },
    types: ARGOCD_CARRIERS,
    validate: (args, report, config) =>
        forEachArgoCd(args, ({ chartVersion, source }) => {
            if (typeof chartVersion !== "string" || !/^v?\d+\.\d+\.\d+/.test(chartVersion)) {
                report(`${source}: the chart version is ${chartVersion ?? "not pinned"}, not an exact release.`);
            } else if (compareVersions(chartVersion, config.minimumChartVersion) < 0) {
                report(`${source}: chart ${chartVersion} is older than ${config.minimumChartVersion}.`);
            }
        }),
});
