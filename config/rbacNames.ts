import { z } from "zod";

/**
 * Names that reach Argo CD's Casbin `policy.csv` (SSO groups bound to roles). Argo CD splits the policy on
 * newlines, trims each line, skips `#` comments and reads each line as one CSV record (Go `encoding/csv`
 * with `TrimLeadingSpace`), so a name is safe only when it cannot end a line, end a field, open or close a
 * quote, or lose characters to trimming. Group names are compared with role names in one namespace, so a
 * group named like a role (`role:readonly`) would make that role, and every user of the default role,
 * inherit the group's grants.
 */

/** Longest group name accepted (OIDC providers' group claims are well below this). */
export const MAX_GROUP_NAME_LENGTH = 256;

/** Most groups one list (`adminGroups`, `readonlyGroups`, a team's `groups`) may hold. */
export const MAX_GROUPS = 100;

/** The prefix Argo CD gives its roles; no group name may start with it. */
export const ROLE_PREFIX = "role:";

/**
 * Why `name` cannot be written into `policy.csv` as a subject, or `undefined` when it can. Pure, so the
 * schema, the RBAC writer and the tests share one rule.
 */
export function casbinNameProblem(name: string): string | undefined {
    if (name.length === 0) return "must not be empty";
    if (name.length > MAX_GROUP_NAME_LENGTH) return `must be at most ${MAX_GROUP_NAME_LENGTH} characters`;
    // Control, format (zero-width) and line/paragraph separator characters: a newline would add policy lines.
    if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name)) {
        return "must not contain control characters or line breaks (each would add or split policy lines)";
    }
    if (/^\s|\s$/u.test(name)) return "must not start or end with whitespace (Argo CD trims it away)";
    if (name.includes(",")) return "must not contain ',' (it separates policy fields)";
    if (name.includes('"')) return "must not contain '\"' (it quotes policy fields)";
    if (name.includes("*")) return "must not contain '*' (a wildcard in Argo CD's glob match mode)";
    if (name.startsWith("#")) return "must not start with '#' (a comment in policy.csv)";
    if (name.toLowerCase().startsWith(ROLE_PREFIX)) {
        return `must not start with '${ROLE_PREFIX}': a group named like an Argo CD role would give that role (and with it every user of the default role) the group's rights`;
    }
    return undefined;
}

/** A list of SSO group names that are bound to Argo CD roles in `policy.csv`. */
export function casbinGroupList(description: string, example: string[]) {
    return z
        .array(
            z.string().superRefine((name, ctx) => {
                const problem = casbinNameProblem(name);
                if (problem) ctx.addIssue({ code: "custom", input: name, message: problem });
            }),
        )
        .max(MAX_GROUPS)
        .default([])
        .meta({ description, example });
}

/**
 * One `policy.csv` field: as is when it holds only characters that need no quoting, otherwise in double
 * quotes (inner quotes doubled) as CSV reads them. Line breaks cannot be quoted (Argo CD splits lines
 * before the CSV reader sees them), so they are an error.
 */
export function csvField(value: string): string {
    if (/^[A-Za-z0-9:._@/+=*-]+$/.test(value)) return value;
    if (/[\r\n\u2028\u2029]/.test(value))
        throw new Error(`cannot write ${JSON.stringify(value)} into policy.csv: it holds a line break`);
    return `"${value.replace(/"/g, '""')}"`;
}
