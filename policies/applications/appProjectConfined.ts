import { APPLICATION_CARRIERS, appProjectSpecs } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

/* eslint-disable @typescript-eslint/no-explicit-any -- AppProject specs are untyped */

/** The AppProject of the platform's own Applications: it may deploy anything anywhere, by design. */
export const PLATFORM_PROJECT = "platform";

/**
 * Namespaces no team project may deploy to: Argo CD's, Kubernetes' and the platform add-ons' (kept equal to
 * the config's `RESERVED_NAMESPACES` by a test), and the prefixes Kubernetes and the clouds keep.
 */
export const TEAM_FORBIDDEN_NAMESPACES = [
    "argocd",
    "default",
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "external-dns",
    "cert-manager",
    "external-secrets",
];
/** Namespace prefixes no team project may deploy to. */
export const TEAM_FORBIDDEN_NAMESPACE_PREFIXES = ["kube-", "gke-", "gmp-", "amazon-", "aws-"];

const hasGlob = (text: string) => /[*?[\]{}!]/.test(text);

/** The host of a repository URL or pattern (`github.com` of `git@github.com:acme/x`). */
function repositoryHost(url: string): string {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
    const rest = scheme ? url.slice(scheme[0].length) : url.replace(/^[^@/]*@/, "");
    const authority = rest.split(scheme ? /[/?#]/ : /[:/]/)[0];
    return authority.slice(authority.lastIndexOf("@") + 1);
}

/** What is wrong with a team AppProject's spec, one sentence each. */
export function teamProjectProblems(spec: Record<string, any>): string[] {
    const problems: string[] = [];
    const repos: unknown[] = Array.isArray(spec.sourceRepos) ? spec.sourceRepos : [];
    for (const repo of repos.map(String)) {
        if (repo.trim() === "*" || repo.trim() === "" || hasGlob(repositoryHost(repo.trim()))) {
            problems.push(`source repository ${JSON.stringify(repo)} allows any repository or server`);
        }
    }
    const destinations: any[] = Array.isArray(spec.destinations) ? spec.destinations : [];
    if (destinations.length === 0) problems.push("it lists no destinations");
    const namespaces = new Set<string>();
    for (const destination of destinations) {
        const namespace = String(destination?.namespace ?? "");
        const server = String(destination?.server ?? destination?.name ?? "");
        if (namespace === "" || hasGlob(namespace)) {
            problems.push(`destination namespace ${JSON.stringify(namespace)} is not one named namespace`);
        } else if (
            TEAM_FORBIDDEN_NAMESPACES.includes(namespace) ||
            TEAM_FORBIDDEN_NAMESPACE_PREFIXES.some((prefix) => namespace.startsWith(prefix))
        ) {
            problems.push(`destination namespace ${namespace} belongs to the platform, its add-ons or Kubernetes`);
        } else {
            namespaces.add(namespace);
        }
        if (server === "" || hasGlob(server)) {
            problems.push(`destination server ${JSON.stringify(server)} is not one named cluster`);
        }
    }
    const clusterKinds: any[] = Array.isArray(spec.clusterResourceWhitelist) ? spec.clusterResourceWhitelist : [];
    for (const entry of clusterKinds) {
        const group = String(entry?.group ?? "");
        const kind = String(entry?.kind ?? "");
        const name = entry?.name === undefined ? undefined : String(entry.name);
        // The one cluster-scoped kind a team may be given: its own Namespaces, each by name.
        const ownNamespace = group === "" && kind === "Namespace" && name !== undefined && namespaces.has(name);
        if (!ownNamespace) {
            problems.push(
                `cluster-scoped kind ${group || "core"}/${kind}${name === undefined ? "" : ` ${name}`} is allowed (only the team's own Namespaces, by name, may be)`,
            );
        }
    }
    return problems;
}

/** A team's AppProject confines it to its own repositories, namespaces and namespaced kinds. */
export const argocdAppProjectConfined = resourcePolicy({
    name: "argocd-appproject-confined",
    severity: "high",
    description:
        "Every AppProject but `platform` deploys only to its team's own named namespaces, allows no cluster-scoped kind beyond the team's Namespaces by name, and names its source repositories.",
    rationale:
        "Argo CD's projects docs and multi-tenancy guidance: the AppProject is the fence of a team. A wildcard " +
        "destination or source, a system or add-on namespace (whose workload identity a team pod could use), or " +
        "a cluster-scoped kind (ClusterRole, CRD, webhook) lets a team act outside its namespaces.",
    remediationSteps:
        "Give the team only its own namespaces (`teams[].namespaces`, never `argocd`, `kube-*` or an add-on's), " +
        "list its repositories without a wildcard host (`teams[].sourceRepos`), and leave " +
        "`clusterResourceWhitelist` empty (Pulumi creates the team's namespaces).",
    types: [TYPES.appProject, ...APPLICATION_CARRIERS.filter((t) => t === TYPES.repositoryFile)],
    validate: (args, report) => {
        const projects = appProjectSpecs(args);
        if (projects.length === 0) return args.notApplicable("carries no AppProject");
        for (const { name, source, spec } of projects) {
            if (name === PLATFORM_PROJECT) continue;
            for (const problem of teamProjectProblems(spec)) report(`${source}: ${problem}.`);
        }
    },
});
