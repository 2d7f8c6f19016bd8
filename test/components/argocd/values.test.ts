import { strict as assert } from "assert";
import * as YAML from "yaml";
import { argocdHelmValues, processorSizing } from "../../../components/argocd/values";
import { applicationHealthLua, applicationSetHealthLua } from "../../../components/argocd/health";
import { ArgoCdConfig, TeamConfig, platformConfigSchema } from "../../../config/schema";
import { TEST_DEPLOYER, awsCluster } from "../../helpers";

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Argo CD settings as the config schema would produce them from `argocd:` in a stack file. */
function argocdConfig(
    argocd: Record<string, unknown> = {},
    secrets: Record<string, string> = {},
): { argocd: ArgoCdConfig; teams: TeamConfig[] } {
    const parsed = platformConfigSchema.parse({
        environment: "prod",
        clusters: [awsCluster({ name: "prod-eks", region: "eu-west-1" })],
        deployer: TEST_DEPLOYER,
        gitops: { owner: "acme", name: "gitops" },
        teams: [{ name: "payments", groups: ["acme:payments"] }],
        // A Prometheus Operator of the user's (argocd.prometheusOperator), not the platform's.
        addons: { "kube-prometheus-stack": false },
        // HA follows the environment (prod here) unless a test says otherwise; these tests say it explicitly.
        argocd: { ha: false, ...argocd },
        ssoClientSecret: "client-secret",
        slackToken: "slack-token",
        teamsWebhookUrl: "https://prod.api.powerautomate.com/workflows/teams",
        notificationWebhookUrl: "https://webhook",
        ...secrets,
    });
    return { argocd: parsed.argocd, teams: parsed.teams };
}

const values = (argocd: Record<string, unknown> = {}, secrets: Record<string, string> = {}): Values =>
    argocdHelmValues({ ...argocdConfig(argocd, secrets), clusterName: "prod-eks" });

const COMPONENTS = ["controller", "server", "repoServer", "applicationSet", "notifications"];
const github = { provider: "github", clientId: "Iv1.x", orgs: [{ name: "acme", teams: ["platform"] }] };
const oidc = { provider: "oidc", issuer: "https://login.example.com", clientId: "argocd" };

