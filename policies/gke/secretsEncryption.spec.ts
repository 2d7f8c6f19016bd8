import { UNKNOWN } from "../lib/unknowns";
import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { secureCluster } from "./fixtures";
import { gkeSecretsEncryption as policy } from "./secretsEncryption";

describe("gke-secrets-encryption", () => {
    it("has its name and metadata", () => expectMetadata(policy, "gke-secrets-encryption"));
    it("passes secrets encrypted with a Cloud KMS key", () => expectPass(policy, TYPES.gkeCluster, secureCluster));
    it("passes a key created in the same stack, whose name is unknown at a first preview", () =>
        expectPass(policy, TYPES.gkeCluster, {
            ...secureCluster,
            databaseEncryption: { state: "ENCRYPTED", keyName: UNKNOWN },
        }));
    it("fails, mandatory in production, when the state is unknown at preview", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, databaseEncryption: { state: UNKNOWN, keyName: UNKNOWN } },
            /databaseEncryption.state` is not known until deployment/,
        ));
    it("fails DECRYPTED", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, databaseEncryption: { state: "DECRYPTED" } },
            /DECRYPTED/,
        ));
    it("fails without databaseEncryption", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, databaseEncryption: undefined },
            /state` is unset/,
        ));
    it("fails ENCRYPTED without a key", () =>
        expectViolation(
            policy,
            TYPES.gkeCluster,
            { ...secureCluster, databaseEncryption: { state: "ENCRYPTED" } },
            /keyName` is not set/,
        ));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.eksCluster, {}));
});
