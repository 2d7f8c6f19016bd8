import { UNKNOWN } from "../lib/unknowns";
import { DEVELOPMENT, expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { eksSecretsEncryption as policy } from "./secretsEncryption";

const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/abc";

describe("eks-secrets-encryption", () => {
    it("has its name and metadata", () => expectMetadata(policy, "eks-secrets-encryption"));

    it("passes secrets encrypted with a KMS key", () =>
        expectPass(policy, TYPES.eksCluster, { encryptionConfig: { resources: ["secrets"], provider: { keyArn } } }));

    it("passes a key created in the same stack, whose ARN is unknown at a first preview", () =>
        expectPass(policy, TYPES.eksCluster, {
            encryptionConfig: { resources: ["secrets"], provider: { keyArn: UNKNOWN } },
        }));

    it("still finds secrets missing from the encrypted resources when the key is unknown", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { encryptionConfig: { resources: [], provider: { keyArn: UNKNOWN } } },
            /lacks `secrets`/,
        ));

    it("fails, mandatory in production, when what it decides on is unknown at preview", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { encryptionConfig: { resources: UNKNOWN, provider: { keyArn: UNKNOWN } } },
            /`encryptionConfig.resources` is not known until deployment/,
        ));

    it("reports that unknown as advisory outside production", () =>
        expectViolation(policy, TYPES.eksCluster, { encryptionConfig: UNKNOWN }, /cannot be checked during preview/, {
            stack: DEVELOPMENT,
            level: "advisory",
        }));

    it("fails without encryptionConfig", () =>
        expectViolation(policy, TYPES.eksCluster, {}, /encryptionConfig` is not set/));

    it("fails when secrets are not among the encrypted resources", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { encryptionConfig: { resources: [], provider: { keyArn } } },
            /lacks `secrets`/,
        ));

    it("fails without a key", () =>
        expectViolation(
            policy,
            TYPES.eksCluster,
            { encryptionConfig: { resources: ["secrets"], provider: {} } },
            /keyArn` is not set/,
        ));

    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.awsKmsKey, {}));
});
