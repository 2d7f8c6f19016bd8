import { expectMetadata, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { argocdAdminDisabledWithSso as policy } from "./adminDisabledWithSso";
import { release, secureValues } from "./fixtures";

function cm(change: Record<string, unknown>) {
    const values = secureValues();
    values.configs.cm = { ...values.configs.cm, ...change };
    return release(values);
}

describe("argocd-admin-disabled-with-sso", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-admin-disabled-with-sso"));
    it("passes SSO with admin disabled", () => expectPass(policy, TYPES.helmRelease, release()));
    it('passes admin disabled as the string "false"', () =>
        expectPass(policy, TYPES.helmRelease, cm({ "admin.enabled": "false" })));
    it("passes admin enabled without SSO (its only way in)", () =>
        expectPass(policy, TYPES.helmRelease, cm({ "dex.config": undefined, "admin.enabled": true })));
    it("fails Dex SSO with admin enabled", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            cm({ "admin.enabled": true }),
            /SSO is configured but .*admin.enabled"` is true/,
        ));
    it("fails OIDC SSO with admin left to its default (enabled)", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            cm({
                "dex.config": undefined,
                "admin.enabled": undefined,
                "oidc.config": "name: Okta\nissuer: https://acme.okta.com\n",
            }),
            /unset \(true\)/,
        ));
});
