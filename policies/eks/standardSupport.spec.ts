import { DEVELOPMENT, expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { eksStandardSupport as policy } from "./standardSupport";

const standard = { supportType: "STANDARD" };

describe("eks-standard-support", () => {
    it("has its name and metadata", () => expectMetadata(policy, "eks-standard-support"));

    it("passes a supported version with the STANDARD policy", () =>
        expectPass(policy, TYPES.eksCluster, { version: "1.34", upgradePolicy: standard }));

    it("compares versions numerically (1.100 is newer than 1.34)", () =>
        expectPass(policy, TYPES.eksCluster, { version: "1.100", upgradePolicy: standard }));

    it("fails a version out of standard support", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { version: "1.31", upgradePolicy: standard },
            /1\.31 is older than 1\.34/,
        ));

    it("fails the EXTENDED support policy", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { version: "1.34", upgradePolicy: { supportType: "EXTENDED" } },
            /EXTENDED, not STANDARD/,
        ));

    it("fails an unset support policy, which the API treats as EXTENDED", () =>
        expectViolation(policy, TYPES.eksCluster, { version: "1.34" }, /unset \(EXTENDED\)/));

    it("fails an unpinned version", () =>
        expectViolation(policy, TYPES.eksCluster, { upgradePolicy: standard }, /not pinned/));

    it("uses the floor from the pack config", () =>
        expectViolation(policy, TYPES.eksCluster, { version: "1.34", upgradePolicy: standard }, /older than 1\.35/, {
            config: { "eks-standard-support": { minimumVersion: "1.35" } },
        }));

    it("is advisory on a stack that is not production", () =>
        expectViolation(policy, TYPES.eksCluster, { version: "1.30", upgradePolicy: standard }, /1\.30/, {
            stack: DEVELOPMENT,
            level: "advisory",
        }));

    it("does not apply to other resources", () =>
        expectNotApplicable(policy, TYPES.gkeCluster, { minMasterVersion: "1.20" }));
});
