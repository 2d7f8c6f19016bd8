import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { kmsKeyRotation as policy } from "./keyRotation";

describe("kms-key-rotation", () => {
    it("has its name and metadata", () => expectMetadata(policy, "kms-key-rotation"));
    it("passes an AWS key with rotation", () => expectPass(policy, TYPES.awsKmsKey, { enableKeyRotation: true }));
    it("passes an asymmetric AWS key, which cannot rotate automatically", () =>
        expectPass(policy, TYPES.awsKmsKey, { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }));
    it("fails an AWS key without rotation", () =>
        expectViolation(policy, TYPES.awsKmsKey, { enableKeyRotation: false }, /enableKeyRotation` is not true/));
    it("fails an AWS key with rotation left to the default (off)", () =>
        expectViolation(policy, TYPES.awsKmsKey, {}, /enableKeyRotation/));
    it("passes a Cloud KMS key rotating every 90 days", () =>
        expectPass(policy, TYPES.gcpCryptoKey, { rotationPeriod: "7776000s" }));
    it("fails a Cloud KMS key without a rotation period", () =>
        expectViolation(policy, TYPES.gcpCryptoKey, {}, /rotationPeriod` is not set/));
    it("fails a Cloud KMS key rotating less often than allowed", () =>
        expectViolation(policy, TYPES.gcpCryptoKey, { rotationPeriod: "31536000s" }, /365 days, longer than 90/));
    it("uses the longest period from the pack config", () =>
        expectViolation(policy, TYPES.gcpCryptoKey, { rotationPeriod: "7776000s" }, /90 days, longer than 30/, {
            config: { "kms-key-rotation": { maximumRotationDays: 30 } },
        }));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.eksCluster, {}));
});
