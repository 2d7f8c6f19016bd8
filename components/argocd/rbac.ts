import { casbinNameProblem, csvField } from "../../config/rbacNames";
import { ArgoCdConfig, TeamConfig } from "../../config/schema";

/** Name of the Argo CD role of an application team. */
export function teamRole(team: string): string {
    return `role:team-${team}`;
}

/** What a team may do with Applications in its own project: everything but exec (which stays off). */
const TEAM_APPLICATION_ACTIONS = [
    "get",
    "create",
    "update",
    "update/*",
    "delete",
    "delete/*",
    "sync",
    "override",
    "action/*",
];

/** One policy line from its fields, each quoted where CSV needs it. */
function policyLine(...fields: string[]): string {
    return fields.map(csvField).join(", ");
}

/**
 * A `g` line binding an SSO group to a role. The schema refuses unsafe group names; this refuses them again so
 * no caller can write a line that Argo CD would read as more (or other) rules than the one intended.
 */
export function groupBinding(group: string, role: string): string {
    const problem = casbinNameProblem(group);
    if (problem) throw new Error(`SSO group ${JSON.stringify(group)} cannot be bound to ${role}: it ${problem}`);
    return policyLine("g", group, role);
}

/**
 * The `argocd-rbac-cm` settings: platform admins and read-only groups bound to the built-in roles, and one
 * role per team scoped to the team's AppProject (named after the team). The default role is
 * `role:readonly` or none, never admin.
 */
export function rbacValues(rbac: ArgoCdConfig["rbac"], teams: readonly TeamConfig[]): Record<string, string> {
    const lines: string[] = [];
    if (rbac.adminGroups.length > 0 || rbac.readonlyGroups.length > 0) lines.push("# Platform groups");
    for (const group of rbac.adminGroups) lines.push(groupBinding(group, "role:admin"));
    for (const group of rbac.readonlyGroups) lines.push(groupBinding(group, "role:readonly"));
    for (const team of teams) {
        const role = teamRole(team.name);
        const project = team.name;
        lines.push(`# Team ${team.name}: its own project only`);
        for (const action of TEAM_APPLICATION_ACTIONS)
            lines.push(policyLine("p", role, "applications", action, `${project}/*`, "allow"));
        lines.push(policyLine("p", role, "applicationsets", "get", `${project}/*`, "allow"));
        lines.push(policyLine("p", role, "logs", "get", `${project}/*`, "allow"));
        lines.push(policyLine("p", role, "projects", "get", project, "allow"));
        for (const group of team.groups) lines.push(groupBinding(group, role));
    }
    return {
        "policy.default": rbac.defaultRole,
        "policy.csv": lines.length > 0 ? `${lines.join("\n")}\n` : "",
        "policy.matchMode": "glob",
        scopes: `[${rbac.scopes.join(", ")}]`,
    };
}
