import { strict as assert } from "assert";
import { compareKubernetesMinors } from "../../../../policies/lib/kubernetesReleases";
import { renderStack } from "../../../helpers";

type Inputs = Record<string, unknown>;

/**
 * What the Google provider does with `minMasterVersion` on update (terraform-provider-google,
 * `resourceContainerClusterUpdate`: "Only upgrade the master if the current version is lower than the desired
 * version"): a minimum, never a downgrade of a master GKE's release channel already moved on.
 */
function masterVersionUpdate(minMasterVersion: string, currentMaster: string): string | undefined {
    return compareKubernetesMinors(currentMaster, minMasterVersion) < 0 ? minMasterVersion : undefined;
}

describe("GKE versions: the control plane's minimum, node pools following it", () => {
    it("never downgrades: a master GKE moved to 1.36 stays there with minMasterVersion 1.35", () => {
        assert.equal(masterVersionUpdate("1.35", "1.36.1-gke.100"), undefined);
        assert.equal(masterVersionUpdate("1.36", "1.35.8-gke.1225000"), "1.36");
    });

    for (const stack of ["prod", "dev-gke"]) {
        it(`gives the ${stack} clusters a minor version as their minimum, and node pools no version of their own`, async () => {
            const r = await renderStack(stack);
            const clusters = r.ofType("gcp:container/cluster:Cluster");
            assert.ok(clusters.length > 0);
            for (const cluster of clusters) {
                assert.equal(cluster.inputs.minMasterVersion, "1.35", cluster.name);
                assert.ok((cluster.inputs.releaseChannel as Inputs).channel, cluster.name);
            }
            for (const pool of r.ofType("gcp:container/nodePool:NodePool")) {
                // A pinned version would lag behind (or fight) the control plane's upgrades.
                assert.equal(pool.inputs.version, undefined, pool.name);
                assert.deepEqual(pool.inputs.management, { autoRepair: true, autoUpgrade: true }, pool.name);
            }
        });
    }
});
