import { ARGOCD_CARRIERS, forEachArgoCd } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { PolicyLoadError, readGoCsvRecord } from "../lib/policyCsv";
import { valueAt } from "../lib/values";

/** What is wrong with a `policy.csv` as Argo CD reads it, one sentence per line at fault. */
export function policyCsvProblems(csv: string): string[] {
    const problems: string[] = [];
    csv.split("\n").forEach((raw, index) => {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) return;
        const at = `line ${index + 1}`;
        let fields: string[];
        try {
            fields = readGoCsvRecord(line);
        } catch (error) {
            if (!(error instanceof PolicyLoadError)) throw error;
            problems.push(`${at} is not valid CSV, so Argo CD refuses the whole policy (everyone loses access)`);
            return;
        }
        const [type, ...rule] = fields;
        if (type === "g") {
            if (rule.length !== 2) {
                problems.push(
                    `${at} binds ${rule.length} fields instead of a group and a role, which Argo CD cannot load`,
                );
            } else if (/^\s*role:/i.test(rule[0])) {
                problems.push(
                    `${at} binds the role name ${JSON.stringify(rule[0].trim())} as a group, so that role (and every user of the default role, if it is the default) gets ${rule[1]}'s rights`,
                );
            }
        } else if (type === "p" && rule.length !== 5) {
            problems.push(`${at} has ${rule.length} fields instead of 5, which Argo CD cannot load`);
        }
    });
    return problems;
}

/** Groups in policy.csv are groups, and the policy is one Argo CD can load. */
export const argocdRbacGroupsNotRoles = resourcePolicy({
    name: "argocd-rbac-groups-not-roles",
    severity: "critical",
    description: "Argo CD's `policy.csv` loads as written and never binds a role name (`role:...`) as a group.",
    rationale:
        "Argo CD RBAC documentation: groups and roles share one namespace of subjects, so `g, role:readonly, " +
        "role:admin` makes every user of the default role an admin; and a line Argo CD cannot parse (a stray " +
        "comma or quote from an unescaped group name) makes it reject the whole policy.",
    remediationSteps:
        "Use the SSO groups' real names in `argocd.rbac.adminGroups`, `readonlyGroups` and `teams[].groups` " +
        "(gitops-platform refuses names starting with `role:` or holding a line break, comma or quote).",
    types: ARGOCD_CARRIERS,
    validate: (args, report) =>
        forEachArgoCd(args, ({ values, source }) => {
            const csv = valueAt(values, ["configs", "rbac", "policy.csv"]);
            if (typeof csv !== "string") return;
            for (const problem of policyCsvProblems(csv))
                report(`${source}: \`configs.rbac."policy.csv"\` ${problem}.`);
        }),
});
