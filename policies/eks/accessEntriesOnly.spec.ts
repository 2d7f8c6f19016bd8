import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { eksAccessEntriesOnly as policy } from "./accessEntriesOnly";

describe("eks-access-entries-only", () => {
    it("has its name and metadata", () => expectMetadata(policy, "eks-access-entries-only"));

    it("passes API mode without a bootstrap admin", () =>
        expectPass(policy, TYPES.eksCluster, {
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        }));

    it("fails API_AND_CONFIG_MAP mode (the aws-auth ConfigMap still counts)", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            {
                accessConfig: {
                    authenticationMode: "API_AND_CONFIG_MAP",
                    bootstrapClusterCreatorAdminPermissions: false,
                },
            },
            /API_AND_CONFIG_MAP, not API/,
        ));

    it("fails a bootstrap cluster-creator admin", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true } },
            /bootstrapClusterCreatorAdminPermissions/,
        ));

    it("fails the bootstrap admin left to the provider's default (true)", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { accessConfig: { authenticationMode: "API" } },
            /bootstrapClusterCreator/,
        ));

    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.gkeCluster, {}));
});
