import { isMissingCli } from "./engine";

/** Known causes of a failed run, each with what to do, matched against the engine's error text. */
const KNOWN_CAUSES: { pattern: RegExp; explanation: string }[] = [
    {
        pattern: /PULUMI_ACCESS_TOKEN must be set|not logged in|pulumi login/i,
        explanation:
            "not logged in to a Pulumi backend: run `pulumi login`, set PULUMI_ACCESS_TOKEN, or set PULUMI_BACKEND_URL (e.g. file://~/.pulumi-state)",
    },
    {
        pattern: /no stack named/i,
        explanation:
            "the stack does not exist in this backend: deploy it first (`npm run stack -- up`), or check `pulumi login` / PULUMI_BACKEND_URL",
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
 * One line that says what went wrong and what to do, for failures the user can fix; otherwise the first line
 * of the error.
 */
export function explainFailure(error: unknown): string {
    if (isMissingCli(error)) {
        return "the `pulumi` CLI is not installed or not on PATH: install it (https://www.pulumi.com/docs/install/, or pulumi/actions in CI); this runner installs nothing itself";
    }
    const text = error instanceof Error ? error.message : String(error);
    const known = KNOWN_CAUSES.find((c) => c.pattern.test(text));
    if (known) return known.explanation;
    const firstLine = text
        .split("\n")
        .map((l) => l.trim())
        .find((l) => l.length > 0 && !/^code: /.test(l));
    return firstLine ?? "the operation failed";
}
