import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";
import { isPresent, peek } from "../lib/unknowns";

/** Kubernetes Secrets are encrypted at the application layer with a Cloud KMS key. */
export const gkeSecretsEncryption = resourcePolicy({
    name: "gke-secrets-encryption",
    severity: "high",
    description: "GKE encrypts Kubernetes Secrets with a Cloud KMS key (application-layer secrets encryption).",
    rationale:
        "CIS Google Kubernetes Engine Benchmark 5.3.1: encrypt Kubernetes Secrets with keys managed in Cloud KMS, " +
        "so etcd data alone does not reveal them and every use of the key is audited.",
    remediationSteps:
        'Set `databaseEncryption: { state: "ENCRYPTED", keyName }` with a Cloud KMS key the GKE service agent ' +
        "may use (gitops-platform's GKE component creates both).",
    types: [TYPES.gkeCluster],
    validate: ({ props }, report) => {
        const encryption = props.databaseEncryption ?? {};
        if (encryption.state !== "ENCRYPTED") report(`\`databaseEncryption.state\` is ${encryption.state ?? "unset"}.`);
        // The key's name comes from a key created in the same stack: unknown at a first preview, but set.
        else if (!isPresent(peek(encryption, ["keyName"]))) report("`databaseEncryption.keyName` is not set.");
    },
});
