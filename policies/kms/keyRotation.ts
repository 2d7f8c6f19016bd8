import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

interface Config {
    maximumRotationDays: number;
}

const SECONDS_PER_DAY = 86_400;

/** Keys that encrypt cluster secrets rotate automatically. */
export const kmsKeyRotation = resourcePolicy<Config>({
    name: "kms-key-rotation",
    severity: "medium",
    description: "KMS keys rotate automatically (AWS key rotation on; Cloud KMS rotation period set).",
    rationale:
        "CIS Amazon EKS Benchmark 5.3.1 asks for a KMS key that rotates, and CIS Google Cloud Foundations 1.10 " +
        "for a Cloud KMS rotation period of 90 days or less: a key that never rotates keeps every secret it ever " +
        "encrypted exposed to one leaked key version.",
    remediationSteps:
        "AWS: set `enableKeyRotation: true` on the key. Google Cloud: set `rotationPeriod` (for example " +
        '"7776000s", 90 days) on the crypto key.',
    config: {
        maximumRotationDays: {
            type: "integer",
            minimum: 1,
            default: 90,
            description: "Longest Cloud KMS rotation period allowed, in days.",
        },
    },
    types: [TYPES.awsKmsKey, TYPES.gcpCryptoKey],
    validate: ({ type, props }, report, config) => {
        if (type === TYPES.awsKmsKey) {
            // Only symmetric encryption keys can rotate automatically.
            const spec = props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT";
            if (spec === "SYMMETRIC_DEFAULT" && props.enableKeyRotation !== true)
                report("`enableKeyRotation` is not true.");
            return;
        }
        const period = /^(\d+(?:\.\d+)?)s$/.exec(String(props.rotationPeriod ?? ""));
        if (!period) return report("`rotationPeriod` is not set.");
        const days = Number(period[1]) / SECONDS_PER_DAY;
        if (days > config.maximumRotationDays) {
            report(`\`rotationPeriod\` is ${days} days, longer than ${config.maximumRotationDays}.`);
        }
    },
});
