import { strict as assert } from "assert";
import * as fs from "fs";
import * as YAML from "yaml";
import { argocdHelmValues } from "../../../components/argocd/values";
import { platformConfigSchema } from "../../../config/schema";
import { describeWithReference } from "../../reference";

/** Maps the chart documents as free-form: any key may go under them. */
const FREE_FORM = [
    "configs.cm",
    "configs.params",
    "configs.rbac",
    "notifications.notifiers",
    "notifications.templates",
    "notifications.triggers",
    "notifications.subscriptions",
];

/**
 * Values of the redis-ha subchart (chart 4.38.0, a dependency of argo-cd 10.1.1) that pass through
 * `redis-ha.*`; argo-cd's own values.yaml lists only some of them.
 */
const REDIS_HA_SUBCHART = [
    "redis-ha.networkPolicy",
    "redis-ha.podDisruptionBudget",
    "redis-ha.redis.resources",
    "redis-ha.sentinel.resources",
    "redis-ha.haproxy.resources",
    "redis-ha.haproxy.podDisruptionBudget",
    "redis-ha.haproxy.networkPolicy",
    "redis-ha.haproxy.metrics.serviceMonitor",
    "redis-ha.exporter.serviceMonitor",
];

/** Every leaf path of a values object (lists are leaves). */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
        return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
    }
    return [prefix];
}

/** Why a path is not a key of the chart, or undefined when it is. */
function unknownKey(chart: Record<string, unknown>, path: string[]): string | undefined {
    const dotted = path.join(".");
    if ([...FREE_FORM, ...REDIS_HA_SUBCHART].some((p) => dotted === p || dotted.startsWith(`${p}.`))) return undefined;
    let node: unknown = chart;
    for (let i = 0; i < path.length; i++) {
        if (node === null || typeof node !== "object" || Array.isArray(node))
            return `${path.slice(0, i).join(".")} is not a map in values.yaml`;
        const map = node as Record<string, unknown>;
        if (!(path[i] in map)) return `${path.slice(0, i + 1).join(".")} is not in values.yaml`;
        node = map[path[i]];
        // An empty map (resources: {}, annotations: {}) or a block string takes any content.
        const freeForm =
            (node !== null && typeof node === "object" && !Array.isArray(node) && Object.keys(node).length === 0) ||
            typeof node === "string";
        if (freeForm && i < path.length - 1) return undefined;
    }
    return undefined;
}

const configs: Record<string, Record<string, unknown>> = {
    dev: {},
    "prod (HA, GitHub SSO, Slack + Teams + webhook, ingress, Prometheus)": {
        ha: true,
        domain: "platform.example.com",
        sso: { provider: "github", clientId: "x", orgs: [{ name: "acme", teams: ["platform"] }] },
        rbac: { adminGroups: ["acme:platform"], readonlyGroups: ["acme:auditors"] },
        notifications: { slack: { channel: "a" }, teams: { channel: "b" }, webhook: { name: "ops" } },
        ingress: { className: "nginx", annotations: { "cert-manager.io/cluster-issuer": "le" } },
        prometheusOperator: true,
        expectedApplications: 1000,
    },
    "OIDC, Prometheus without HA": {
        domain: "platform.example.com",
        sso: { provider: "oidc", issuer: "https://login.example.com", clientId: "argocd" },
        prometheusOperator: true,
    },
};

function valuesFor(argocd: Record<string, unknown>): Record<string, unknown> {
    const parsed = platformConfigSchema.parse({
        environment: "prod",
        clusters: [{ name: "c", cloud: "existing", context: "x" }],
        // A Prometheus Operator of the user's (argocd.prometheusOperator), not the platform's.
        addons: { "kube-prometheus-stack": false },
        gitops: { url: "/srv/git/platform.git" },
        teams: [{ name: "payments", groups: ["acme:payments"] }],
        argocd,
        ssoClientSecret: "s",
        slackToken: "s",
        teamsWebhookUrl: "https://prod.api.powerautomate.com/workflows/s",
        notificationWebhookUrl: "s",
    });
    return argocdHelmValues({ argocd: parsed.argocd, teams: parsed.teams, clusterName: "c" });
}

describeWithReference(
    "Argo CD values against the pinned chart",
    ["argo-cd-chart-10.1.1/values.yaml", "argo-cd-chart-10.1.1/Chart.yaml"],
    ([valuesFile, chartFile]) => {
        const chart = YAML.parse(fs.readFileSync(valuesFile, "utf8")) as Record<string, unknown>;

        it("pins the chart the reference data describes (Argo CD v3.4.4)", () => {
            const meta = YAML.parse(fs.readFileSync(chartFile, "utf8"));
            assert.equal(meta.version, "10.1.1");
            assert.equal(meta.appVersion, "v3.4.4");
            assert.equal(
                platformConfigSchema.parse({
                    environment: "dev",
                    clusters: [{ name: "c", cloud: "existing", context: "x" }],
                    gitops: { url: "/x" },
                }).argocd.chartVersion,
                meta.version,
            );
            const redisHa = meta.dependencies.find((d: { name: string }) => d.name === "redis-ha");
            assert.equal(redisHa.version, "4.38.0", "the subchart whose keys REDIS_HA_SUBCHART lists");
        });

        for (const [name, argocd] of Object.entries(configs)) {
            it(`sets only keys the chart has (${name})`, () => {
                const problems = leafPaths(valuesFor(argocd))
                    .map((p) => unknownKey(chart, p))
                    .filter((p): p is string => p !== undefined);
                assert.deepEqual(problems, []);
            });
        }

        it("catches a key the chart does not have", () => {
            assert.equal(unknownKey(chart, ["server", "replicaCount"]), "server.replicaCount is not in values.yaml");
            assert.equal(
                unknownKey(chart, ["controller", "replicas", "max"]),
                "controller.replicas is not a map in values.yaml",
            );
            assert.equal(unknownKey(chart, ["server", "resources", "limits", "cpu"]), undefined);
            assert.equal(unknownKey(chart, ["configs", "cm", "anything.goes"]), undefined);
        });
    },
);
