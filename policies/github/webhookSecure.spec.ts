import * as assert from "assert";
import { UNKNOWN } from "../lib/evaluate";
import { DEVELOPMENT, check, expectMetadata, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { githubWebhookSecure as policy } from "./webhookSecure";

const webhook = (configuration: Record<string, unknown>) => ({
    repository: "platform-gitops",
    events: ["push"],
    configuration: { url: "https://argocd.example.com/api/webhook", contentType: "json", ...configuration },
});

describe("github-webhook-secure", () => {
    it("has its name and metadata", () => expectMetadata(policy, "github-webhook-secure"));
    it("passes a signed webhook with TLS verification", () =>
        expectPass(policy, TYPES.webhook, webhook({ secret: "random", insecureSsl: false })));
    it("fails a webhook without a secret, mandatory even outside production", () =>
        expectViolation(policy, TYPES.webhook, webhook({ insecureSsl: false }), /not signed/, { stack: DEVELOPMENT }));
    it("fails a blank secret", () => expectViolation(policy, TYPES.webhook, webhook({ secret: "  " }), /not signed/));
    it("fails TLS verification turned off", () =>
        expectViolation(policy, TYPES.webhook, webhook({ secret: "random", insecureSsl: true }), /not verified/));
    it("says so, as advisory, when the secret is unknown at preview", async () => {
        const { violations } = await check(policy, TYPES.webhook, webhook({ secret: UNKNOWN, insecureSsl: false }));
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(violations[0].level, "advisory");
        assert.match(violations[0].message, /can't run policy 'github-webhook-secure' during preview/);
    });
});
