import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { secureCluster } from "./fixtures";
import { gkeReleaseChannel as policy } from "./releaseChannel";

describe("gke-release-channel", () => {
    it("has its name and metadata", () => expectMetadata(policy, "gke-release-channel"));
    for (const channel of ["RAPID", "REGULAR", "STABLE", "EXTENDED"]) {
        it(`passes the ${channel} channel`, () =>
            expectPass(policy, TYPES.gkeCluster, { ...secureCluster, releaseChannel: { channel } }));
    }
    it("fails UNSPECIFIED (no channel)", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, releaseChannel: { channel: "UNSPECIFIED" } },
            /UNSPECIFIED/,
        ));
    it("fails a cluster without a release channel", () =>
        expectViolation(policy, TYPES.gkeCluster, { ...secureCluster, releaseChannel: undefined }, /is unset/));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.gkeNodePool, {}));
});
