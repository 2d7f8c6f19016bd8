import { forEachArgoCd, ARGOCD_CARRIERS } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { isTrue, valueAt } from "../lib/values";

/** Argo CD requires a login. */
export const argocdAnonymousAccessDisabled = resourcePolicy({
    name: "argocd-anonymous-access-disabled",
    severity: "critical",
    description: "Argo CD anonymous access is off.",
    rationale:
        "GHSA-r642-gv9p-2wjj (CVE-2022-29165): with anonymous access on, a crafted token could impersonate any " +
        "user including admin. Anonymous users also get the default role on every cluster.",
    remediationSteps: "Remove `users.anonymous.enabled` or set it to false in `configs.cm`.",
    types: ARGOCD_CARRIERS,
    validate: (args, report) =>
        forEachArgoCd(args, ({ values, source }) => {
            if (isTrue(valueAt(values, ["configs", "cm", "users.anonymous.enabled"]))) {
                report(`${source}: \`configs.cm."users.anonymous.enabled"\` is true.`);
            }
        }),
});
