/**
 * An offline model of Argo CD's project check (v3.4.4): which sources, destinations and resources an
 * AppProject lets an Application use, and which resources a sync of that Application would create (including
 * the Namespace `CreateNamespace=true` adds). Read from upstream:
 * - `pkg/apis/application/v1alpha1/app_project_types.go`: `IsSourcePermitted`, `IsDestinationPermitted`,
 *   `isDestinationMatched`, `IsGroupKindNamePermitted`, `globMatch` (gobwas/glob, `!` deny patterns);
 * - `pkg/apis/application/v1alpha1/types.go`: `isResourceInList`, `isNamedResourceInList` (`filepath.Match`);
 * - `util/argo/argo.go` `ValidatePermissions` (every source of a multi-source Application, then the destination);
 * - `controller/sync.go` `validateSyncPermissions`, `controller/sync_namespace.go` and gitops-engine
 *   `autoCreateNamespace`: with `CreateNamespace=true` a Namespace task for the destination namespace joins the
 *   sync when no manifest is that Namespace and it does not exist yet (or `managedNamespaceMetadata` is set),
 *   and it goes through the same permission check as every other resource.
 * Used by the tests of the seeded layout, and reusable by anyone who writes Applications or AppProjects.
 */

/** A group/kind entry of a whitelist or blacklist; cluster-scoped lists may also name the resource. */
export interface GroupKindEntry {
    group: string;
    kind: string;
    /** Only in cluster-resource lists: a `filepath.Match` pattern of the resource name; empty matches all. */
    name?: string;
}

/** The parts of an AppProject's spec the check reads. */
export interface AppProjectSpec {
    sourceRepos?: string[];
    destinations?: { server?: string; name?: string; namespace?: string }[];
    clusterResourceWhitelist?: GroupKindEntry[];
    clusterResourceBlacklist?: GroupKindEntry[];
    /** Absent means every namespaced kind; an empty list means none (Go's nil versus empty slice). */
    namespaceResourceWhitelist?: GroupKindEntry[];
    namespaceResourceBlacklist?: GroupKindEntry[];
    permitOnlyProjectScopedClusters?: boolean;
}

/** An AppProject manifest. */
export interface AppProject {
    metadata: { name: string };
    spec: AppProjectSpec;
}

/** A cluster as Argo CD knows it (its cluster Secret). */
export interface Cluster {
    name: string;
    server: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

/** A resource a sync would apply. `namespace` empty or absent for namespaced kinds means the destination's. */
export interface SyncResource {
    group: string;
    kind: string;
    name: string;
    namespaced: boolean;
    namespace?: string;
}

/** The parts of an Application the check reads. */
export interface ApplicationManifest {
    metadata: { name: string; [key: string]: unknown };
    spec: {
        project?: string;
        source?: { repoURL: string; [key: string]: unknown };
        sources?: { repoURL: string; [key: string]: unknown }[];
        destination: { server?: string; name?: string; namespace?: string };
        syncPolicy?: { syncOptions?: string[]; managedNamespaceMetadata?: unknown; [key: string]: unknown };
        [key: string]: unknown;
    };
}

const escapeRegExp = (text: string) => text.replace(/[.+^$()|\\/{}[\]*?]/g, "\\$&");

/**
 * A glob as a regular expression: `*` any run of non-separator characters, `**` anything, `?` one
 * non-separator character, `[...]`/`[!...]`/`[^...]` classes, and (gobwas only) `{a,b}` alternatives.
 */
function globRegExp(pattern: string, separators: string, braces: boolean): RegExp {
    const notSeparator = separators ? `[^${escapeRegExp(separators)}]` : ".";
    let out = "";
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "*") {
            if (pattern[i + 1] === "*") {
                out += ".*";
                i++;
            } else out += `${notSeparator}*`;
        } else if (c === "?") out += notSeparator;
        else if (c === "[") {
            const end = pattern.indexOf("]", i + 1);
            if (end < 0) throw new Error(`bad glob ${pattern}: unclosed [`);
            const body = pattern.slice(i + 1, end).replace(/^[!^]/, "^");
            out += `[${body.replace(/\\/g, "\\\\")}]`;
            i = end;
        } else if (braces && c === "{") {
            const end = pattern.indexOf("}", i + 1);
            if (end < 0) throw new Error(`bad glob ${pattern}: unclosed {`);
            out += `(?:${pattern
                .slice(i + 1, end)
                .split(",")
                .map((alternative) => globRegExp(alternative, separators, false).source.slice(1, -1))
                .join("|")})`;
            i = end;
        } else out += escapeRegExp(c);
    }
    return new RegExp(`^${out}$`);
}

