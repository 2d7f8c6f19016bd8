import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

/** The GitOps repository describes the whole platform; it is not public. */
export const githubRepositoryPrivate = resourcePolicy({
    name: "github-repository-private",
    severity: "high",
    description: "The GitHub repositories the stack creates are private.",
    rationale:
        "The GitOps repository holds every cluster's desired state: component versions, network layout, team " +
        "namespaces and RBAC. Public, it hands an attacker the map of the platform (CIS Software Supply Chain " +
        "Security 1.2.x: restrict repository visibility).",
    remediationSteps: 'Set `visibility: "private"` (or `internal` on GitHub Enterprise) on the repository.',
    types: [TYPES.repository],
    validate: ({ props }, report) => {
        const visibility = props.visibility ?? (props.private === true ? "private" : "public");
        if (visibility === "public") report("The repository is public.");
    },
});
