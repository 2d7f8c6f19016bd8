import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { gkeAuthorizedNetworks as policy } from "./authorizedNetworks";
import { secureCluster } from "./fixtures";

const publicEndpoint = (authorized: unknown) => ({
    ...secureCluster,
    privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
    masterAuthorizedNetworksConfig: authorized,
});

describe("gke-authorized-networks", () => {
    it("has its name and metadata", () => expectMetadata(policy, "gke-authorized-networks"));
    it("passes a private endpoint", () => expectPass(policy, TYPES.gkeCluster, secureCluster));
    it("passes a public endpoint limited to listed networks", () =>
        expectPass(policy, TYPES.gkeCluster, publicEndpoint({ cidrBlocks: [{ cidrBlock: "203.0.113.0/24" }] })));
    it("fails authorized networks that include 0.0.0.0/0", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            publicEndpoint({ cidrBlocks: [{ cidrBlock: "203.0.113.0/24" }, { cidrBlock: "0.0.0.0/0" }] }),
            /0\.0\.0\.0\/0 is broader than a \/16/,
        ));
    const blocks = (...cidrs: string[]) => publicEndpoint({ cidrBlocks: cidrs.map((cidrBlock) => ({ cidrBlock })) });
    it("fails 0.0.0.0/1 + 128.0.0.0/1, the whole internet by arithmetic", () =>
        expectViolation(policy, TYPES.gkeCluster, blocks("0.0.0.0/1", "128.0.0.0/1"), /together cover the whole/));
    it("fails many ranges that add up to the whole internet", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            blocks(...Array.from({ length: 8 }, (_, i) => `${i * 32}.0.0.0/3`)),
            /together cover the whole/,
        ));
    it("fails a range broader than a /16", () =>
        expectViolation(policy, TYPES.gkeCluster, blocks("172.16.0.0/12"), /172\.16\.0\.0\/12 is broader/));
    it("passes several narrow ranges", () =>
        expectPass(policy, TYPES.gkeCluster, blocks("203.0.113.0/24", "198.51.100.0/25", "10.20.0.0/16")));
    it("fails a public endpoint with no authorized networks", () =>
        expectViolation(policy, TYPES.gkeCluster, publicEndpoint(undefined), /not set: any address may connect/));
    it("fails a public endpoint with an empty list", () =>
        expectViolation(policy, TYPES.gkeCluster, publicEndpoint({ cidrBlocks: [] }), /lists no authorized networks/));
    it("fails access from every Google Cloud address", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            publicEndpoint({ cidrBlocks: [{ cidrBlock: "203.0.113.0/24" }], gcpPublicCidrsAccessEnabled: true }),
            /every Google Cloud address/,
        ));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.gkeNodePool, {}));
});
