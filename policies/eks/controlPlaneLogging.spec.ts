import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { eksControlPlaneLogging as policy } from "./controlPlaneLogging";

describe("eks-control-plane-logging", () => {
    it("has its name and metadata", () => expectMetadata(policy, "eks-control-plane-logging"));

    it("passes audit and authenticator logs", () =>
        expectPass(policy, TYPES.eksCluster, { enabledClusterLogTypes: ["api", "audit", "authenticator"] }));

    it("fails without audit logs", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { enabledClusterLogTypes: ["api", "authenticator"] },
            /lacks audit\./,
        ));

    it("fails without authenticator logs", () =>
        expectViolation(policy, TYPES.eksCluster, { enabledClusterLogTypes: ["audit"] }, /lacks authenticator/));

    it("fails with no logs, naming each missing type", () =>
        expectViolation(policy, TYPES.eksCluster, {}, /lacks audit, authenticator/));

    it("requires the log types the pack config lists", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { enabledClusterLogTypes: ["audit", "authenticator"] },
            /lacks scheduler/,
            {
                config: { "eks-control-plane-logging": { requiredLogTypes: ["audit", "authenticator", "scheduler"] } },
            },
        ));

    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.eksNodeGroup, {}));
});
