import { parse } from "yaml";
import { forEachArgoCd, ARGOCD_CARRIERS } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { valueAt } from "../lib/values";

/* eslint-disable @typescript-eslint/no-explicit-any -- Helm values are untyped */

/** Values that hold a credential as such (the chart would write them into a Secret from the values). */
const SECRET_PATHS = [
    ["configs", "secret", "githubSecret"],
    ["configs", "secret", "gitlabSecret"],
    ["configs", "secret", "bitbucketServerSecret"],
    ["configs", "secret", "bitbucketUUID"],
    ["configs", "secret", "gogsSecret"],
    ["configs", "secret", "azureDevops", "password"],
    ["configs", "secret", "argocdServerAdminPassword"],
    ["externalRedis", "password"],
    ["redis-ha", "redisPassword"],
    ...["server", "repoServer", "dex", "applicationSet"].map((c) => [c, "certificateSecret", "key"]),
];
/** Maps whose every entry is a secret. */
const SECRET_MAPS = [
    ["configs", "secret", "extra"],
    ["notifications", "secret", "items"],
];
/** Maps of credential entries (repositories, templates, clusters) whose secret-named fields must not be literal. */
const CREDENTIAL_MAPS = [
    ["configs", "repositories"],
    ["configs", "credentialTemplates"],
    ["configs", "clusterCredentials"],
];
/** YAML documents inside `configs.cm` and the notifiers whose secret-named fields must reference a Secret. */
const EMBEDDED_CONFIGS = [
    ["configs", "cm", "dex.config"],
    ["configs", "cm", "oidc.config"],
];

const SECRET_KEY = /(password|passwd|secret|token|apikey|privatekey|bindpw|keydata|recipienturls)$/i;

/** `$key` or `$secret:key`: Argo CD reads the value from a Secret. */
const isReference = (value: string) => value.trim().startsWith("$");

/** Dotted paths (never values) of literal secrets under a secret-named key in `node`. */
function literalSecretFields(node: unknown, path: string, underSecretKey = false): string[] {
    if (typeof node === "string") return underSecretKey && node.trim() !== "" && !isReference(node) ? [path] : [];
    if (node === null || typeof node !== "object") return [];
    return Object.entries(node).flatMap(([key, value]) =>
        literalSecretFields(
            value,
            `${path}.${key}`,
            underSecretKey || (SECRET_KEY.test(key) && !/^existing/i.test(key)),
        ),
    );
}

const parseEmbedded = (text: unknown): unknown => {
    if (typeof text !== "string") return text;
    try {
        return parse(text);
    } catch {
        return undefined;
    }
};

/** Paths of every literal secret in a set of argo-cd chart values. */
export function literalSecretPaths(values: Record<string, any>): string[] {
    const found: string[] = [];
    for (const path of SECRET_PATHS) {
        const value = valueAt(values, path);
        if (typeof value === "string" && value.trim() !== "") found.push(path.join("."));
    }
    for (const path of SECRET_MAPS) {
        for (const [key, value] of Object.entries(valueAt(values, path) ?? {})) {
            if (typeof value === "string" && value !== "") found.push(`${path.join(".")}.${key}`);
        }
    }
    for (const path of CREDENTIAL_MAPS) {
        for (const [name, entry] of Object.entries(valueAt(values, path) ?? {})) {
            found.push(...literalSecretFields(entry, `${path.join(".")}.${name}`));
        }
    }
    for (const path of EMBEDDED_CONFIGS) {
        found.push(...literalSecretFields(parseEmbedded(valueAt(values, path)), path.join(".")));
    }
    for (const [service, text] of Object.entries(valueAt(values, ["notifications", "notifiers"]) ?? {})) {
        found.push(...literalSecretFields(parseEmbedded(text), `notifications.notifiers.${service}`));
    }
    return found;
}

/** Credentials never sit in Helm values, where they would land in the release's state and Git. */
export const argocdNoLiteralSecrets = resourcePolicy({
    name: "argocd-no-literal-secrets",
    severity: "critical",
    description: "Argo CD's Helm values contain no literal secret; secrets are referenced from Kubernetes Secrets.",
    rationale:
        "Argo CD's user-management docs (sensitive data and SSO client secrets) and gitops-platform's own rule: a " +
        "secret in Helm values is stored in plain text in the Helm release, in Pulumi state and, once Argo CD " +
        "manages itself, in Git. Always mandatory, on every stack.",
    remediationSteps:
        "Put the value in a Pulumi secret config key (`ssoClientSecret`, `slackToken`, ...) so it lands in a " +
        "Kubernetes Secret, and reference it from the values as `$<secret>:<key>`.",
    alwaysMandatory: true,
    types: ARGOCD_CARRIERS,
    validate: (args, report) =>
        forEachArgoCd(args, ({ values, source }) => {
            const paths = literalSecretPaths(values);
            if (paths.length > 0) report(`${source}: literal secret at ${paths.join(", ")}.`);
        }),
});
