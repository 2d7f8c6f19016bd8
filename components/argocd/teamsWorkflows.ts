/**
 * What Argo CD's `teams-workflows` notification service accepts, as read from its source
 * (argoproj/notifications-engine `pkg/services/teams-workflows.go`) and docs
 * (argo-cd `docs/operator-manual/notifications/services/teams-workflows.md`). Office 365 connectors, which
 * the older `teams` service posts to, were retired on 31 Mar 2026.
 */

/** The service's name in `argocd-notifications-cm` (`service.teams-workflows`) and in subscriptions. */
export const TEAMS_WORKFLOWS_SERVICE = "teams-workflows";

/** Keys of the service's own settings (`TeamsWorkflowsOptions`, besides transport options). */
export const TEAMS_WORKFLOWS_OPTIONS = ["recipientUrls", "insecureSkipVerify"] as const;

/** Template fields the service reads (`TeamsWorkflowsNotification`'s JSON names). */
export const TEAMS_WORKFLOWS_TEMPLATE_FIELDS = [
    "template",
    "title",
    "summary",
    "text",
    "themeColor",
    "facts",
    "sections",
    "potentialAction",
    "adaptiveCard",
] as const;

/**
 * Colors `themeColor` may take: it becomes the title TextBlock's `color`, and an Adaptive Card TextBlock takes
 * only these named colors (a hex value, which the old MessageCard took, is not one of them).
 */
export const ADAPTIVE_CARD_COLORS = ["Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"] as const;

/**
 * Webhook URLs the service posts to (`WorkflowsURLPattern`, and HTTPS); it refuses any other URL when it sends,
 * so an Office 365 connector URL (`*.webhook.office.com/webhookb2/...`) fails there.
 */
export const TEAMS_WORKFLOWS_URL =
    /^https:\/\/.*(api\.(powerautomate|powerplatform)\.com|flow\.microsoft\.com|webhook\.office\.com\/workflows|\/powerautomate\/)/i;
