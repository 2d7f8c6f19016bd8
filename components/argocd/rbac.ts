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

/**
 * The `argocd-rbac-cm` settings: platform admins and read-only groups bound to the built-in roles, and one
 * role per team scoped to the team's AppProject (named after the team). The default role is
 * `role:readonly` or none, never admin.
 */
export function rbacValues(rbac: ArgoCdConfig["rbac"], teams: readonly TeamConfig[]): Record<string, string> {
    const lines: string[] = [];
    if (rbac.adminGroups.length > 0 || rbac.readonlyGroups.length > 0) lines.push("# Platform groups");
    for (const group of rbac.adminGroups) lines.push(`g, ${group}, role:admin`);
    for (const group of rbac.readonlyGroups) lines.push(`g, ${group}, role:readonly`);
    for (const team of teams) {
        const role = teamRole(team.name);
        const project = team.name;
        lines.push(`# Team ${team.name}: its own project only`);
        for (const action of TEAM_APPLICATION_ACTIONS)
            lines.push(`p, ${role}, applications, ${action}, ${project}/*, allow`);
        lines.push(`p, ${role}, applicationsets, get, ${project}/*, allow`);
        lines.push(`p, ${role}, logs, get, ${project}/*, allow`);
        lines.push(`p, ${role}, projects, get, ${project}, allow`);
        for (const group of team.groups) lines.push(`g, ${group}, ${role}`);
    }
    return {
        "policy.default": rbac.defaultRole,
        "policy.csv": lines.length > 0 ? `${lines.join("\n")}\n` : "",
        "policy.matchMode": "glob",
        scopes: `[${rbac.scopes.join(", ")}]`,
    };
}
