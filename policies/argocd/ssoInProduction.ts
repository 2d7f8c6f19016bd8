import { ARGOCD_CARRIERS, forEachArgoCd } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { valueAt } from "../lib/values";

/** A production Argo CD is reached through SSO, not the shared local admin account. */
export const argocdSsoInProduction = resourcePolicy({
    name: "argocd-sso-in-production",
    severity: "high",
    productionOnly: true,
    description: "A production Argo CD has single sign-on configured (OIDC or Dex), so its local admin is off.",
    rationale:
        "Argo CD's security guide and user-management docs: without SSO the only way in is the built-in admin, " +
        "one shared super-user password with no per-person audit trail and no group-based RBAC.",
    remediationSteps:
        "Set `argocd.sso` (with `argocd.domain` and the `ssoClientSecret` secret) on production stacks; " +
        "gitops-platform then disables the local admin.",
    types: ARGOCD_CARRIERS,
    validate: (args, report) =>
        forEachArgoCd(args, ({ values, source }) => {
            const cm = valueAt(values, ["configs", "cm"]) ?? {};
            if (!cm["dex.config"] && !cm["oidc.config"]) {
                report(
                    `${source}: no SSO (\`configs.cm."oidc.config"\` or \`"dex.config"\`): the local admin is the only way in.`,
                );
            }
        }),
});
