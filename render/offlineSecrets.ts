import { PROJECT_NAME } from "../config/load";
import { SECRET_REQUIREMENTS, SecretKey } from "../config/schema";
import { StackConfig } from "../config/stackFile";

/**
 * Stand-in secrets for the offline render only. A stack file holds real secrets only as ciphertext the
 * render cannot decrypt, and the repository's stack files hold none at all, so the render (and the policy
 * check and tests built on it) gives each secret the stack's settings need, and its file lacks, a stand-in
 * value marked secret. The program itself never gets one: a real `pulumi up` without the secret is refused
 * naming the key and the `pulumi config set --secret` command.
 */

/**
 * The value a stand-in secret gets, per key: never a usable credential, but shaped as the key's validation
 * requires (a Teams Workflows URL for `teamsWebhookUrl`), so the render checks the rest of the stack.
 */
export const OFFLINE_SECRET_STAND_INS: Readonly<Record<SecretKey, string>> = {
    ssoClientSecret: "offline-render-stand-in",
    slackToken: "offline-render-stand-in",
    teamsWebhookUrl: "https://offline-render-stand-in.api.powerautomate.com/workflows",
    notificationWebhookUrl: "https://offline-render-stand-in.invalid/webhook",
};

/** The stack config with a stand-in for each needed but missing secret, and the keys stood in for. */
export function withOfflineSecretStandIns(stackConfig: StackConfig): {
    stackConfig: StackConfig;
    standIns: SecretKey[];
} {
    const argocdText = stackConfig.config[`${PROJECT_NAME}:argocd`];
    let argocd: unknown;
    try {
        argocd = argocdText === undefined ? {} : JSON.parse(argocdText);
    } catch {
        // Not structured: the program's validation reports it; nothing to stand in for.
        return { stackConfig, standIns: [] };
    }
    if (argocd === null || typeof argocd !== "object") return { stackConfig, standIns: [] };
    const standIns = SECRET_REQUIREMENTS.filter(
        ({ key, needed }) =>
            needed(argocd as Parameters<typeof needed>[0]) &&
            stackConfig.config[`${PROJECT_NAME}:${key}`] === undefined,
    ).map(({ key }) => key);
    if (standIns.length === 0) return { stackConfig, standIns };
    const config = { ...stackConfig.config };
    const secretKeys = [...stackConfig.secretKeys];
    for (const key of standIns) {
        config[`${PROJECT_NAME}:${key}`] = OFFLINE_SECRET_STAND_INS[key];
        secretKeys.push(`${PROJECT_NAME}:${key}`);
    }
    return { stackConfig: { ...stackConfig, config, secretKeys }, standIns };
}
