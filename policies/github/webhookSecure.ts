import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";
import { isPresent, peek } from "../lib/unknowns";
import { isTrue } from "../lib/values";

/** Webhook deliveries are signed and sent over verified TLS. */
export const githubWebhookSecure = resourcePolicy({
    name: "github-webhook-secure",
    severity: "high",
    description: "GitHub webhooks have a secret and verify TLS.",
    rationale:
        "GitHub's webhook security docs and Argo CD's webhook docs: without a shared secret anyone can post fake " +
        "push events to Argo CD (see CVE-2025-59538 for what a crafted payload did); with `insecureSsl` the " +
        "delivery can be intercepted. Always mandatory, on every stack.",
    remediationSteps:
        "Set `configuration.secret` (gitops-platform uses the same random value as argocd-secret's " +
        "`webhook.github.secret`) and leave `configuration.insecureSsl` false.",
    alwaysMandatory: true,
    types: [TYPES.webhook],
    validate: ({ props }, report) => {
        const configuration = props.configuration ?? {};
        // A secret from another resource (a random password) is unknown at a first preview, but present.
        if (!isPresent(peek(configuration, ["secret"]))) {
            report("`configuration.secret` is empty: deliveries are not signed.");
        }
        const insecureSsl = configuration.insecureSsl;
        if (isTrue(insecureSsl) || insecureSsl === "1" || insecureSsl === 1) {
            report("`configuration.insecureSsl` is on: TLS certificates are not verified.");
        }
    },
});
