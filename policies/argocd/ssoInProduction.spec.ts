import { DEVELOPMENT, expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { release, secureValues, selfManagedApplication } from "./fixtures";
import { argocdSsoInProduction as policy } from "./ssoInProduction";

const withoutSso = () => {
    const values = secureValues();
    delete values.configs.cm["dex.config"];
    values.configs.cm["admin.enabled"] = true;
    return values;
};

describe("argocd-sso-in-production", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-sso-in-production"));
    it("passes Dex SSO", () => expectPass(policy, TYPES.helmRelease, release()));
    it("passes OIDC SSO", () => {
        const values = withoutSso();
        values.configs.cm["oidc.config"] = "name: SSO\nissuer: https://login.example.com\n";
        return expectPass(policy, TYPES.helmRelease, release(values));
    });
    it("fails a production Argo CD whose only way in is the local admin", () =>
        expectViolation(policy, TYPES.helmRelease, release(withoutSso()), /no SSO .*local admin is the only way in/));
    it("fails the same values carried by a self-managing Application", () =>
        expectViolation(policy, TYPES.application, selfManagedApplication(withoutSso()), /no SSO/));
    it("does not apply outside production", () =>
        expectNotApplicable(policy, TYPES.helmRelease, release(withoutSso()), { stack: DEVELOPMENT }));
});
