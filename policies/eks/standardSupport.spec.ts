import { DEVELOPMENT, expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { eksStandardSupport, eksStandardSupportPolicy } from "./standardSupport";

const standard = { supportType: "STANDARD" };
const on = (day: string) => eksStandardSupportPolicy(() => new Date(`${day}T12:00:00Z`));
/** The day this was written: 1.34 left EKS standard support that day. */
const policy = on("2026-12-02");

describe("eks-standard-support", () => {
    it("has its name and metadata", () => expectMetadata(eksStandardSupport, "eks-standard-support"));

    it("passes a supported version with the STANDARD policy", () =>
        expectPass(policy, TYPES.eksCluster, { version: "1.35", upgradePolicy: standard }));

    it("passes 1.34 on its last day of standard support", () =>
        expectPass(on("2026-12-01"), TYPES.eksCluster, { version: "1.34", upgradePolicy: standard }));

    it("fails 1.34 from the day it leaves standard support", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { version: "1.34", upgradePolicy: standard },
            /1\.34 is out of EKS standard support on 2026-12-02 \(since 2026-12-02\)/,
        ));

    it("fails the default 1.35 once the calendar's day for it has come", () =>
        expectViolation(on("2027-03-27"), TYPES.eksCluster, { version: "1.35", upgradePolicy: standard }, /1\.35/));

    it("fails a version older than the calendar", () =>
        expectViolation(policy, TYPES.eksCluster, { version: "1.31", upgradePolicy: standard }, /1\.31 is out of/));

    it("compares versions numerically (1.100 is newer than the calendar)", () =>
        expectPass(policy, TYPES.eksCluster, { version: "1.100", upgradePolicy: standard }));

    it("fails the EXTENDED support policy", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { version: "1.35", upgradePolicy: { supportType: "EXTENDED" } },
            /EXTENDED, not STANDARD/,
        ));

    it("fails an unset support policy, which the API treats as EXTENDED", () =>
        expectViolation(policy, TYPES.eksCluster, { version: "1.35" }, /unset \(EXTENDED\)/));

    it("fails an unpinned version", () =>
        expectViolation(policy, TYPES.eksCluster, { upgradePolicy: standard }, /not pinned/));

    it("is advisory on a stack that is not production", () =>
        expectViolation(policy, TYPES.eksCluster, { version: "1.34", upgradePolicy: standard }, /1\.34/, {
            stack: DEVELOPMENT,
            level: "advisory",
        }));

    it("does not apply to other resources", () =>
        expectNotApplicable(policy, TYPES.gkeCluster, { minMasterVersion: "1.20" }));
});
