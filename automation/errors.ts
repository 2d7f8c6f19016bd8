import { ConcurrentUpdateError, StackAlreadyExistsError, StackNotFoundError } from "@pulumi/pulumi/automation";
import { OperationFailed, engineErrorLine, isMissingCli } from "./engine";

/** The Automation API's own error classes (it tells them apart from the CLI's stderr), with what to do. */
const KNOWN_ERRORS: { type: new (...args: never[]) => Error; explanation: string }[] = [
    {
        type: StackNotFoundError,
        explanation:
            "the stack does not exist in this backend: deploy it first (`npm run stack -- up`), or check `pulumi login` / PULUMI_BACKEND_URL",
    },
    {
        type: ConcurrentUpdateError,
        explanation:
            "another update of this stack is in progress (or left its lock): wait for it; if none runs, `pulumi cancel` (Pulumi Cloud) or remove the lock (file backend)",
    },
    {
        type: StackAlreadyExistsError,
        explanation: "the stack already exists in this backend: select it instead of creating it",
    },
];

/** Known causes of a failed run, each with what to do, matched against the engine's error text. */
const KNOWN_CAUSES: { pattern: RegExp; explanation: string }[] = [
    {
        pattern: /PULUMI_ACCESS_TOKEN must be set|not logged in|pulumi login/i,
        explanation:
            "not logged in to a Pulumi backend: run `pulumi login`, set PULUMI_ACCESS_TOKEN, or set PULUMI_BACKEND_URL (e.g. file://~/.pulumi-state)",
    },
    {
        pattern: /passphrase must be set|PULUMI_CONFIG_PASSPHRASE/i,
        explanation:
            "the stack's secrets need a passphrase: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE (file and passphrase backends)",
    },
    {
        pattern:
            /no valid credential sources|NoCredentialProviders|failed to refresh cached credentials|ExpiredToken|InvalidClientTokenId/i,
        explanation:
            "AWS credentials are missing or expired: set AWS_PROFILE or the AWS_* variables (in CI: configure-aws-credentials with OIDC)",
    },
    {
        pattern: /could not find default credentials|invalid_grant|google: could not find/i,
        explanation:
            "Google Cloud credentials are missing: run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS (in CI: google-github-actions/auth with OIDC)",
    },
    {
        pattern: /GITHUB_TOKEN|401 Bad credentials|github.*authentication/i,
        explanation:
            "GitHub credentials are missing or invalid: set GITHUB_TOKEN to a token that may administer the GitOps repository",
    },
];

/**
 * One line that says what went wrong and what to do, for failures the user can fix (by the SDK's error class,
 * else by the CLI's text); otherwise the engine's own error line ({@link engineErrorLine}), never the
 * `stdout:` of the Automation API's dump.
 */
export function explainFailure(error: unknown): string {
    const cause = error instanceof OperationFailed && error.cause !== undefined ? error.cause : error;
    if (isMissingCli(cause)) {
        return "the `pulumi` CLI is not installed or not on PATH: install it (https://www.pulumi.com/docs/install/, or pulumi/actions in CI); this runner installs nothing itself";
    }
    const knownError = KNOWN_ERRORS.find((k) => cause instanceof k.type);
    if (knownError) return knownError.explanation;
    const text = cause instanceof Error ? cause.message : String(cause);
    const known = KNOWN_CAUSES.find((c) => c.pattern.test(text));
    if (known) return known.explanation;
    const line = error instanceof OperationFailed ? error.message : engineErrorLine(cause);
    return (
        line
            .split("\n")
            .map((l) => l.trim())
            .find((l) => l.length > 0) ?? "the operation failed"
    );
}
