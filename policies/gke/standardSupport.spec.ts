import { DEVELOPMENT, expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { gkeStandardSupport, gkeStandardSupportPolicy } from "./standardSupport";

const on = (day: string) => gkeStandardSupportPolicy(() => new Date(`${day}T00:00:00Z`));
const policy = on("2026-12-02");

describe("gke-standard-support", () => {
    it("has its name and metadata", () => expectMetadata(gkeStandardSupport, "gke-standard-support"));

    it("passes the default 1.35", () => expectPass(policy, TYPES.gkeCluster, { minMasterVersion: "1.35" }));

    it("passes a full GKE version of a supported minor", () =>
        expectPass(policy, TYPES.gkeCluster, { minMasterVersion: "1.36.2-gke.1000" }));

    it("passes an unset minimum (the channel's default)", () => expectPass(policy, TYPES.gkeCluster, {}));

    it("passes 1.34 before GKE's end of standard support", () =>
        expectPass(on("2026-09-30"), TYPES.gkeCluster, { minMasterVersion: "1.34" }));

    it("fails 1.34 after GKE's end of standard support (1 Oct 2026), before EKS's", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { minMasterVersion: "1.34" },
            /1\.34 is out of GKE standard support on 2026-12-02 \(since 2026-10-01\)/,
        ));

    it("fails a version older than the schedule", () =>
        expectViolation(policy, TYPES.gkeCluster, { minMasterVersion: "1.30" }, /1\.30 is out of/));

    it("is advisory on a stack that is not production", () =>
        expectViolation(policy, TYPES.gkeCluster, { minMasterVersion: "1.33" }, /1\.33/, {
            stack: DEVELOPMENT,
            level: "advisory",
        }));

    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.eksCluster, { version: "1.20" }));
});
