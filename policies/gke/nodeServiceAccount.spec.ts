import { UNKNOWN } from "../lib/unknowns";
import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { secureAutopilotCluster, secureCluster, secureNodeConfig, securePool } from "./fixtures";
import { gkeNodeServiceAccount as policy } from "./nodeServiceAccount";

const withAccount = (serviceAccount: string | undefined) => ({
    ...securePool,
    nodeConfig: { ...secureNodeConfig, serviceAccount },
});

describe("gke-node-service-account", () => {
    it("has its name and metadata", () => expectMetadata(policy, "gke-node-service-account"));
    it("passes a dedicated node service account", () => expectPass(policy, TYPES.gkeNodePool, securePool));
    it("passes a cluster whose default node config has one", () => expectPass(policy, TYPES.gkeCluster, secureCluster));
    it("passes Autopilot with a dedicated account for its nodes", () =>
        expectPass(policy, TYPES.gkeCluster, secureAutopilotCluster));
    it("passes an account created in the same stack, whose email is unknown at a first preview", () =>
        expectPass(policy, TYPES.gkeNodePool, withAccount(UNKNOWN)));
    it("passes Autopilot whose node account is unknown at a first preview", () =>
        expectPass(policy, TYPES.gkeCluster, {
            ...secureAutopilotCluster,
            clusterAutoscaling: { autoProvisioningDefaults: { serviceAccount: UNKNOWN } },
        }));
    it("fails the Compute Engine default service account", () =>
        expectViolation(
            policy,
            TYPES.gkeNodePool,
            withAccount("123456789012-compute@developer.gserviceaccount.com"),
            /node pool system: .*Compute Engine default/,
        ));
    it('fails "default"', () => expectViolation(policy, TYPES.gkeNodePool, withAccount("default"), /is default/));
    it("fails an unset service account", () =>
        expectViolation(policy, TYPES.gkeNodePool, withAccount(undefined), /is unset/));
    it("fails Autopilot without a node service account", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureAutopilotCluster, clusterAutoscaling: undefined },
            /Autopilot/,
        ));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.eksNodeGroup, {}));
});
