import { strict as assert } from "assert";
import { REGIONAL_POOL_ZONES, nodesAtCreation, poolSizing } from "../../../../components/cluster/gke/nodes";
import { baseConfig, renderConfig, renderStack } from "../../../helpers";

type Inputs = Record<string, unknown>;

/**
 * GKE's sizing rules, as its API documents them: a node pool's `initialNodeCount` is per zone (a regional
 * cluster's pools span three zones unless `nodeLocations` says otherwise, a zonal cluster's one), while
 * `totalMinNodeCount`/`totalMaxNodeCount` bound the whole pool. The pool a stack creates starts with
 * per-zone count x zones nodes.
 */
function startingNodes(pool: Inputs): { starting: number; min: number; max: number } {
    const location = String(pool.location);
    const zones = /-[a-z]$/.test(location) ? 1 : REGIONAL_POOL_ZONES;
    const autoscaling = pool.autoscaling as { totalMinNodeCount: number; totalMaxNodeCount: number };
    return {
        starting: Number(pool.initialNodeCount) * zones,
        min: autoscaling.totalMinNodeCount,
        max: autoscaling.totalMaxNodeCount,
    };
}

describe("GKE node pool sizes", () => {
    it("starts each pool of the committed stacks within its autoscaling bounds", async () => {
        for (const stack of ["prod", "dev-gke"]) {
            const r = await renderStack(stack);
            for (const pool of r.ofType("gcp:container/nodePool:NodePool")) {
                const { starting, min, max } = startingNodes(pool.inputs);
                assert.ok(
                    starting >= min && starting <= max,
                    `${stack} ${pool.name}: ${starting} nodes, ${min}..${max}`,
                );
            }
        }
    });

    it("starts prod-gke's regional system pool with one node per zone, not three", async () => {
        const r = await renderStack("prod");
        const system = r.named("prod-gke-system").inputs;
        assert.equal(system.initialNodeCount, 1);
        assert.deepEqual(startingNodes(system), { starting: 3, min: 3, max: 6 });
    });

    it("rounds per-zone counts up to reach minSize, with totals for the autoscaler", () => {
        assert.deepEqual(poolSizing({ minSize: 4, maxSize: 12 }, 3), {
            initialNodeCountPerZone: 2,
            totalMinNodeCount: 4,
            totalMaxNodeCount: 12,
        });
        assert.equal(poolSizing({ minSize: 0, maxSize: 3 }, 3).initialNodeCountPerZone, 0);
        assert.equal(nodesAtCreation(poolSizing({ minSize: 3, maxSize: 3 }, 1), 1), 3);
    });

    it("refuses a regional pool that would start above its maxSize, and says what to set", async () => {
        const render = (pool: Inputs) =>
            renderConfig({
                ...baseConfig(),
                "gitops-platform:clusters": [
                    { name: "dev-gke", cloud: "gcp", project: "acme-dev", region: "europe-west1", nodePools: [pool] },
                ],
            });
        await assert.rejects(
            render({ name: "system", minSize: 1, maxSize: 2 }),
            /clusters\[0\]\.nodePools\[0\]\.maxSize: .*below the 3 nodes .*set maxSize to at least 3/,
        );
        await assert.rejects(
            render({ name: "system", minSize: 4, maxSize: 5 }),
            /at least 6, or minSize to a multiple of 3/,
        );
    });
});
