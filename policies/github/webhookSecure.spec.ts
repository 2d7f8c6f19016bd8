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
    it("treats a secret computed at deployment (unknown at a first preview) as present", () =>
        expectPass(policy, TYPES.webhook, webhook({ secret: UNKNOWN, insecureSsl: false })));
    it("still checks TLS when the secret is unknown at preview", () =>
        expectViolation(policy, TYPES.webhook, webhook({ secret: UNKNOWN, insecureSsl: true }), /not verified/, {
            stack: DEVELOPMENT,
        }));
    it("stays mandatory when the pack config lowers or disables it", async () => {
        for (const level of ["advisory", "disabled"] as const) {
            const { violations } = await check(policy, TYPES.webhook, webhook({ insecureSsl: true, secret: "s" }), {
                config: { "github-webhook-secure": level },
            });
            assert.deepStrictEqual(
                violations.map((v) => v.level),
                ["mandatory"],
                level,
            );
        }
    });
    it("fails, mandatory, when the whole configuration is unknown at preview", () =>
        expectViolation(
            policy,
            TYPES.webhook,
            { repository: "r", configuration: UNKNOWN },
            /cannot be checked during preview/,
            {
                stack: DEVELOPMENT,
            },
        ));
});