/** gobwas/glob matching as Argo CD's `globMatch` does it, with `!pattern` meaning "not matching". */
export function globMatch(pattern: string, value: string, allowNegation: boolean, separators = ""): boolean {
    if (allowNegation && pattern.startsWith("!")) return !globRegExp(pattern.slice(1), separators, true).test(value);
    if (pattern === "*") return true;
    return globRegExp(pattern, separators, true).test(value);
}

/** Go's `filepath.Match` (what the group/kind/name lists use). */
export function filepathMatch(pattern: string, value: string): boolean {
    return globRegExp(pattern, "/", false).test(value);
}

/** Argo CD's `git.NormalizeGitURL`: lower case, `git@host:path` as `git@host/path`, no `.git` suffix. */
export function normalizeGitUrl(url: string): string {
    let repo = url.trim().toLowerCase();
    if (/^(ssh:\/\/)?([^/:]*?)@[^@]+$/.test(repo) && !repo.startsWith("ssh://")) {
        repo = `ssh://${repo.replace(":", "/")}`;
    }
    repo = repo.replace(/\.git$/, "");
    return repo.replace(/^ssh:\/\//, "");
}

/** `AppProject.IsSourcePermitted`: some pattern matches and no deny pattern excludes the repository. */
export function isSourcePermitted(project: AppProjectSpec, repoURL: string): boolean {
    const source = normalizeGitUrl(repoURL);
    let anyMatched = false;
    for (const pattern of project.sourceRepos ?? []) {
        const normalized = pattern.startsWith("!") ? `!${normalizeGitUrl(pattern.slice(1))}` : normalizeGitUrl(pattern);
        const matched = globMatch(normalized, source, true, "/");
        if (matched) anyMatched = true;
        else if (normalized.startsWith("!")) return false;
    }
    return anyMatched;
}

/** `AppProject.IsDestinationPermitted` (without project-scoped clusters, which the platform does not use). */
export function isDestinationPermitted(project: AppProjectSpec, cluster: Cluster, namespace: string): boolean {
    if (project.permitOnlyProjectScopedClusters) return false;
    let anyMatched = false;
    for (const item of project.destinations ?? []) {
        const nameMatched = cluster.name !== "" && globMatch(item.name ?? "", cluster.name, true);
        const serverMatched = cluster.server !== "" && globMatch(item.server ?? "", cluster.server, true);
        const namespaceMatched = globMatch(item.namespace ?? "", namespace, true);
        const isDeny = (pattern?: string) => (pattern ?? "").startsWith("!");
        if ((serverMatched || nameMatched) && namespaceMatched) anyMatched = true;
        else if ((!nameMatched && isDeny(item.name)) || (!serverMatched && isDeny(item.server) && namespaceMatched))
            return false;
        else if (!namespaceMatched && isDeny(item.namespace) && serverMatched) return false;
    }
    return anyMatched;
}

const inList = (list: GroupKindEntry[], group: string, kind: string, name?: string) =>
    list.some(
        (item) =>
            filepathMatch(item.kind, kind) &&
            filepathMatch(item.group, group) &&
            (name === undefined || !item.name || filepathMatch(item.name, name)),
    );

/** `AppProject.IsGroupKindNamePermitted`: the namespaced or the cluster-scoped lists, as Argo CD reads them. */
export function isGroupKindPermitted(
    project: AppProjectSpec,
    resource: Pick<SyncResource, "group" | "kind" | "name" | "namespaced">,
): boolean {
    const { group, kind, name } = resource;
    if (resource.namespaced) {
        const whitelist = project.namespaceResourceWhitelist;
        const blacklist = project.namespaceResourceBlacklist ?? [];
        const whitelisted = whitelist === undefined || (whitelist.length > 0 && inList(whitelist, group, kind));
        return whitelisted && !(blacklist.length > 0 && inList(blacklist, group, kind));
    }
    const whitelist = project.clusterResourceWhitelist ?? [];
    const blacklist = project.clusterResourceBlacklist ?? [];
    return inList(whitelist, group, kind, name) && !(blacklist.length > 0 && inList(blacklist, group, kind, name));
}

/** What the world looks like when the Application syncs. */
export interface SyncContext {
    /** Every AppProject, by name. */
    projects: ReadonlyMap<string, AppProjectSpec>;
    /** Clusters Argo CD knows (cluster Secrets); the in-cluster one at least. */
    clusters: readonly Cluster[];
    /** Namespaces that already exist in the destination cluster (then `CreateNamespace` adds no Namespace). */
    liveNamespaces: ReadonlySet<string>;
}

/** One Application's verdict: every reason Argo CD would refuse it, empty when it syncs. */
export interface Verdict {
    application: string;
    project: string;
    refusals: string[];
}

/**
 * The resources a sync applies: the manifests (namespaced ones without a namespace get the destination's),
 * plus the destination Namespace when `CreateNamespace=true` would create it.
 */
export function syncResources(
    app: ApplicationManifest,
    manifests: readonly SyncResource[],
    liveNamespaces: ReadonlySet<string>,
): SyncResource[] {
    const destinationNamespace = app.spec.destination.namespace ?? "";
    const resources = manifests.map((r) =>
        r.namespaced && !r.namespace ? { ...r, namespace: destinationNamespace } : r,
    );
    const policy = app.spec.syncPolicy;
    const createNamespace = (policy?.syncOptions ?? []).includes("CreateNamespace=true");
    const declared = resources.some((r) => r.group === "" && r.kind === "Namespace" && r.name === destinationNamespace);
    const wouldSync = !liveNamespaces.has(destinationNamespace) || policy?.managedNamespaceMetadata !== undefined;
    if (createNamespace && destinationNamespace !== "" && !declared && wouldSync) {
        resources.push({ group: "", kind: "Namespace", name: destinationNamespace, namespaced: false });
    }
    return resources;
}

/** The destination cluster as `GetDestinationCluster` resolves it (by server, else by name). */
function destinationCluster(app: ApplicationManifest, clusters: readonly Cluster[]): Cluster | undefined {
    const { server, name } = app.spec.destination;
    return server ? clusters.find((c) => c.server === server) : clusters.find((c) => c.name === name);
}

/**
 * Argo CD's verdict on one Application and the resources its sync would apply: the project exists, every
 * source is permitted (`ValidatePermissions`), the destination is permitted, and every resource passes
 * `validateSyncPermissions`. Messages follow Argo CD's.
 */
export function checkApplication(
    app: ApplicationManifest,
    manifests: readonly SyncResource[],
    context: SyncContext,
): Verdict {
    const projectName = app.spec.project || "default";
    const verdict: Verdict = { application: app.metadata.name, project: projectName, refusals: [] };
    const project = context.projects.get(projectName);
    if (!project) {
        verdict.refusals.push(`application references project ${projectName} which does not exist`);
        return verdict;
    }
    for (const source of app.spec.sources ?? (app.spec.source ? [app.spec.source] : [])) {
        if (!isSourcePermitted(project, source.repoURL)) {
            verdict.refusals.push(`application repo ${source.repoURL} is not permitted in project '${projectName}'`);
        }
    }
    const cluster = destinationCluster(app, context.clusters);
    const namespace = app.spec.destination.namespace ?? "";
    if (!cluster) {
        verdict.refusals.push(`there are no clusters with this URL: ${app.spec.destination.server}`);
        return verdict;
    }
    if (!isDestinationPermitted(project, cluster, namespace)) {
        verdict.refusals.push(
            `application destination server '${cluster.server}' and namespace '${namespace}' do not match any of the allowed destinations in project '${projectName}'`,
        );
    }
    for (const resource of syncResources(app, manifests, context.liveNamespaces)) {
        if (!isGroupKindPermitted(project, resource)) {
            verdict.refusals.push(
                `resource ${resource.group}:${resource.kind} is not permitted in project ${projectName}`,
            );
        } else if (resource.namespaced && !isDestinationPermitted(project, cluster, resource.namespace ?? "")) {
            verdict.refusals.push(`namespace ${resource.namespace} is not permitted in project '${projectName}'`);
        }
    }
    return verdict;
}
