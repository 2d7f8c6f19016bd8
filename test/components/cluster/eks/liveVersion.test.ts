import { strict as assert } from "assert";
import { eksVersionToDeploy, neverDowngrade } from "../../../../config/kubernetesVersions";
import { EKS_ADDON_DEFAULT_VERSIONS } from "../../../../components/cluster/eks/addonVersions";
import { Rendered, awsCluster, baseConfig, renderLive } from "../../../helpers";

type Inputs = Record<string, unknown>;

/** A stack with one EKS cluster at `configured`, rendered against EKS clusters that already exist. */
function render(configured: string, live: Record<string, string>): Promise<Rendered> {
    return renderLive(
        {
            ...baseConfig(),
            "gitops-platform:clusters": [
                awsCluster({ kubernetesVersion: configured, nodePools: [{ name: "system" }, { name: "batch" }] }),
            ],
        },
        { eksClusters: live },
    );
}

const controlPlane = (r: Rendered) => r.named("dev-eks-eks").inputs.version;
const nodeGroupVersions = (r: Rendered) =>
    r.ofType("aws:eks/nodeGroup:NodeGroup").map((g) => (g.inputs as Inputs).version);

describe("EKS version: config is a minimum, never a downgrade", () => {
    describe("neverDowngrade", () => {
        it("keeps the configured version on a new cluster", () =>
            assert.equal(neverDowngrade("1.35", undefined), "1.35"));
        it("keeps a live cluster EKS upgraded past the config", () =>
            assert.equal(neverDowngrade("1.35", "1.36"), "1.36"));
        it("upgrades a live cluster older than the config", () => assert.equal(neverDowngrade("1.36", "1.35"), "1.36"));
        it("compares minors numerically (1.100 is newer than 1.36)", () =>
            assert.equal(neverDowngrade("1.36", "1.100"), "1.100"));
        it("reads a live version with a patch level as its minor", () =>
            assert.equal(neverDowngrade("1.35", "1.36.1"), "1.36"));
    });

    describe("eksVersionToDeploy", () => {
        it("goes straight to a config one minor above the live cluster", () =>
            assert.equal(eksVersionToDeploy("1.36", "1.35"), "1.36"));
        it("steps one minor at a time towards a config further ahead", () =>
            assert.equal(eksVersionToDeploy("1.36", "1.34"), "1.35"));
        it("still never downgrades", () => assert.equal(eksVersionToDeploy("1.35", "1.36"), "1.36"));
        it("takes the config for a cluster that does not exist yet", () =>
            assert.equal(eksVersionToDeploy("1.36", undefined), "1.36"));
    });

    it("moves a live cluster two minors behind its config by one minor this run", async () => {
        const r = await render("1.36", { "dev-eks": "1.34" });
        assert.equal(controlPlane(r), "1.35");
        assert.deepEqual(nodeGroupVersions(r), ["1.35", "1.35"]);
    });

    it("deploys a first cluster, which does not exist yet, at the configured version", async () => {
        const r = await render("1.35", {});
        assert.equal(controlPlane(r), "1.35");
        assert.deepEqual(nodeGroupVersions(r), ["1.35", "1.35"]);
    });

    it("leaves a live cluster at 1.36 with config 1.35 at 1.36, node groups included", async () => {
        const r = await render("1.35", { "dev-eks": "1.36" });
        assert.equal(controlPlane(r), "1.36");
        assert.deepEqual(nodeGroupVersions(r), ["1.36", "1.36"]);
        // The add-ons follow the version the control plane runs: kube-proxy must match it.
        assert.equal(
            r.named("dev-eks-kube-proxy").inputs.addonVersion,
            EKS_ADDON_DEFAULT_VERSIONS["1.36"]["kube-proxy"],
        );
        assert.deepEqual(r.result.outputs.clusters, {
            "dev-eks": { cloud: "aws", region: "eu-west-1", kubernetesVersion: "1.36" },
        });
    });

    it("upgrades a live cluster below the config, node groups with it", async () => {
        const r = await render("1.36", { "dev-eks": "1.35" });
        assert.equal(controlPlane(r), "1.36");
        assert.deepEqual(nodeGroupVersions(r), ["1.36", "1.36"]);
    });

    it("ignores a live cluster of another name", async () => {
        const r = await render("1.35", { "other-eks": "1.36" });
        assert.equal(controlPlane(r), "1.35");
    });
});
