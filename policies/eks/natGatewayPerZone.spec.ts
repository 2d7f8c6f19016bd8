import * as assert from "assert";
import { PolicyResource } from "@pulumi/policy";
import { runStackPolicy } from "../lib/evaluate";
import { expectMetadata, urnOf } from "../lib/spec";
import { TYPES } from "../lib/types";
import { UNKNOWN } from "../lib/unknowns";
import { eksNatGatewayPerZone as policy } from "./natGatewayPerZone";

function table(name: string, natGatewayId: string, stack = "prod"): PolicyResource {
    return {
        type: TYPES.routeTable,
        name,
        urn: urnOf(TYPES.routeTable, name, stack),
        props: { vpcId: "vpc-1", routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId }] },
        propertyDependencies: {},
        dependencies: [],
    } as unknown as PolicyResource;
}

describe("eks-nat-gateway-per-zone", () => {
    it("has its name and metadata", () => expectMetadata(policy, "eks-nat-gateway-per-zone"));
    it("passes one NAT gateway per private route table", async () => {
        const outcome = await runStackPolicy(policy, [table("private-0", "nat-0"), table("private-1", "nat-1")]);
        assert.deepStrictEqual(outcome, { violations: [] });
    });
    it("fails one NAT gateway for every zone", async () => {
        const { violations } = await runStackPolicy(policy, [
            table("private-0", "nat-0"),
            table("private-1", "nat-0"),
            table("private-2", "nat-0"),
        ]);
        assert.strictEqual(violations.length, 1);
        assert.match(
            violations[0].message,
            /NAT gateway nat-0 serves 3 route tables \(private-0, private-1, private-2\)/,
        );
        assert.strictEqual(violations[0].level, "mandatory");
    });
    it("does not judge NAT gateways not known yet", async () => {
        const outcome = await runStackPolicy(policy, [table("private-0", UNKNOWN), table("private-1", UNKNOWN)]);
        assert.ok(outcome.notApplicable);
    });
    it("does not apply outside production", async () => {
        const outcome = await runStackPolicy(policy, [
            table("private-0", "nat-0", "dev"),
            table("private-1", "nat-0", "dev"),
        ]);
        assert.ok(outcome.notApplicable);
        assert.deepStrictEqual(outcome.violations, []);
    });
});
