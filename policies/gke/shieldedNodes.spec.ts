import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { secureAutopilotCluster, secureCluster, secureNodeConfig, securePool } from "./fixtures";
import { gkeShieldedNodes as policy } from "./shieldedNodes";

describe("gke-shielded-nodes", () => {
    it("has its name and metadata", () => expectMetadata(policy, "gke-shielded-nodes"));
    it("passes Shielded Nodes with secure boot", () => expectPass(policy, TYPES.gkeCluster, secureCluster));
    it("passes Autopilot, which always shields its nodes", () =>
        expectPass(policy, TYPES.gkeCluster, secureAutopilotCluster));
    it("passes a node pool with secure boot", () => expectPass(policy, TYPES.gkeNodePool, securePool));
    it("fails a cluster without Shielded Nodes", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, enableShieldedNodes: false },
            /enableShieldedNodes` is not true/,
        ));
    it("fails a node pool without secure boot", () =>
        expectViolation(
            policy,
            TYPES.gkeNodePool,
            { ...securePool, nodeConfig: { ...secureNodeConfig, shieldedInstanceConfig: { enableSecureBoot: false } } },
            /node pool system: .*enableSecureBoot/,
        ));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.launchTemplate, {}));
});
