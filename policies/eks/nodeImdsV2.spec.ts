import { expectMetadata, expectNotApplicable, expectPass, expectViolation, expectViolations } from "../lib/spec";
import { TYPES } from "../lib/types";
import { eksNodeImdsV2 as policy } from "./nodeImdsV2";

const template = (metadataOptions: Record<string, unknown>) => ({
    metadataOptions: { httpEndpoint: "enabled", ...metadataOptions },
});

describe("eks-node-imdsv2", () => {
    it("has its name and metadata", () => expectMetadata(policy, "eks-node-imdsv2"));

    it("passes a launch template requiring IMDSv2 with hop limit 1", () =>
        expectPass(policy, TYPES.launchTemplate, template({ httpTokens: "required", httpPutResponseHopLimit: 1 })));

    it("passes a node group with a launch template", () =>
        expectPass(policy, TYPES.eksNodeGroup, { launchTemplate: { id: "lt-1", version: "1" } }));

    it("fails optional tokens (IMDSv1 allowed)", () =>
        expectViolation(
            policy,
            TYPES.launchTemplate,
            template({ httpTokens: "optional", httpPutResponseHopLimit: 1 }),
            /optional, not required/,
        ));

    it("fails a hop limit of 2, which lets pods reach the metadata service", () =>
        expectViolation(
            policy,
            TYPES.launchTemplate,
            template({ httpTokens: "required", httpPutResponseHopLimit: 2 }),
            /is 2, not 1/,
        ));

    it("fails a template without metadata options, on both counts", () =>
        expectViolations(policy, TYPES.launchTemplate, {}, [/httpTokens` is unset/, /HopLimit` is unset/]));

    it("fails a node group without a launch template", () =>
        expectViolation(policy, TYPES.eksNodeGroup, { subnetIds: ["a"] }, /no launch template/));

    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.eksCluster, {}));
});
