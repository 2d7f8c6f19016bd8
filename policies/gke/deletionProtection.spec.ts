import { DEVELOPMENT, expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { gkeDeletionProtection as policy } from "./deletionProtection";
import { secureCluster } from "./fixtures";

describe("gke-deletion-protection", () => {
    it("has its name and metadata", () => expectMetadata(policy, "gke-deletion-protection"));
    it("passes a protected production cluster", () => expectPass(policy, TYPES.gkeCluster, secureCluster));
    it("passes the provider's default (protected)", () =>
        expectPass(policy, TYPES.gkeCluster, { ...secureCluster, deletionProtection: undefined }));
    it("fails an unprotected production cluster", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, deletionProtection: false },
            /deletionProtection` is false/,
        ));
    it("does not apply outside production, where clusters are torn down", () =>
        expectNotApplicable(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, deletionProtection: false },
            { stack: DEVELOPMENT },
        ));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.gkeNodePool, {}));
});
