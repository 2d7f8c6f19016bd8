import { strict as assert } from "assert";
import * as YAML from "yaml";
import { REDACTED } from "../../../render/engine";
import { Rendered, baseConfig, renderConfig, renderStack } from "../../helpers";

type Inputs = Record<string, unknown>;
const local = { name: "lab", cloud: "existing", context: "kind-lab" };

describe("ArgoCd component", () => {
    describe("without SSO (dev-like)", () => {
        let r: Rendered;
        before(async () => (r = await renderConfig({ ...baseConfig(), "gitops-platform:clusters": [local] })));

        it("installs the pinned argo-cd chart as a Helm release, atomically, CRDs included", () => {
            const release = r.named("lab-argocd-release");
            assert.equal(release.type, "kubernetes:helm.sh/v3:Release");
            const inputs = release.inputs;
            assert.equal(inputs.chart, "argo-cd");
            assert.equal(inputs.version, "10.1.1");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://argoproj.github.io/argo-helm" });
            assert.equal(inputs.name, "argocd");
            assert.equal(inputs.namespace, "argocd");
            assert.equal(inputs.atomic, true);
            assert.equal(inputs.cleanupOnFail, true);
            assert.equal(inputs.skipCrds, false);
            assert.equal(inputs.timeout, 900);
        });

        it("creates the namespace and the Secrets before the release", () => {
            assert.deepEqual(r.named("lab-argocd-release").dependsOn, [
                "lab-argocd-namespace",
                "lab-argocd-secret",
                "lab-argocd-notifications-secret",
            ]);
            assert.deepEqual((r.named("lab-argocd-namespace").inputs.metadata as Inputs).name, "argocd");
        });

        it("labels the Secrets as part of Argo CD and keeps their data secret", () => {
            for (const name of ["lab-argocd-secret", "lab-argocd-notifications-secret"]) {
                const secret = r.named(name).inputs as Inputs & { metadata: Inputs };
                assert.deepEqual(secret.metadata.labels, { "app.kubernetes.io/part-of": "argocd" });
                assert.equal(secret.metadata.namespace, "argocd");
                assert.equal(secret.stringData, REDACTED);
            }
            assert.equal((r.named("lab-argocd-secret").inputs.metadata as Inputs).name, "argocd-secret");
        });

        it("generates an admin password and exports it only as a secret", () => {
            assert.equal(r.named("lab-argocd-admin-password").type, "random:index/randomPassword:RandomPassword");
            assert.equal(r.result.outputs.argocdAdminPasswords, REDACTED);
        });

        it("installs everything in the cluster through the cluster's provider", () => {
            for (const resource of r.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
                assert.equal(resource.provider, "lab-k8s", resource.name);
            }
        });

        it("exports the namespace, chart and Argo CD version, and no URL without a domain", () => {
            assert.deepEqual(r.result.outputs.argocd, {
                lab: { url: null, namespace: "argocd", chartVersion: "10.1.1", version: "v3.4.15" },
            });
        });

        it("writes the release's values to helm/", () => {
            const file = r.files().find((f) => f.path === "helm/lab-argocd-release.values.yaml");
            assert.ok(file);
            assert.equal(YAML.parse(file.content).configs.cm["admin.enabled"], true);
        });
    });

    describe("where the secrets go", () => {
        let r: Rendered;
        before(
            async () =>
                (r = await renderConfig(
                    {
                        ...baseConfig(),
                        "gitops-platform:clusters": [local],
                        "gitops-platform:argocd": {
                            domain: "platform.example.com",
                            sso: { provider: "oidc", issuer: "https://login.example.com", clientId: "argocd" },
                            notifications: {
                                slack: { channel: "a" },
                                teams: { channel: "b" },
                                webhook: { name: "ops" },
                            },
                        },
                    },
                    "test",
                    {
                        ssoClientSecret: "SENTINEL-sso",
                        slackToken: "SENTINEL-slack",
                        teamsWebhookUrl: "https://prod.api.powerautomate.com/workflows/SENTINEL-teams",
                        notificationWebhookUrl: "SENTINEL-hook",
                    },
                )),
        );

        it("puts the SSO client secret in its own Secret, named in the SSO config", () => {
            const secret = r.named("lab-argocd-sso-secret").inputs as Inputs & { metadata: Inputs };
            assert.equal(secret.metadata.name, "argocd-sso");
            assert.deepEqual(secret.metadata.labels, { "app.kubernetes.io/part-of": "argocd" });
            assert.deepEqual(secret.stringData, { clientSecret: "SENTINEL-sso" });
        });

        it("puts the notification credentials in argocd-notifications-secret under the keys the services name", () => {
            assert.deepEqual(r.named("lab-argocd-notifications-secret").inputs.stringData, {
                "slack-token": "SENTINEL-slack",
                "teams-webhook-url": "https://prod.api.powerautomate.com/workflows/SENTINEL-teams",
                "notification-webhook-url": "SENTINEL-hook",
            });
        });

        it("puts the generated webhook secret in argocd-secret, with no admin password under SSO", () => {
            const data = r.named("lab-argocd-secret").inputs.stringData as Inputs;
            assert.deepEqual(Object.keys(data), ["webhook.github.secret"]);
            assert.equal(data["webhook.github.secret"], "mock-password-of-lab-argocd-webhook-secret");
            assert.throws(() => r.named("lab-argocd-admin-password"));
        });

        it("keeps every secret out of the Helm values", () => {
            const values = JSON.stringify(r.named("lab-argocd-release").inputs.values);
            assert.doesNotMatch(values, /SENTINEL|mock-password/);
        });

        it("exports the URL from the domain", () => {
            assert.equal(
                (r.result.outputs.argocd as Record<string, Inputs>).lab.url,
                "https://argocd.lab.platform.example.com",
            );
        });
    });

    it("stores the admin password bcrypt-hashed", async () => {
        const r = await renderConfig({ ...baseConfig(), "gitops-platform:clusters": [local] }, "test", {
            slackToken: "unused",
        });
        const data = r.named("lab-argocd-secret").inputs.stringData as Inputs;
        assert.equal(data["admin.password"], "$2a$10$mock-bcrypt-hash-of-lab-argocd-admin-password");
    });

    it("gives every cluster of prod its own HA Argo CD with SSO and notifications", async () => {
        const r = await renderStack("prod");
        for (const cluster of ["prod-eks", "prod-gke"]) {
            const release = r.named(`${cluster}-argocd-release`);
            const values = release.inputs.values as Record<string, Inputs>;
            assert.equal((values["redis-ha"] as Inputs).enabled, true, cluster);
            assert.equal((values.configs.cm as Inputs)["admin.enabled"], false, cluster);
            assert.ok((values.notifications.notifiers as Inputs)["service.slack"], cluster);
            assert.ok((values.notifications.notifiers as Inputs)["service.teams-workflows"], cluster);
            assert.equal(release.provider, `${cluster}-k8s`);
            assert.ok(r.named(`${cluster}-argocd-sso-secret`));
        }
    });
});
