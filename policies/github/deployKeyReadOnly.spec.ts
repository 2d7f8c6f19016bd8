import { DEVELOPMENT, expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { githubDeployKeyReadOnly as policy } from "./deployKeyReadOnly";

const key = { repository: "platform-gitops", title: "argocd-prod-eks", key: "ssh-ed25519 AAAA" };

describe("github-deploy-key-read-only", () => {
    it("has its name and metadata", () => expectMetadata(policy, "github-deploy-key-read-only"));
    it("passes a read-only key", () => expectPass(policy, TYPES.deployKey, { ...key, readOnly: true }));
    it("passes the provider's default (read-only)", () => expectPass(policy, TYPES.deployKey, key));
    it("fails a key that can push", () =>
        expectViolation(policy, TYPES.deployKey, { ...key, readOnly: false }, /can push/));
    it("is advisory outside production", () =>
        expectViolation(policy, TYPES.deployKey, { ...key, readOnly: false }, /can push/, {
            stack: DEVELOPMENT,
            level: "advisory",
        }));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.webhook, {}));
});
