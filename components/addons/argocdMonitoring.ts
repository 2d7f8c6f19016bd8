import { DEFAULT_ARGOCD_CHART_VERSION, defaultArgoCdVersion } from "../../config/argocdVersions";
import { ARGOCD_NAMESPACE, ARGOCD_RELEASE_NAME } from "../argocd/values";

/**
 * Argo CD watched by the kube-prometheus-stack add-on. The ServiceMonitors ship with kube-prometheus-stack
 * (`prometheus.additionalServiceMonitors`), not with Argo CD's chart. The argo-cd chart 10.1.1 renders its
 * own only where `monitoring.coreos.com/v1` is served (`.Capabilities.APIVersions.Has`), which at Pulumi's
 * first install (wave 0, before the stack's CRDs in wave 5) it is not, so they would appear only at some later
 * Argo CD sync; and they carry no `release` label, which the stack's Prometheus selects ServiceMonitors by.
 * The stack's own come with its CRDs and carry that label. Argo CD's values turn on only the metrics Services
 * (`metricsServices`), which need no CRD.
 */

/**
 * The metrics Services the argo-cd chart 10.1.1 renders when `<component>.metrics.enabled` (argoproj/argo-helm
 * tag argo-cd-10.1.1, templates/<component>/metrics.yaml): their selector labels (`argo-cd.labels` with the
 * `name` each template passes) and the port every one names `http-metrics`. Dex has no Service of its own for
 * metrics: its Service gains the `http-metrics` port (templates/dex/service.yaml), and exists only with GitHub
 * SSO, so its ServiceMonitor finds no target elsewhere.
 */
export const ARGOCD_METRICS_SERVICES = [
    { component: "application-controller", name: "argocd-metrics" },
    { component: "applicationset-controller", name: "argocd-metrics" },
    { component: "notifications-controller", name: "argocd-metrics" },
    { component: "repo-server", name: "argocd-repo-server-metrics" },
    { component: "server", name: "argocd-server-metrics" },
    { component: "dex-server", name: "argocd-dex-server" },
] as const;

/** The port name of every Argo CD metrics Service. */
export const ARGOCD_METRICS_PORT = "http-metrics";

/** Argo CD's Grafana dashboard, from the Argo CD release the platform installs by default (pinned tag). */
export function argocdDashboardUrl(): string {
    return `https://raw.githubusercontent.com/argoproj/argo-cd/${defaultArgoCdVersion(DEFAULT_ARGOCD_CHART_VERSION)}/examples/dashboard.json`;
}

/** kube-prometheus-stack values: a ServiceMonitor per Argo CD component, and Argo CD's Grafana dashboard. */
export function argocdMonitoringValues(): Record<string, unknown> {
    return {
        prometheus: {
            additionalServiceMonitors: ARGOCD_METRICS_SERVICES.map(({ component, name }) => ({
                name: `argocd-${component}`,
                selector: {
                    matchLabels: {
                        "app.kubernetes.io/name": name,
                        "app.kubernetes.io/component": component,
                        "app.kubernetes.io/instance": ARGOCD_RELEASE_NAME,
                    },
                },
                namespaceSelector: { matchNames: [ARGOCD_NAMESPACE] },
                endpoints: [{ port: ARGOCD_METRICS_PORT, interval: "30s" }],
            })),
        },
        // Keys of the grafana subchart (12.11.1): a file provider, and the dashboard its init container fetches.
        grafana: {
            dashboardProviders: {
                "argocd-dashboard-provider.yaml": {
                    apiVersion: 1,
                    providers: [
                        {
                            name: "argocd",
                            folder: "Argo CD",
                            type: "file",
                            disableDeletion: true,
                            editable: false,
                            options: { path: "/var/lib/grafana/dashboards/argocd" },
                        },
                    ],
                },
            },
            dashboards: { argocd: { argocd: { url: argocdDashboardUrl() } } },
        },
    };
}
