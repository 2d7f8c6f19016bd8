import { DEVELOPMENT, expectMetadata, expectPass, expectViolation, expectViolations } from "../lib/spec";
import { TYPES } from "../lib/types";
import { release, secureValues } from "./fixtures";
import { argocdRbacGroupsNotRoles as policy } from "./rbacGroupsNotRoles";

const withCsv = (csv: string) => {
    const values = secureValues();
    values.configs.rbac["policy.csv"] = csv;
    return release(values);
};

const TEAM = [
    "# Team payments: its own project only",
    "p, role:team-payments, applications, sync, payments/*, allow",
    "g, acme:payments, role:team-payments",
].join("\n");

describe("argocd-rbac-groups-not-roles", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-rbac-groups-not-roles"));
    it("passes gitops-platform's bindings, quoted names included", () =>
        expectPass(
            policy,
            TYPES.helmRelease,
            withCsv(`${TEAM}\ng, acme:platform, role:admin\ng, "Platform Admins", role:admin\n`),
        ));
    it("passes no policy.csv at all", () => expectPass(policy, TYPES.helmRelease, release()));
    it("fails role:readonly bound as a group, which makes every signed-in user an admin", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            withCsv(`${TEAM}\ng, role:readonly, role:admin\n`),
            /line 4 binds the role name "role:readonly" as a group/,
        ));
    it("fails a role bound as a team's group, whatever its case or spacing", () =>
        expectViolation(policy, TYPES.helmRelease, withCsv("g,   ROLE:readonly, role:team-payments"), /role name/));
    it("fails a line Argo CD cannot parse, which locks everyone out", () =>
        expectViolations(
            policy,
            TYPES.helmRelease,
            withCsv(`${TEAM}\ng, acme:"x", role:admin\ng, acme:x, y, role:admin\np, role:x, applications, get\n`),
            [/line 4 is not valid CSV/, /line 5 binds 3 fields/, /line 6 has 3 fields instead of 5/],
        ));
    it("is advisory outside production", () =>
        expectViolation(policy, TYPES.helmRelease, withCsv("g, role:readonly, role:admin"), /role name/, {
            stack: DEVELOPMENT,
            level: "advisory",
        }));
});
