import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";
import { isPresent, peek } from "../lib/unknowns";

/** Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key. */
export const eksSecretsEncryption = resourcePolicy({
    name: "eks-secrets-encryption",
    severity: "high",
    description: "EKS encrypts Kubernetes Secrets with a KMS key (envelope encryption).",
    rationale:
        "CIS Amazon EKS Benchmark 5.3.1: encrypt Kubernetes Secrets with a customer-managed KMS key, so a copy of " +
        "etcd (a backup or snapshot) does not reveal them and access to the key is audited in CloudTrail.",
    remediationSteps:
        'Set `encryptionConfig: { resources: ["secrets"], provider: { keyArn } }` on the cluster with a KMS key ' +
        "that has rotation on (gitops-platform's EKS component does this).",
    types: [TYPES.eksCluster],
    validate: ({ props }, report) => {
        const encryption = props.encryptionConfig;
        if (!encryption) return report("`encryptionConfig` is not set.");
        if (!(encryption.resources ?? []).includes("secrets")) report("`encryptionConfig.resources` lacks `secrets`.");
        // The key's ARN comes from a key created in the same stack: unknown at a first preview, but set.
        if (!isPresent(peek(encryption, ["provider", "keyArn"])))
            report("`encryptionConfig.provider.keyArn` is not set.");
    },
});
