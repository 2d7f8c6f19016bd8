import * as assert from "assert";
import { runResourcePolicy } from "../lib/evaluate";
import { DEVELOPMENT, expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { eksEndpointRestricted as policy } from "./endpointRestricted";

const cluster = (vpcConfig: Record<string, unknown>) => ({ vpcConfig: { subnetIds: ["a", "b"], ...vpcConfig } });

describe("eks-endpoint-restricted", () => {
    it("has its name and metadata", () => expectMetadata(policy, "eks-endpoint-restricted"));

    it("passes a private endpoint", () =>
        expectPass(policy, TYPES.eksCluster, cluster({ endpointPrivateAccess: true, endpointPublicAccess: false })));

    it("passes a public endpoint restricted to listed networks", () =>
        expectPass(
            policy,
            TYPES.eksCluster,
            cluster({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }),
        ));

    it("fails a public endpoint open to 0.0.0.0/0", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            cluster({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] }),
            /public to 0\.0\.0\.0\/0/,
        ));

    it("fails an IPv6 endpoint open to ::/0", () =>
        expectViolation(policy, TYPES.eksCluster, cluster({ publicAccessCidrs: ["::/0"] }), /public to ::\/0/));

    it("fails a public endpoint without CIDRs, which AWS opens to everyone", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            cluster({ endpointPublicAccess: true }),
            /publicAccessCidrs` is empty/,
        ));

    it("fails when public access is left to the API's default (public)", () =>
        expectViolation(policy, TYPES.eksCluster, {}, /publicAccessCidrs` is empty/));

    it("is advisory on a stack that is not production", () =>
        expectViolation(policy, TYPES.eksCluster, cluster({ publicAccessCidrs: ["0.0.0.0/0"] }), /0\.0\.0\.0/, {
            stack: DEVELOPMENT,
            level: "advisory",
        }));

    it("is mandatory on a stack the pack config lists as production", () =>
        expectViolation(policy, TYPES.eksCluster, cluster({ publicAccessCidrs: ["0.0.0.0/0"] }), /0\.0\.0\.0/, {
            stack: "live",
            config: { "eks-endpoint-restricted": { productionStacks: ["live"] } },
        }));

    it("is mandatory when the URN does not name the stack", async () => {
        const { violations } = await runResourcePolicy(policy, {
            type: TYPES.eksCluster,
            name: "c",
            urn: "not-a-urn",
            props: cluster({ publicAccessCidrs: ["0.0.0.0/0"] }),
        });
        assert.deepStrictEqual(
            violations.map((v) => v.level),
            ["mandatory"],
        );
    });

    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.gkeCluster, {}));
});
