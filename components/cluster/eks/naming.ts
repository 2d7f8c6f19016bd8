/** Physical names of AWS resources Pulumi names itself; pure and tested on its own. */

/** What Pulumi's auto-naming appends to the logical name: "-" and 7 random characters. */
const PULUMI_SUFFIX = "-xxxxxxx".length;
/** What the AWS provider appends to a `namePrefix`: a 26-character unique suffix (Terraform's unique ID). */
const AWS_PREFIX_SUFFIX = 26;

/**
 * The naming input for a resource whose name AWS limits to `max` characters (IAM roles and EventBridge
 * rules: 64): none while Pulumi's `<logical>-<7 random>` fits, so existing names never change; else a
 * `namePrefix` that the provider completes within the limit, as Pulumi would fail the preview on the long name.
 */
export function fittingName(logicalName: string, max: number): { namePrefix?: string } {
    if (logicalName.length + PULUMI_SUFFIX <= max) return {};
    return { namePrefix: `${logicalName.slice(0, max - AWS_PREFIX_SUFFIX - 1)}-` };
}

/** AWS's limit on the names of IAM roles and EventBridge rules. */
export const ROLE_AND_RULE_NAME_LIMIT = 64;
