import { strict as assert } from "assert";
import { ConfigProblem, InvalidConfigError, parsePlatformConfig } from "../../config/load";
import { HOSTILE_GROUP_NAMES } from "../fixtures/hostile";

/**
 * Hostile and careless stack configs, by category: each must be refused before any resource, with the full
 * key path of the bad value and a message saying what is allowed.
 */

type Config = Record<string, unknown>;

const SECRETS = new Set(["ssoClientSecret", "slackToken", "teamsWebhookUrl", "notificationWebhookUrl"]);

/** A valid config with SSO, so group bindings are allowed. */
function valid(): Config {
    return {
        environment: "dev",
        clusters: [{ name: "dev-eks", cloud: "aws", region: "eu-west-1" }],
        gitops: { owner: "acme", name: "platform-gitops" },
        argocd: {
            domain: "platform.example.com",
            sso: { provider: "oidc", issuer: "https://login.example.com", clientId: "argocd" },
        },
        ssoClientSecret: "s3cret",
    };
}

function problemsOf(config: Config): ConfigProblem[] {
    const raw = Object.fromEntries(
        Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    try {
        parsePlatformConfig(raw, (key) => SECRETS.has(key));
    } catch (error) {
        assert.ok(error instanceof InvalidConfigError, `expected InvalidConfigError, got ${String(error)}`);
        return error.problems;
    }
    return [];
}

/** Asserts a problem at `key` (full path without the namespace) whose text matches `pattern`. */
export function assertRefused(config: Config, key: string, pattern: RegExp = /./): void {
    const problems = problemsOf(config);
    const atKey = problems.filter((p) => p.key === `gitops-platform:${key}`);
    assert.ok(atKey.length > 0, `expected a problem at ${key}, got: ${JSON.stringify(problems, null, 1)}`);
    assert.ok(
        atKey.some((p) => pattern.test(`${p.given}; ${p.allowed}`)),
        `problem at ${key} does not match ${pattern}: ${JSON.stringify(atKey)}`,
    );
}

/** Asserts the config is accepted. */
export function assertAccepted(config: Config): void {
    assert.deepEqual(problemsOf(config), []);
}

const withRbac = (rbac: Config): Config => {
    const config = valid();
    (config.argocd as Config).rbac = rbac;
    return config;
};

describe("hostile config: names that reach Argo CD's policy.csv", () => {
    it("accepts ordinary group names", () =>
        assertAccepted({
            ...withRbac({ adminGroups: ["acme:platform", "Platform Admins"], readonlyGroups: ["/acme/auditors"] }),
            teams: [{ name: "payments", groups: ["acme:payments"] }],
        }));
    for (const name of HOSTILE_GROUP_NAMES) {
        const label = JSON.stringify(name).slice(0, 50);
        it(`refuses admin group ${label}`, () =>
            assertRefused(withRbac({ adminGroups: [name] }), "argocd.rbac.adminGroups[0]"));
        it(`refuses read-only group ${label}`, () =>
            assertRefused(withRbac({ readonlyGroups: ["ok", name] }), "argocd.rbac.readonlyGroups[1]"));
        it(`refuses team group ${label}`, () =>
            assertRefused({ ...valid(), teams: [{ name: "payments", groups: [name] }] }, "teams[0].groups[0]"));
    }
    it("says why a role name is refused", () =>
        assertRefused(withRbac({ adminGroups: ["role:readonly"] }), "argocd.rbac.adminGroups[0]", /role:/));
    it("bounds the number of groups", () =>
        assertRefused(
            withRbac({ adminGroups: Array.from({ length: 101 }, (_, i) => `g${i}`) }),
            "argocd.rbac.adminGroups",
            /at most 100/,
        ));
    it("refuses scopes that are not claim names", () =>
        assertRefused(withRbac({ scopes: ["groups]\nfoo: [bar"] }), "argocd.rbac.scopes[0]"));
    it("refuses GitHub orgs and team slugs that are not GitHub names", () => {
        const github = (orgs: unknown): Config => {
            const config = valid();
            (config.argocd as Config).sso = { provider: "github", clientId: "x", orgs };
            return config;
        };
        assertRefused(github([{ name: "acme\nx" }]), "argocd.sso.orgs[0].name");
        assertRefused(github([{ name: "acme", teams: ["Platform, x"] }]), "argocd.sso.orgs[0].teams[0]");
        assertAccepted(github([{ name: "acme", teams: ["platform"] }]));
    });
});
