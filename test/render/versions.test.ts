import { strict as assert } from "assert";
import * as YAML from "yaml";
import { PATCHED_VERSIONS, unpatchedImage } from "../../policies/argocd/chartVersion";
import { DEFAULT_KUBERNETES_VERSION } from "../../policies/lib/kubernetesReleases";
import { renderStack } from "../helpers";

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered inputs are untyped */

const STACKS = ["dev", "dev-gke", "prod", "local"];

describe("the committed stacks' versions, as rendered", () => {
    for (const stack of STACKS) {
        it(`${stack}: Argo CD runs the patched image, clusters run ${DEFAULT_KUBERNETES_VERSION}, Teams goes through teams-workflows`, async () => {
            const r = await renderStack(stack);
            const releases = r.ofType("kubernetes:helm.sh/v3:Release").filter((x) => x.inputs.chart === "argo-cd");
            assert.ok(releases.length > 0);
            for (const release of releases) {
                const values = release.inputs.values as any;
                assert.equal(values.global.image.tag, "v3.4.15", release.name);
                assert.equal(unpatchedImage(values.global.image.tag, PATCHED_VERSIONS), undefined);
                const notifiers = values.notifications.notifiers as Record<string, string>;
                assert.equal(notifiers["service.teams"], undefined, release.name);
                if (notifiers["service.teams-workflows"]) {
                    assert.ok(YAML.parse(notifiers["service.teams-workflows"]).recipientUrls, release.name);
                }
            }
            for (const eks of r.ofType("aws:eks/cluster:Cluster")) assert.equal(eks.inputs.version, "1.35", eks.name);
            for (const group of r.ofType("aws:eks/nodeGroup:NodeGroup")) {
                assert.equal(group.inputs.version, "1.35", group.name);
            }
            for (const gke of r.ofType("gcp:container/cluster:Cluster")) {
                assert.equal(gke.inputs.minMasterVersion, "1.35", gke.name);
            }
            // The layers committed to the GitOps repository carry the same image (self-management reads them).
            const layer = r
                .ofType("github:index/repositoryFile:RepositoryFile")
                .find((f) => /defaults\/argocd\/values\.yaml$/.test(String(f.inputs.file)));
            if (stack !== "local") assert.ok(layer, `${stack} seeds the layered values`);
            if (layer) assert.equal(YAML.parse(String(layer.inputs.content)).global.image.tag, "v3.4.15");
        });
    }

    it("prod notifies Teams through teams-workflows", async () => {
        const r = await renderStack("prod");
        for (const release of r.ofType("kubernetes:helm.sh/v3:Release").filter((x) => x.inputs.chart === "argo-cd")) {
            const notifications = (release.inputs.values as any).notifications;
            assert.ok(notifications.notifiers["service.teams-workflows"], release.name);
            assert.ok(notifications.subscriptions[0].recipients.includes("teams-workflows:platform"), release.name);
        }
    });
});
