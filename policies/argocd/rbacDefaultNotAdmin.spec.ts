import { DEVELOPMENT, expectMetadata, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { release, secureValues } from "./fixtures";
import { argocdRbacDefaultNotAdmin as policy } from "./rbacDefaultNotAdmin";

const withDefault = (role: string | undefined) => {
    const values = secureValues();
    values.configs.rbac["policy.default"] = role;
    return release(values);
};

describe("argocd-rbac-default-not-admin", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-rbac-default-not-admin"));
    it("passes role:readonly", () => expectPass(policy, TYPES.helmRelease, withDefault("role:readonly")));
    it("passes an empty default (no access until granted)", () =>
        expectPass(policy, TYPES.helmRelease, withDefault("")));
    it("passes no default at all", () => expectPass(policy, TYPES.helmRelease, withDefault(undefined)));
    it("fails role:admin", () =>
        expectViolation(policy, TYPES.helmRelease, withDefault("role:admin"), /policy.default"` is role:admin/));
    it("is advisory outside production", () =>
        expectViolation(policy, TYPES.helmRelease, withDefault(" role:admin "), /role:admin/, {
            stack: DEVELOPMENT,
            level: "advisory",
        }));
});