describe("Argo CD values", () => {
    describe("without HA (dev)", () => {
        const v = values();

        it("runs one replica of everything, with the single-node Redis", () => {
            assert.equal(v.controller.replicas, 1);
            assert.equal(v.server.replicas, 1);
            assert.equal(v.repoServer.replicas, 1);
            assert.equal(v.applicationSet.replicas, 1);
            assert.equal(v.redis.enabled, true);
            assert.equal(v["redis-ha"], undefined);
            for (const component of COMPONENTS) assert.equal(v[component].pdb, undefined, component);
        });

        it("keeps every component small but bounded", () => {
            for (const component of [...COMPONENTS, "redis", "redisSecretInit"]) {
                const r = v[component].resources;
                assert.ok(r.requests.cpu && r.requests.memory && r.limits.cpu && r.limits.memory, component);
            }
            assert.equal(v.controller.resources.limits.memory, "1Gi");
        });
    });

    describe("with HA (prod)", () => {
        const v = values({ ha: true });

        it("runs redis-ha with auth and its own network policies", () => {
            assert.equal(v["redis-ha"].enabled, true);
            assert.equal(v["redis-ha"].auth, true);
            assert.equal(v["redis-ha"].networkPolicy.enabled, true);
            assert.equal(v["redis-ha"].haproxy.networkPolicy.enabled, true);
            assert.deepEqual(v["redis-ha"].haproxy.networkPolicy.ingressRules, [
                { selectors: [{ podSelector: { matchLabels: { "app.kubernetes.io/part-of": "argocd" } } }] },
            ]);
            assert.equal(v.redis.enabled, false);
        });

        it("autoscales server and repo-server from 2, runs 2 ApplicationSet controllers and 1 application controller", () => {
            for (const component of ["server", "repoServer"]) {
                assert.deepEqual(v[component].autoscaling, { enabled: true, minReplicas: 2, maxReplicas: 5 });
                assert.equal(v[component].replicas, undefined);
            }
            assert.equal(v.applicationSet.replicas, 2);
            assert.equal(v.controller.replicas, 1, "one Argo CD per cluster: the controller shards by cluster");
        });

        it("puts a PodDisruptionBudget allowing one disruption on every component", () => {
            for (const component of COMPONENTS)
                assert.deepEqual(v[component].pdb, { enabled: true, maxUnavailable: 1 }, component);
            assert.deepEqual(v["redis-ha"].podDisruptionBudget, { maxUnavailable: 1 });
            assert.deepEqual(v["redis-ha"].haproxy.podDisruptionBudget, { maxUnavailable: 1 });
        });

        it("spreads pods across nodes and zones", () => {
            assert.deepEqual(v.global.affinity, { podAntiAffinity: "soft" });
            assert.deepEqual(v.global.topologySpreadConstraints, [
                { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" },
            ]);
            assert.deepEqual(v["redis-ha"].topologySpreadConstraints, { enabled: true });
        });

        it("sets requests and limits on every component, Redis HA included", () => {
            for (const component of [...COMPONENTS, "redisSecretInit"])
                assert.ok(v[component].resources.limits.memory, component);
            for (const part of ["redis", "sentinel", "haproxy"])
                assert.ok(v["redis-ha"][part].resources.requests.cpu, part);
            assert.equal(v.controller.resources.limits.memory, "4Gi");
        });
    });

    it("sizes controller processors and repo-server parallelism from the expected Applications", () => {
        assert.deepEqual(processorSizing(1000), {
            statusProcessors: 50,
            operationProcessors: 25,
            repoServerParallelism: 20,
        });
        assert.deepEqual(processorSizing(100), {
            statusProcessors: 20,
            operationProcessors: 10,
            repoServerParallelism: 10,
        });
        const params = values({ expectedApplications: 2000 }).configs.params;
        assert.equal(params["controller.status.processors"], "100");
        assert.equal(params["controller.operation.processors"], "50");
        assert.equal(params["reposerver.parallelism.limit"], "40");
    });

    it("sets the configs.params the platform depends on, as strings", () => {
        const params = values().configs.params;
        assert.equal(params["controller.diff.server.side"], "true");
        assert.equal(params["applicationsetcontroller.policy"], "sync");
        for (const value of Object.values(params)) assert.equal(typeof value, "string");
    });

    describe("access", () => {
        it("keeps the local admin (with a generated password) only without SSO", () => {
            assert.equal(values().configs.cm["admin.enabled"], true);
            assert.equal(values({ domain: "example.com", sso: oidc }).configs.cm["admin.enabled"], false);
        });

        it("keeps anonymous access and exec off", () => {
            for (const v of [values(), values({ domain: "example.com", sso: github, ha: true })]) {
                assert.equal(v.configs.cm["users.anonymous.enabled"], false);
                assert.equal(v.configs.cm["exec.enabled"], false);
            }
        });

        it("configures OIDC directly, the client secret only as a Secret reference", () => {
            const v = values({ domain: "example.com", sso: oidc });
            const config = YAML.parse(v.configs.cm["oidc.config"]);
            assert.deepEqual(config, {
                name: "SSO",
                issuer: "https://login.example.com",
                clientID: "argocd",
                clientSecret: "$argocd-sso:clientSecret",
                requestedScopes: ["openid", "profile", "email", "groups"],
                requestedIDTokenClaims: { groups: { essential: true } },
            });
            assert.equal(v.dex.enabled, false);
            assert.equal(v.configs.cm["dex.config"], undefined);
        });

        it("configures GitHub through Dex, groups as org:team slugs", () => {
            const v = values({ domain: "example.com", sso: github });
            const connector = YAML.parse(v.configs.cm["dex.config"]).connectors[0];
            assert.equal(connector.type, "github");
            assert.equal(connector.config.clientSecret, "$argocd-sso:clientSecret");
            assert.equal(connector.config.teamNameField, "slug");
            assert.deepEqual(connector.config.orgs, [{ name: "acme", teams: ["platform"] }]);
            assert.equal(v.dex.enabled, true);
            assert.ok(v.dex.resources.limits.memory);
        });

        it("sets the URL SSO redirects to from the domain", () => {
            const v = values({ domain: "platform.example.com" });
            assert.equal(v.configs.cm.url, "https://argocd.prod-eks.platform.example.com");
            assert.equal(v.global.domain, "argocd.prod-eks.platform.example.com");
            assert.equal(v.notifications.argocdUrl, "https://argocd.prod-eks.platform.example.com");
        });

        it("writes the RBAC policy with a readonly default and the configured scopes", () => {
            const rbac = values({
                domain: "example.com",
                sso: github,
                rbac: { adminGroups: ["acme:platform"], scopes: ["groups", "email"] },
            }).configs.rbac;
            assert.equal(rbac["policy.default"], "role:readonly");
            assert.equal(rbac.scopes, "[groups, email]");
            assert.match(rbac["policy.csv"], /^g, acme:platform, role:admin$/m);
            assert.match(rbac["policy.csv"], /^g, acme:payments, role:team-payments$/m);
            assert.doesNotMatch(rbac["policy.csv"], /exec/);
        });
    });

    describe("exposure and hardening", () => {
        it("has no Ingress and keeps TLS on the server by default", () => {
            const v = values({ domain: "example.com" });
            assert.equal(v.server.ingress, undefined);
            assert.equal(v.configs.params["server.insecure"], "false");
        });

        it("serves through an Ingress that terminates TLS, and only then runs the server without TLS", () => {
            const v = values({
                domain: "example.com",
                ingress: { className: "nginx", annotations: { "cert-manager.io/cluster-issuer": "le" } },
            });
            assert.deepEqual(v.server.ingress, {
                enabled: true,
                ingressClassName: "nginx",
                hostname: "argocd.prod-eks.example.com",
                annotations: { "cert-manager.io/cluster-issuer": "le" },
                tls: true,
            });
            assert.equal(v.configs.params["server.insecure"], "true");
        });

        it("turns the chart's network policies on, denying other ingress by default", () => {
            assert.deepEqual(values().global.networkPolicy, { create: true, defaultDenyIngress: true });
        });

        it("checks child Applications' health with the Lua from its own file", () => {
            assert.equal(
                values().configs.cm["resource.customizations.health.argoproj.io_Application"],
                applicationHealthLua(),
            );
            assert.match(applicationHealthLua(), /obj\.status\.health\.status/);
        });

        it("rolls generated Applications' health up into their ApplicationSet, with the Lua from its own file", () => {
            assert.equal(
                values().configs.cm["resource.customizations.health.argoproj.io_ApplicationSet"],
                applicationSetHealthLua(),
            );
            assert.match(applicationSetHealthLua(), /obj\.status\.resources/);
        });

        it("leaves secret creation to Pulumi", () => {
            const v = values({ notifications: { slack: { channel: "ops" } } }, { slackToken: "t" });
            assert.deepEqual(v.configs.secret, { createSecret: false });
            assert.deepEqual(v.notifications.secret, { create: false });
        });

        it("adds metrics and ServiceMonitors only when the Prometheus Operator is there", () => {
            const off = values({ ha: true });
            const on = values({ ha: true, prometheusOperator: true });
            for (const component of COMPONENTS) {
                assert.equal(off[component].metrics, undefined, component);
                assert.deepEqual(
                    on[component].metrics,
                    { enabled: true, serviceMonitor: { enabled: true } },
                    component,
                );
            }
            assert.deepEqual(on["redis-ha"].exporter, { enabled: true, serviceMonitor: { enabled: true } });
            assert.equal(values({ prometheusOperator: true }).redis.exporter.enabled, true);
        });
    });

    describe("notifications", () => {
        const notifications = {
            slack: { channel: "platform-alerts" },
            teams: { channel: "platform" },
            webhook: { name: "ops" },
        };
        const secrets = {
            slackToken: "t",
            teamsWebhookUrl: "https://prod.api.powerautomate.com/workflows/t",
            notificationWebhookUrl: "https://w",
        };
        const n = values({ domain: "example.com", notifications }, secrets).notifications;

        it("configures Slack, Teams and a webhook with credentials referenced from the notifications Secret", () => {
            assert.deepEqual(YAML.parse(n.notifiers["service.slack"]), { token: "$slack-token" });
            assert.deepEqual(YAML.parse(n.notifiers["service.teams-workflows"]), {
                recipientUrls: { platform: "$teams-webhook-url" },
            });
            assert.deepEqual(YAML.parse(n.notifiers["service.webhook.ops"]), {
                url: "$notification-webhook-url",
                headers: [{ name: "Content-Type", value: "application/json" }],
            });
        });

        it("ships templates and triggers for deployed, sync failed, health degraded and sync running long", () => {
            assert.deepEqual(Object.keys(n.triggers).sort(), [
                "trigger.on-deployed",
                "trigger.on-health-degraded",
                "trigger.on-sync-failed",
                "trigger.on-sync-running-long",
            ]);
            for (const [key, text] of Object.entries(n.triggers as Record<string, string>)) {
                const [trigger] = YAML.parse(text);
                assert.ok(n.templates[`template.${trigger.send[0]}`], `${key} sends a template that exists`);
                assert.ok(trigger.when && trigger.description, key);
            }
            assert.match(
                n.triggers["trigger.on-sync-running-long"],
                /time\.Now\(\)\.Sub\(time\.Parse\(app\.status\.operationState\.startedAt\)\)\.Minutes\(\) >= 15/,
            );
            assert.equal(YAML.parse(n.triggers["trigger.on-deployed"])[0].oncePer, "app.status.sync.revision");
            const deployed = YAML.parse(n.templates["template.app-deployed"]);
            assert.match(deployed.message, /\{\{\.context\.argocdUrl\}\}\/applications\/\{\{\.app\.metadata\.name\}\}/);
            assert.ok(JSON.parse(deployed.slack.attachments));
            assert.ok(JSON.parse(deployed["teams-workflows"].facts));
            assert.ok(JSON.parse(deployed.webhook.ops.body));
        });

        it("subscribes every configured notifier to the configured triggers", () => {
            assert.deepEqual(n.subscriptions, [
                {
                    recipients: ["slack:platform-alerts", "teams-workflows:platform", "ops:"],
                    triggers: ["on-deployed", "on-sync-failed", "on-health-degraded", "on-sync-running-long"],
                },
            ]);
            const narrowed = values(
                { notifications: { slack: { channel: "x" }, triggers: ["on-sync-failed"] } },
                { slackToken: "t" },
            ).notifications;
            assert.deepEqual(narrowed.subscriptions, [{ recipients: ["slack:x"], triggers: ["on-sync-failed"] }]);
        });

        it("has no services or subscriptions when none is configured", () => {
            const none = values().notifications;
            assert.deepEqual(none.notifiers, {});
            assert.deepEqual(none.subscriptions, []);
        });
    });

    it("never holds a secret value", () => {
        const secrets = {
            ssoClientSecret: "SENTINEL-sso",
            slackToken: "SENTINEL-slack",
            teamsWebhookUrl: "https://prod.api.powerautomate.com/workflows/SENTINEL-teams",
        };
        const v = values(
            { domain: "example.com", sso: github, notifications: { slack: { channel: "a" }, teams: { channel: "b" } } },
            secrets,
        );
        assert.doesNotMatch(JSON.stringify(v), /SENTINEL/);
    });
});
