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
            /0\.0\.0\.0\/0 is broader than a \/16 \(the whole internet\)/,
        ));

    it("fails an IPv6 endpoint open to ::/0", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            cluster({ publicAccessCidrs: ["::/0"] }),
            /::\/0 is broader than a \/48/,
        ));

    const wide: [string, string[], RegExp][] = [
        ["two halves", ["0.0.0.0/1", "128.0.0.0/1"], /together cover the whole IPv4 internet/],
        ["four quarters", ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"], /together cover/],
        ["a /8", ["10.0.0.0/8"], /10\.0\.0\.0\/8 is broader than a \/16/],
        ["a /1 written with host bits", ["128.1.2.3/1"], /broader than a \/16/],
        ["a padded 0.0.0.0/0", [" 0.0.0.0/0 "], /the whole internet/],
        ["an IPv6 /1 pair", ["::/1", "8000::/1"], /whole IPv6 internet/],
        ["text that is not a CIDR", ["everyone"], /is not a CIDR/],
    ];
    for (const [what, cidrs, message] of wide) {
        it(`fails ${what} (CIDR arithmetic, not string matching)`, () =>
            expectViolation(policy, TYPES.eksCluster, cluster({ publicAccessCidrs: cidrs }), message));
    }
    it("passes several narrow networks", () =>
        expectPass(
            policy,
            TYPES.eksCluster,
            cluster({ publicAccessCidrs: ["203.0.113.0/24", "198.51.100.7/32", "100.64.0.0/16"] }),
        ));

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
