import { strict as assert } from "assert";
import * as YAML from "yaml";
import {
    ADAPTIVE_CARD_COLORS,
    TEAMS_WORKFLOWS_OPTIONS,
    TEAMS_WORKFLOWS_TEMPLATE_FIELDS,
    TEAMS_WORKFLOWS_URL,
} from "../../../components/argocd/teamsWorkflows";
import { notificationsValues } from "../../../components/argocd/notifications";
import { parsePlatformConfig } from "../../../config/load";
import { platformConfigShape } from "../../../config/schema";

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered templates are untyped */

type Card = { body: { type: string; text?: string; color?: string; facts?: unknown[] }[]; actions: { url: string }[] };

/**
 * An offline model of notifications-engine's `buildAdaptiveCard` (pkg/services/teams-workflows.go): the card
 * the service posts for a template's fields. `facts` and `potentialAction` are JSON strings it unmarshals, and a
 * template whose JSON does not parse is an error there.
 */
function adaptiveCard(fields: Record<string, string>, message: string): Card {
    const body: Card["body"] = [];
    if (fields.title) body.push({ type: "TextBlock", text: fields.title, color: fields.themeColor });
    body.push({ type: "TextBlock", text: fields.text || message });
    const facts = fields.facts ? (JSON.parse(fields.facts) as Record<string, unknown>[]) : [];
    const factSet = facts.filter((f) => typeof f.name === "string").map((f) => ({ title: f.name, value: f.value }));
    if (factSet.length > 0) body.push({ type: "FactSet", facts: factSet });
    const actions = (fields.potentialAction ? (JSON.parse(fields.potentialAction) as any[]) : [])
        .filter((a) => a["@type"] === "OpenUri" && typeof a.targets?.[0]?.uri === "string")
        .map((a) => ({ url: a.targets[0].uri as string }));
    return { body, actions };
}

const notifications = platformConfigShape.shape.argocd.parse({
    notifications: { teams: { channel: "platform" } },
}).notifications;
const values = notificationsValues(notifications, "https://argocd.prod.example.com");
const templates = Object.entries(values.templates as Record<string, string>).map(
    ([key, text]) => [key, YAML.parse(text)] as [string, Record<string, any>],
);

describe("Teams notifications through the teams-workflows service", () => {
    it("configures service.teams-workflows with only the service's own keys, and no service.teams", () => {
        const notifiers = values.notifiers as Record<string, string>;
        assert.deepEqual(Object.keys(notifiers), ["service.teams-workflows"]);
        const service = YAML.parse(notifiers["service.teams-workflows"]);
        for (const key of Object.keys(service)) assert.ok((TEAMS_WORKFLOWS_OPTIONS as readonly string[]).includes(key));
        assert.deepEqual(service.recipientUrls, { platform: "$teams-webhook-url" });
    });

    it("subscribes the channel as a teams-workflows recipient", () =>
        assert.deepEqual((values.subscriptions as any[])[0].recipients, ["teams-workflows:platform"]));

    for (const [key, template] of templates) {
        describe(key, () => {
            const fields = template["teams-workflows"] as Record<string, string>;

            it("has a teams-workflows part and no part for the retired teams service", () => {
                assert.ok(fields);
                assert.equal(template.teams, undefined);
            });

            it("sets only template fields the service reads", () => {
                for (const field of Object.keys(fields)) {
                    assert.ok((TEAMS_WORKFLOWS_TEMPLATE_FIELDS as readonly string[]).includes(field), field);
                }
            });

            it("colors the title with a color an Adaptive Card TextBlock takes", () =>
                assert.ok((ADAPTIVE_CARD_COLORS as readonly string[]).includes(fields.themeColor), fields.themeColor));

            it("becomes a card with the title, facts and a link to the Application", () => {
                const card = adaptiveCard(fields, template.message);
                assert.match(card.body[0].text!, /\{\{\.app\.metadata\.name\}\}/);
                const factSet = card.body.find((b) => b.type === "FactSet");
                assert.equal(factSet?.facts?.length, 3);
                assert.deepEqual(card.actions, [{ url: "{{.context.argocdUrl}}/applications/{{.app.metadata.name}}" }]);
            });
        });
    }
});

describe("the teamsWebhookUrl secret", () => {
    const config = (url: string) =>
        parsePlatformConfig(
            {
                environment: "dev",
                clusters: JSON.stringify([{ name: "c", cloud: "existing", context: "x" }]),
                gitops: JSON.stringify({ url: "/srv/git/platform.git" }),
                argocd: JSON.stringify({ notifications: { teams: { channel: "platform" } } }),
                teamsWebhookUrl: url,
            },
            (key) => key === "teamsWebhookUrl",
        );

    it("takes the URL of a Teams Workflows webhook", () => {
        for (const url of [
            "https://prod-12.westeurope.api.powerautomate.com/workflows/abc/triggers/manual/paths/invoke?sig=x",
            "https://default0123.ab.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc",
            "https://acme.webhook.office.com/workflows/abc",
        ]) {
            assert.ok(TEAMS_WORKFLOWS_URL.test(url), url);
            assert.doesNotThrow(() => config(url), url);
        }
    });

    it("refuses an Office 365 connector URL with a migration hint, without echoing the secret", () => {
        const connector = "https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456";
        assert.throws(
            () => config(connector),
            (error: Error) =>
                /gitops-platform:teamsWebhookUrl: given \[secret\]; must be a Teams Workflows webhook URL/.test(
                    error.message,
                ) &&
                /Office 365 connector URLs stopped working on 31 Mar 2026/.test(error.message) &&
                !error.message.includes("webhookb2"),
        );
    });

    it("refuses plain HTTP, which the service refuses to post to", () =>
        assert.throws(() => config("http://prod.api.powerautomate.com/workflows/abc"), /teamsWebhookUrl/));
});
