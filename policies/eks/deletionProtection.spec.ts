import { DEVELOPMENT, expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { eksDeletionProtection as policy } from "./deletionProtection";

describe("eks-deletion-protection", () => {
    it("has its name and metadata", () => expectMetadata(policy, "eks-deletion-protection"));
    it("passes a protected production cluster", () =>
        expectPass(policy, TYPES.eksCluster, { deletionProtection: true }));
    it("fails an unprotected production cluster", () =>
        expectViolation(policy, TYPES.eksCluster, { deletionProtection: false }, /deletionProtection` is not true/));
    it("fails a cluster that leaves it unset, which EKS creates unprotected", () =>
        expectViolation(policy, TYPES.eksCluster, {}, /deletionProtection` is not true/));
    it("does not apply outside production, where clusters are torn down", () =>
        expectNotApplicable(policy, TYPES.eksCluster, { deletionProtection: false }, { stack: DEVELOPMENT }));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.eksNodeGroup, {}));
});
