import { forEachArgoCd, ARGOCD_CARRIERS } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { valueAt } from "../lib/values";

/** With SSO in place the local admin account, a shared password, is off. */
export const argocdAdminDisabledWithSso = resourcePolicy({
    name: "argocd-admin-disabled-with-sso",
    severity: "high",
    description: "When SSO is configured, Argo CD's local admin account is disabled.",
    rationale:
        "Argo CD's security guide and user-management docs: once users sign in through SSO the built-in admin is " +
        "a shared, unaudited super-user password; disable it and keep the password only for break-glass.",
    remediationSteps:
        'Set `configs.cm."admin.enabled": false` (gitops-platform does whenever `argocd.sso` is set); re-enable ' +
        "it only to recover from a broken SSO setup.",
    types: ARGOCD_CARRIERS,
    validate: (args, report) =>
        forEachArgoCd(args, ({ values, source }) => {
            const cm = valueAt(values, ["configs", "cm"]) ?? {};
            const sso = Boolean(cm["dex.config"] || cm["oidc.config"]);
            if (!sso) return;
            const enabled = cm["admin.enabled"];
            // Argo CD treats anything but an explicit false as enabled.
            if (enabled !== false && String(enabled).trim().toLowerCase() !== "false") {
                report(
                    `${source}: SSO is configured but \`configs.cm."admin.enabled"\` is ${enabled ?? "unset (true)"}.`,
                );
            }
        }),
});
