import { forEachArgoCd, ARGOCD_CARRIERS } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { valueAt } from "../lib/values";

/** Nobody becomes admin just by logging in. */
export const argocdRbacDefaultNotAdmin = resourcePolicy({
    name: "argocd-rbac-default-not-admin",
    severity: "critical",
    description: "Argo CD's default RBAC role (`policy.default`) is never `role:admin`.",
    rationale:
        "Argo CD RBAC documentation and least privilege: the default role applies to every authenticated user, " +
        "so `role:admin` there makes every SSO user an administrator of every cluster Argo CD manages.",
    remediationSteps:
        "Set `argocd.rbac.defaultRole` to `role:readonly` (the default) or empty, and grant admin through " +
        "`argocd.rbac.adminGroups`.",
    types: ARGOCD_CARRIERS,
    validate: (args, report) =>
        forEachArgoCd(args, ({ values, source }) => {
            const role = valueAt(values, ["configs", "rbac", "policy.default"]);
            if (typeof role === "string" && role.trim() === "role:admin") {
                report(`${source}: \`configs.rbac."policy.default"\` is role:admin.`);
            }
        }),
});
