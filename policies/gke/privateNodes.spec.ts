import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { secureAutopilotCluster, secureCluster } from "./fixtures";
import { gkePrivateNodes as policy } from "./privateNodes";

describe("gke-private-nodes", () => {
    it("has its name and metadata", () => expectMetadata(policy, "gke-private-nodes"));
    it("passes private nodes", () => expectPass(policy, TYPES.gkeCluster, secureCluster));
    it("passes a private Autopilot cluster", () => expectPass(policy, TYPES.gkeCluster, secureAutopilotCluster));
    it("fails public nodes", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, privateClusterConfig: { enablePrivateNodes: false } },
            /enablePrivateNodes` is not true/,
        ));
    it("fails a cluster without privateClusterConfig", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, privateClusterConfig: undefined },
            /enablePrivateNodes/,
        ));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.eksCluster, {}));
});
