import { expectMetadata, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { argocdAnonymousAccessDisabled as policy } from "./anonymousAccessDisabled";
import { release, secureValues, selfManagedApplication } from "./fixtures";

const withAnonymous = (value: unknown) => {
    const values = secureValues();
    values.configs.cm["users.anonymous.enabled"] = value;
    return values;
};

describe("argocd-anonymous-access-disabled", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-anonymous-access-disabled"));
    it("passes anonymous access off", () => expectPass(policy, TYPES.helmRelease, release()));
    it("passes the chart default (unset)", () =>
        expectPass(policy, TYPES.helmRelease, release(withAnonymous(undefined))));
    it("fails anonymous access on", () =>
        expectViolation(policy, TYPES.helmRelease, release(withAnonymous(true)), /users.anonymous.enabled"` is true/));
    it('fails anonymous access on as the string "true"', () =>
        expectViolation(
            policy,
            TYPES.application,
            selfManagedApplication(withAnonymous("true")),
            /Application argocd:/,
        ));
});
