import * as assert from "assert";
import { PolicyResource } from "@pulumi/policy";
import { runStackPolicy } from "../lib/evaluate";
import { expectMetadata, stackResource as resource, urnOf } from "../lib/spec";
import { TYPES } from "../lib/types";
import { eksNodesPrivateSubnets as policy } from "./nodesPrivateSubnets";

function stack(subnets: PolicyResource[], stackName = "prod"): PolicyResource[] {
    const group = resource(TYPES.eksNodeGroup, "system", { subnetIds: subnets.map((s) => `${s.name}-id`) }, stackName);
    group.propertyDependencies = { subnetIds: subnets };
    return [resource("pulumi:pulumi:Stack", "gitops-platform-prod", {}, stackName), ...subnets, group];
}

const privateSubnet = resource(TYPES.subnet, "private-0", {
    mapPublicIpOnLaunch: false,
    tags: { "kubernetes.io/role/internal-elb": "1" },
});

describe("eks-nodes-private-subnets", () => {
    it("has its name and metadata", () => expectMetadata(policy, "eks-nodes-private-subnets"));

    it("passes node groups in private subnets", async () => {
        const outcome = await runStackPolicy(policy, stack([privateSubnet]));
        assert.deepStrictEqual(outcome, { violations: [] });
    });

    it("fails a node group in a subnet that assigns public IPs", async () => {
        const open = resource(TYPES.subnet, "open-0", { mapPublicIpOnLaunch: true });
        const { violations } = await runStackPolicy(policy, stack([privateSubnet, open]));
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /system uses subnet open-0, which is public: it gives instances public IP/);
        assert.strictEqual(violations[0].urn, urnOf(TYPES.eksNodeGroup, "system"));
        assert.strictEqual(violations[0].level, "mandatory");
    });

    it("fails a node group in a subnet tagged for internet-facing load balancers", async () => {
        const tagged = resource(TYPES.subnet, "public-0", { tags: { "kubernetes.io/role/elb": "1" } });
        const { violations } = await runStackPolicy(policy, stack([tagged]));
        assert.match(violations[0].message, /tagged for internet-facing load balancers/);
    });

    it("is advisory on a stack that is not production", async () => {
        const open = resource(TYPES.subnet, "open-0", { mapPublicIpOnLaunch: true }, "dev");
        const { violations } = await runStackPolicy(policy, stack([open], "dev"));
        assert.strictEqual(violations[0].level, "advisory");
    });

    it("does not apply to a stack without node groups", async () => {
        const outcome = await runStackPolicy(policy, [privateSubnet]);
        assert.ok(outcome.notApplicable);
    });
});
