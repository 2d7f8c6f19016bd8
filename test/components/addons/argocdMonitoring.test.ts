import { strict as assert } from "assert";
import * as fs from "fs";
import Ajv from "ajv";
import * as YAML from "yaml";
import {
    ARGOCD_METRICS_PORT,
    ARGOCD_METRICS_SERVICES,
    argocdDashboardUrl,
    argocdMonitoringValues,
} from "../../../components/addons/argocdMonitoring";
import { argocdHelmValues } from "../../../components/argocd/values";
import { platformConfigSchema, platformConfigShape } from "../../../config/schema";
import { baseConfig } from "../../helpers";
import { describeWithReference } from "../../reference";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The metrics Services the argo-cd chart 10.1.1 renders for these values (argo-helm tag argo-cd-10.1.1,
 * templates/*\/metrics.yaml): name, labels and port, each only when its component's `metrics.enabled` is on
 * (notifications also needs `notifications.enabled`).
 */
function chartMetricsServices(values: Inputs): { name: string; labels: Record<string, string>; port: string }[] {
    const components: [string, string, string, string][] = [
        ["controller", "application-controller", "argocd-application-controller-metrics", "metrics"],
        ["applicationSet", "applicationset-controller", "argocd-applicationset-controller-metrics", "metrics"],
        ["notifications", "notifications-controller", "argocd-notifications-controller-metrics", "metrics"],
        ["repoServer", "repo-server", "argocd-repo-server-metrics", "repo-server-metrics"],
        ["server", "server", "argocd-server-metrics", "server-metrics"],
    ];
    const labels = (name: string, component: string) => ({
        "app.kubernetes.io/name": `argocd-${name}`,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/instance": "argocd",
        "app.kubernetes.io/part-of": "argocd",
    });
    // templates/dex/service.yaml: Dex's own Service gains the metrics port, and exists only with Dex on.
    const dex =
        values.dex?.enabled === true && values.dex?.metrics?.enabled === true
            ? [{ name: "argocd-dex-server", labels: labels("dex-server", "dex-server"), port: "http-metrics" }]
            : [];
    return [
        ...components
            .filter(([key]) => values[key]?.metrics?.enabled === true && values[key]?.enabled !== false)
            .map(([, component, service, name]) => ({
                name: service,
                labels: labels(name, component),
                port: "http-metrics",
            })),
        ...dex,
    ];
}

/** The Services each ServiceMonitor would scrape (namespace `argocd`), by its selector and endpoint port. */
function scraped(monitors: Inputs[], services: ReturnType<typeof chartMetricsServices>): Map<string, string[]> {
    return new Map(
        monitors.map((m) => [
            m.name,
            m.namespaceSelector.matchNames.includes("argocd")
                ? services
                      .filter((s) => Object.entries(m.selector.matchLabels).every(([k, v]) => s.labels[k] === v))
                      .filter((s) => m.endpoints.some((e: Inputs) => e.port === s.port))
                      .map((s) => s.name)
                : [],
        ]),
    );
}

const argocd = (raw: Inputs = {}) => ({ ...platformConfigShape.shape.argocd.parse(raw), ha: raw.ha ?? false });

describe("Argo CD watched by kube-prometheus-stack", () => {
    const monitors = (argocdMonitoringValues().prometheus as Inputs).additionalServiceMonitors as Inputs[];

    it("scrapes each metrics Service the chart renders, one ServiceMonitor each, Dex's with GitHub SSO", () => {
        const github = { provider: "github", clientId: "x", orgs: [{ name: "acme", teams: ["platform"] }] };
        const withDex = argocd({ sso: github, domain: "example.com" });
        const values = argocdHelmValues({ argocd: withDex, teams: [], clusterName: "c", metricsServices: true });
        const services = chartMetricsServices(values as Inputs);
        assert.equal(services.length, ARGOCD_METRICS_SERVICES.length);
        for (const [monitor, targets] of scraped(monitors, services)) assert.equal(targets.length, 1, monitor);
        assert.deepEqual([...scraped(monitors, services).values()].flat().sort(), services.map((s) => s.name).sort());
        // Without Dex only its ServiceMonitor finds nothing.
        const plain = chartMetricsServices(
            argocdHelmValues({ argocd: argocd(), teams: [], clusterName: "c", metricsServices: true }) as Inputs,
        );
        const empty = [...scraped(monitors, plain)].filter(([, targets]) => targets.length === 0).map(([m]) => m);
        assert.deepEqual(empty, ["argocd-dex-server"]);
    });

    it("finds nothing to scrape without the metrics Services, or with a wrong port or label", () => {
        const off = argocdHelmValues({ argocd: argocd(), teams: [], clusterName: "c" });
        assert.deepEqual(chartMetricsServices(off as Inputs), []);
        const services = chartMetricsServices(
            argocdHelmValues({ argocd: argocd(), teams: [], clusterName: "c", metricsServices: true }) as Inputs,
        );
        const wrongPort = monitors.map((m) => ({ ...m, endpoints: [{ port: "metrics" }] }));
        assert.ok([...scraped(wrongPort, services).values()].every((t) => t.length === 0));
        const wrongName = monitors.map((m) => ({
            ...m,
            selector: { matchLabels: { ...m.selector.matchLabels, "app.kubernetes.io/name": "argocd-server" } },
        }));
        assert.ok([...scraped(wrongName, services).values()].every((t) => t.length === 0));
    });

    it("turns on only the metrics Services, never the chart's ServiceMonitors (their CRD comes later)", () => {
        const values = argocdHelmValues({
            argocd: argocd(),
            teams: [],
            clusterName: "c",
            metricsServices: true,
        }) as Inputs;
        for (const key of ["controller", "server", "repoServer", "applicationSet", "notifications"]) {
            assert.deepEqual(values[key].metrics, { enabled: true }, key);
        }
        assert.ok(!YAML.stringify(values).includes("serviceMonitor"));
    });

    it("pins Argo CD's dashboard to the release the platform installs", () => {
        assert.match(argocdDashboardUrl(), /argoproj\/argo-cd\/v3\.4\.\d+\/examples\/dashboard\.json$/);
        assert.equal((argocdMonitoringValues().grafana as Inputs).dashboards.argocd.argocd.url, argocdDashboardUrl());
        assert.match(ARGOCD_METRICS_PORT, /^http-metrics$/);
    });

    it("refuses argocd.prometheusOperator where the add-on runs, naming the key", () => {
        const config = Object.fromEntries(Object.entries(baseConfig()).map(([k, v]) => [k.split(":")[1], v]));
        const result = platformConfigSchema.safeParse({
            ...config,
            addons: { "kube-prometheus-stack": true },
            argocd: { prometheusOperator: true },
        });
        assert.ok(!result.success);
        assert.ok(result.error.issues.some((i) => i.path.join(".") === "argocd.prometheusOperator"));
        assert.ok(platformConfigSchema.safeParse({ ...config, argocd: { prometheusOperator: true } }).success);
    });
});

describeWithReference(
    "Argo CD's ServiceMonitors against the reference CRD",
    ["kube-prometheus-stack-chart-88.5.3/crds/crd-servicemonitors.yaml"],
    ([crdFile]) => {
        it("are ServiceMonitor specs the CRD accepts", () => {
            const crd = YAML.parse(fs.readFileSync(crdFile, "utf8"));
            const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
            const schema = crd.spec.versions.find((v: Inputs) => v.name === "v1").schema.openAPIV3Schema;
            const check = ajv.compile(schema.properties.spec);
            const monitors = (argocdMonitoringValues().prometheus as Inputs).additionalServiceMonitors as Inputs[];
            for (const { name: _name, ...spec } of monitors) {
                assert.ok(check(spec), `${_name}: ${ajv.errorsText(check.errors)}`);
            }
            assert.ok(!check({ endpoints: [{ port: 1 }] }));
        });
    },
);
