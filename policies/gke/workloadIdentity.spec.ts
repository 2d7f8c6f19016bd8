import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { secureAutopilotCluster, secureCluster, secureNodeConfig, securePool } from "./fixtures";
import { gkeWorkloadIdentity as policy } from "./workloadIdentity";

describe("gke-workload-identity", () => {
    it("has its name and metadata", () => expectMetadata(policy, "gke-workload-identity"));
    it("passes a cluster with Workload Identity and GKE_METADATA", () =>
        expectPass(policy, TYPES.gkeCluster, secureCluster));
    it("passes an Autopilot cluster (Google runs the metadata server)", () =>
        expectPass(policy, TYPES.gkeCluster, secureAutopilotCluster));
    it("passes a node pool with GKE_METADATA", () => expectPass(policy, TYPES.gkeNodePool, securePool));
    it("fails a cluster without a workload pool", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, workloadIdentityConfig: undefined },
            /workloadPool` is not set/,
        ));
    it("fails a node pool exposing the node's metadata", () =>
        expectViolation(
            policy,
            TYPES.gkeNodePool,
            { ...securePool, nodeConfig: { ...secureNodeConfig, workloadMetadataConfig: { mode: "GCE_METADATA" } } },
            /node pool system: .*GCE_METADATA, not GKE_METADATA/,
        ));
    it("fails the cluster's default node config without a metadata mode", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, nodeConfig: { ...secureNodeConfig, workloadMetadataConfig: undefined } },
            /default node config: .*unset/,
        ));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.eksNodeGroup, {}));
});
