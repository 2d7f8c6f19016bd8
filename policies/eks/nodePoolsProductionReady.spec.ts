import * as assert from "assert";
import { runStackPolicy } from "../lib/evaluate";
import { expectMetadata, stackResource as resource, urnOf } from "../lib/spec";
import { TYPES } from "../lib/types";
import { nodePoolsProductionReady as policy } from "./nodePoolsProductionReady";

const eksGroup = (name: string, maxSize: number, capacityType = "ON_DEMAND", stack = "prod") =>
    resource(
        TYPES.eksNodeGroup,
        name,
        { clusterName: "prod-eks", scalingConfig: { minSize: 1, maxSize }, capacityType },
        stack,
    );
const gkePool = (name: string, totalMaxNodeCount: number, spot = false) =>
    resource(TYPES.gkeNodePool, name, {
        cluster: "prod-gke",
        autoscaling: { totalMinNodeCount: 1, totalMaxNodeCount },
        nodeConfig: { spot },
    });

describe("node-pools-production-ready", () => {
    it("has its name and metadata", () => expectMetadata(policy, "node-pools-production-ready"));
    it("passes pools of several nodes with on-demand capacity somewhere", async () => {
        const outcome = await runStackPolicy(policy, [
            eksGroup("system", 6),
            eksGroup("batch", 10, "SPOT"),
            gkePool("system", 6),
            gkePool("batch", 10, true),
        ]);
        assert.deepStrictEqual(outcome, { violations: [] });
    });
    it("fails an EKS node group of one node", async () => {
        const { violations } = await runStackPolicy(policy, [eksGroup("system", 1), eksGroup("apps", 4)]);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /Node pool system has at most 1 node/);
        assert.strictEqual(violations[0].urn, urnOf(TYPES.eksNodeGroup, "system"));
    });
    it("fails a GKE node pool of one node, per zone times zones otherwise", async () => {
        const perZone = resource(TYPES.gkeNodePool, "zonal", {
            cluster: "c",
            autoscaling: { maxNodeCount: 1 },
            nodeLocations: ["europe-west1-b"],
        });
        const { violations } = await runStackPolicy(policy, [gkePool("system", 1), perZone]);
        assert.strictEqual(violations.length, 2);
        assert.match(violations[0].message, /Node pool system has at most 1 node\.$/);
        assert.match(violations[1].message, /Node pool zonal has at most 1 node\.$/);
    });
    it("fails a cluster whose every pool is spot", async () => {
        const { violations } = await runStackPolicy(policy, [
            eksGroup("system", 4, "SPOT"),
            eksGroup("apps", 4, "SPOT"),
            gkePool("system", 6),
        ]);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /Every node pool of cluster prod-eks \(system, apps\) is spot capacity/);
    });
    it("fails an all-spot GKE cluster", async () => {
        const { violations } = await runStackPolicy(policy, [gkePool("system", 6, true)]);
        assert.match(violations[0].message, /cluster prod-gke \(system\) is spot/);
    });
    it("does not apply outside production", async () => {
        const outcome = await runStackPolicy(policy, [eksGroup("system", 1, "SPOT", "dev")]);
        assert.ok(outcome.notApplicable);
    });
});
