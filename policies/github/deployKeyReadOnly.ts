import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

/** A cluster can read its GitOps repository but never push to it. */
export const githubDeployKeyReadOnly = resourcePolicy({
    name: "github-deploy-key-read-only",
    severity: "high",
    description: "GitHub deploy keys are read-only.",
    rationale:
        "GitHub's deploy-key docs and least privilege: Argo CD only pulls. A writable key on a cluster lets anyone " +
        "who reads the Secret rewrite the desired state of every cluster that follows the repository, bypassing " +
        "branch protection reviews.",
    remediationSteps: "Set `readOnly: true` on the deploy key (the provider's default).",
    types: [TYPES.deployKey],
    validate: ({ props }, report) => {
        if (props.readOnly === false) report("`readOnly` is false: the key can push.");
    },
});
