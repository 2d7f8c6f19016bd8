import * as assert from "assert";
import { DEVELOPMENT, expectMetadata, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { release, secureValues, selfManagedApplication } from "./fixtures";
import { argocdNoLiteralSecrets as policy, literalSecretPaths } from "./noLiteralSecrets";

const SENTINEL = "s3cr3t-value-that-must-not-be-printed";

function changed(change: (values: ReturnType<typeof secureValues>) => void) {
    const values = secureValues();
    change(values);
    return values;
}

describe("argocd-no-literal-secrets", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-no-literal-secrets"));
    it("is always mandatory", () => assert.strictEqual(policy.alwaysMandatory, true));

    it("passes values that reference Secrets", () => expectPass(policy, TYPES.helmRelease, release()));

    it("fails a literal webhook secret, mandatory even outside production, without printing it", async () => {
        const violation = await expectViolation(
            policy,
            TYPES.helmRelease,
            release(changed((v) => (v.configs.secret.githubSecret = SENTINEL))),
            /literal secret at configs\.secret\.githubSecret/,
            { stack: DEVELOPMENT },
        );
        assert.ok(!violation.message.includes(SENTINEL));
    });

    const cases: [string, (values: ReturnType<typeof secureValues>) => void, string][] = [
        [
            "the admin password hash",
            (v) => (v.configs.secret.argocdServerAdminPassword = "$2a$10$hash"),
            "configs.secret.argocdServerAdminPassword",
        ],
        [
            "an extra secret",
            (v) => (v.configs.secret.extra = { LDAP_PASSWORD: SENTINEL }),
            "configs.secret.extra.LDAP_PASSWORD",
        ],
        [
            "a notifications secret item",
            (v) => (v.notifications.secret.items = { "slack-token": SENTINEL }),
            "notifications.secret.items.slack-token",
        ],
        [
            "a repository password",
            (v) => (v.configs.repositories = { gitops: { url: "https://github.com/acme/x", password: SENTINEL } }),
            "configs.repositories.gitops.password",
        ],
        [
            "a credential template SSH key",
            (v) =>
                (v.configs.credentialTemplates = { github: { url: "git@github.com:acme", sshPrivateKey: SENTINEL } }),
            "configs.credentialTemplates.github.sshPrivateKey",
        ],
        [
            "a cluster bearer token",
            (v) =>
                (v.configs.clusterCredentials = { prod: { server: "https://x", config: { bearerToken: SENTINEL } } }),
            "configs.clusterCredentials.prod.config.bearerToken",
        ],
        [
            "a Dex client secret in clear",
            (v) =>
                (v.configs.cm["dex.config"] =
                    `connectors:\n  - type: github\n    config:\n      clientSecret: ${SENTINEL}\n`),
            "configs.cm.dex.config.connectors.0.config.clientSecret",
        ],
        [
            "an OIDC client secret in clear",
            (v) => (v.configs.cm["oidc.config"] = `name: Okta\nclientSecret: ${SENTINEL}\n`),
            "configs.cm.oidc.config.clientSecret",
        ],
        [
            "a Slack token in clear",
            (v) => (v.notifications.notifiers["service.slack"] = `token: ${SENTINEL}\n`),
            "notifications.notifiers.service.slack.token",
        ],
        [
            "a Teams Workflows webhook URL in clear",
            (v) =>
                (v.notifications.notifiers["service.teams-workflows"] =
                    `recipientUrls:\n  platform: https://prod.api.powerautomate.com/workflows/${SENTINEL}\n`),
            "notifications.notifiers.service.teams-workflows.recipientUrls.platform",
        ],
        [
            "the external Redis password",
            (v) => (v.externalRedis = { host: "redis", password: SENTINEL }),
            "externalRedis.password",
        ],
        [
            "a server TLS key",
            (v) => (v.server.certificateSecret = { enabled: true, key: SENTINEL, crt: "cert" }),
            "server.certificateSecret.key",
        ],
    ];
    for (const [what, change, path] of cases) {
        it(`finds ${what} at ${path}`, () => assert.deepStrictEqual(literalSecretPaths(changed(change)), [path]));
    }

    it("ignores names of existing Secrets and empty chart defaults", () =>
        assert.deepStrictEqual(
            literalSecretPaths(
                changed((v) => {
                    v.externalRedis = { existingSecret: "argocd-redis", password: "" };
                    v.configs.secret.githubSecret = "";
                    v.configs.repositories = {
                        gitops: { url: "git@github.com:acme/x", sshPrivateKey: "$repo-secret:key" },
                    };
                }),
            ),
            [],
        ));

    it("checks the Application through which Argo CD manages itself", () =>
        expectViolation(
            policy,
            TYPES.application,
            selfManagedApplication(changed((v) => (v.configs.secret.gogsSecret = SENTINEL))),
            /Application argocd: literal secret at configs\.secret\.gogsSecret/,
        ));
});
