import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { secureCluster } from "./fixtures";
import { gkeNoLegacyAuth as policy } from "./noLegacyAuth";

describe("gke-no-legacy-auth", () => {
    it("has its name and metadata", () => expectMetadata(policy, "gke-no-legacy-auth"));
    it("passes ABAC off and no client certificate", () => expectPass(policy, TYPES.gkeCluster, secureCluster));
    it("fails legacy ABAC", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, enableLegacyAbac: true },
            /enableLegacyAbac` is true/,
        ));
    it("fails a client certificate", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, masterAuth: { clientCertificateConfig: { issueClientCertificate: true } } },
            /issueClientCertificate` is true/,
        ));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.gkeNodePool, {}));
});
