import * as YAML from "yaml";
import { ArgoCdConfig, SecretKey } from "../../config/schema";
import { ADAPTIVE_CARD_COLORS, TEAMS_WORKFLOWS_SERVICE } from "./teamsWorkflows";

type Notifications = ArgoCdConfig["notifications"];

/** Keys of `argocd-notifications-secret`, which Pulumi creates, by the config key whose secret they hold. */
export const NOTIFICATION_SECRET_KEYS = {
    slackToken: "slack-token",
    teamsWebhookUrl: "teams-webhook-url",
    notificationWebhookUrl: "notification-webhook-url",
} as const satisfies Partial<Record<SecretKey, string>>;

/** Minutes a sync may run before `on-sync-running-long` fires. */
export const SYNC_RUNNING_LONG_MINUTES = 15;

const yaml = (value: unknown) => YAML.stringify(value, { lineWidth: 0 });

/** Notification services (`service.*` of argocd-notifications-cm); credentials only as `$<secret key>` references. */
export function notifiers(notifications: Notifications): Record<string, string> {
    const services: Record<string, string> = {};
    if (notifications.slack) services["service.slack"] = yaml({ token: `$${NOTIFICATION_SECRET_KEYS.slackToken}` });
    if (notifications.teams) {
        services[`service.${TEAMS_WORKFLOWS_SERVICE}`] = yaml({
            recipientUrls: { [notifications.teams.channel]: `$${NOTIFICATION_SECRET_KEYS.teamsWebhookUrl}` },
        });
    }
    if (notifications.webhook) {
        services[`service.webhook.${notifications.webhook.name}`] = yaml({
            url: `$${NOTIFICATION_SECRET_KEYS.notificationWebhookUrl}`,
            headers: [{ name: "Content-Type", value: "application/json" }],
        });
    }
    return services;
}

interface Event {
    trigger: string;
    template: string;
    description: string;
    when: string;
    oncePer?: string;
    title: string;
    color: string;
    /** The same color as an Adaptive Card names it (Teams Workflows). */
    cardColor: (typeof ADAPTIVE_CARD_COLORS)[number];
    emoji: string;
}

/** The shipped triggers, each with the template it sends. */
const EVENTS: Event[] = [
    {
        trigger: "on-deployed",
        template: "app-deployed",
        description: "Application is synced and healthy; once per commit.",
        when: "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'",
        oncePer: "app.status.sync.revision",
        title: "Deployed",
        color: "#18be52",
        cardColor: "Good",
        emoji: ":white_check_mark:",
    },
    {
        trigger: "on-sync-failed",
        template: "app-sync-failed",
        description: "Application syncing has failed.",
        when: "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']",
        title: "Sync failed",
        color: "#e96d76",
        cardColor: "Attention",
        emoji: ":exclamation:",
    },
    {
        trigger: "on-health-degraded",
        template: "app-health-degraded",
        description: "Application has degraded.",
        when: "app.status.health.status == 'Degraded'",
        title: "Health degraded",
        color: "#f4c030",
        cardColor: "Warning",
        emoji: ":broken_heart:",
    },
    {
        trigger: "on-sync-running-long",
        template: "app-sync-running-long",
        description: `A sync has been running for more than ${SYNC_RUNNING_LONG_MINUTES} minutes.`,
        when: `app.status.operationState != nil and app.status.operationState.phase in ['Running'] and time.Now().Sub(time.Parse(app.status.operationState.startedAt)).Minutes() >= ${SYNC_RUNNING_LONG_MINUTES}`,
        title: "Sync running long",
        color: "#f4c030",
        cardColor: "Warning",
        emoji: ":hourglass:",
    },
];

const APP_LINK = "{{.context.argocdUrl}}/applications/{{.app.metadata.name}}";

function template(event: Event, webhook: string | undefined): Record<string, unknown> {
    const summary = `${event.title}: {{.app.metadata.name}} (sync {{.app.status.sync.status}}, health {{.app.status.health.status}})`;
    const facts = [
        { title: "Project", value: "{{.app.spec.project}}" },
        { title: "Revision", value: "{{.app.status.sync.revision}}" },
        { title: "Destination", value: "{{.app.spec.destination.server}}/{{.app.spec.destination.namespace}}" },
    ];
    return {
        message: `${event.emoji} ${summary}\n${APP_LINK}\n`,
        slack: {
            attachments: JSON.stringify([
                {
                    title: "{{.app.metadata.name}}",
                    title_link: APP_LINK,
                    color: event.color,
                    fields: facts.map((f) => ({ ...f, short: true })),
                },
            ]),
        },
        [TEAMS_WORKFLOWS_SERVICE]: {
            title: `${event.title}: {{.app.metadata.name}}`,
            text: summary,
            themeColor: event.cardColor,
            facts: JSON.stringify(facts.map((f) => ({ name: f.title, value: f.value }))),
            potentialAction: JSON.stringify([
                { "@type": "OpenUri", name: "Open in Argo CD", targets: [{ os: "default", uri: APP_LINK }] },
            ]),
        },
        ...(webhook
            ? {
                  webhook: {
                      [webhook]: {
                          method: "POST",
                          body: JSON.stringify({
                              event: event.trigger,
                              application: "{{.app.metadata.name}}",
                              project: "{{.app.spec.project}}",
                              sync: "{{.app.status.sync.status}}",
                              health: "{{.app.status.health.status}}",
                              revision: "{{.app.status.sync.revision}}",
                              url: APP_LINK,
                          }),
                      },
                  },
              }
            : {}),
    };
}

/** The chart's `notifications` values: services, templates, triggers and default subscriptions. */
export function notificationsValues(
    notifications: Notifications,
    argocdUrl: string | undefined,
): Record<string, unknown> {
    const webhook = notifications.webhook?.name;
    const recipients = [
        ...(notifications.slack ? [`slack:${notifications.slack.channel}`] : []),
        ...(notifications.teams ? [`${TEAMS_WORKFLOWS_SERVICE}:${notifications.teams.channel}`] : []),
        ...(webhook ? [`${webhook}:`] : []),
    ];
    return {
        enabled: true,
        ...(argocdUrl ? { argocdUrl } : {}),
        // Pulumi creates argocd-notifications-secret from Pulumi secrets; the chart must not.
        secret: { create: false },
        notifiers: notifiers(notifications),
        templates: Object.fromEntries(EVENTS.map((e) => [`template.${e.template}`, yaml(template(e, webhook))])),
        triggers: Object.fromEntries(
            EVENTS.map((e) => [
                `trigger.${e.trigger}`,
                yaml([
                    {
                        description: e.description,
                        send: [e.template],
                        when: e.when,
                        ...(e.oncePer ? { oncePer: e.oncePer } : {}),
                    },
                ]),
            ]),
        ),
        subscriptions: recipients.length > 0 ? [{ recipients, triggers: notifications.triggers }] : [],
    };
}
