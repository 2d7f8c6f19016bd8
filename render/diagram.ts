import * as path from "path";
import * as YAML from "yaml";
import { expandApplicationSet } from "../components/gitops/applicationSets";
import {
    BOOTSTRAP_FOLDER,
    IN_CLUSTER,
    ROOT_APPLICATION_NAME,
    SYNC_WAVE_ANNOTATION,
    SeedFile,
} from "../components/gitops/layout";
import { Cluster } from "../components/gitops/permissions";
import { RenderedResource } from "./engine";
import { isKubernetesObject, resourcesByCluster } from "./files";

/** What a diagram is drawn from: a render's resources and the GitOps layout the stack seeds. */
export interface DiagramInput {
    /** The resources of a render (`RenderResult.resources`). */
    resources: readonly RenderedResource[];
    /** The GitOps repository's initial layout (`repositoryLayout`): its `bootstrap/` ApplicationSets. */
    layout: readonly SeedFile[];
    /** Path of the layout inside the repository (`gitops.path`), "" for its root. */
    layoutRoot: string;
    /** Cluster names of the stack, as in its config. */
    clusterNames: readonly string[];
}

/** Options of {@link clusterDiagram}. */
export interface DiagramOptions {
    /**
     * Logical names of resources a preview would change: their boxes are highlighted and say how many of
     * theirs change (the runner's preview summary passes them).
     */
    changing?: ReadonlySet<string>;
}

/** A box of the diagram: the resources of one type under one component. */
interface Group {
    id: string;
    /** The cluster the box belongs to, or `(shared)`. */
    scope: string;
    component: string | null;
    type: string;
    resources: RenderedResource[];
}

const CLUSTER_SECRET_LABEL = "argocd.argoproj.io/secret-type";
const APPLICATION_TYPE = "kubernetes:argoproj.io/v1alpha1:Application";
/** At most this many Application names are listed on an ApplicationSet's box. */
const LISTED_APPLICATIONS = 6;

/** A Mermaid node id from any text (letters, digits and `_` only). */
const nodeId = (...parts: string[]) => parts.join("__").replace(/[^A-Za-z0-9_]/g, "_");

/** Text for a quoted Mermaid label: quotes and angle brackets as entities, `<br/>` between lines. */
const label = (...lines: string[]) =>
    lines
        .map((l) => l.replace(/&/g, "&amp;").replace(/"/g, "#quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;"))
        .join("<br/>");

/**
 * The short name of a type token: a Kubernetes kind (`Secret`), a cloud type with its module
 * (`aws:ec2/subnet:Subnet` is `ec2 Subnet`; modules named `index` are left out), a provider `provider aws`.
 */
export function shortType(type: string): string {
    if (type.startsWith("pulumi:providers:")) return `provider ${type.slice("pulumi:providers:".length)}`;
    const [pkg, module = "", name = type] = type.split(":");
    const moduleName = module.split("/")[0];
    if (pkg === "kubernetes" || moduleName === "index" || moduleName === "") return name;
    return `${moduleName} ${name}`;
}

function groupLabel(group: Group, changing?: ReadonlySet<string>): string {
    const [first] = group.resources;
    const count = group.resources.length;
    const name =
        count === 1 && isKubernetesObject(first)
            ? String((first.inputs.metadata as { name?: unknown } | undefined)?.name ?? first.name)
            : undefined;
    const changes = changing ? group.resources.filter((r) => changing.has(r.name)).length : 0;
    return label(
        count > 1 ? `${shortType(group.type)} ×${count}` : shortType(group.type),
        ...(name ? [name] : []),
        ...(changes > 0 ? [`${changes} changing`] : []),
    );
}

/**
 * Removes every edge whose target stays reachable from its source through other edges, one at a time (so
 * reachability never changes, cycles included): the diagram keeps the order and loses the clutter.
 */
export function reduceEdges(edges: readonly [string, string][]): [string, string][] {
    const out = new Map<string, Set<string>>();
    for (const [from, to] of edges) {
        if (!out.has(from)) out.set(from, new Set());
        out.get(from)!.add(to);
    }
    const reachableAvoiding = (from: string, to: string): boolean => {
        const seen = new Set<string>([from]);
        const stack = [...(out.get(from) ?? [])].filter((n) => n !== to);
        while (stack.length > 0) {
            const node = stack.pop()!;
            if (node === to) return true;
            if (seen.has(node)) continue;
            seen.add(node);
            for (const next of out.get(node) ?? []) if (!seen.has(next)) stack.push(next);
        }
        return false;
    };
    const kept: [string, string][] = [];
    for (const [from, to] of [...new Map(edges.map((e) => [e.join("\0"), e])).values()]) {
        if (reachableAvoiding(from, to)) out.get(from)!.delete(to);
        else kept.push([from, to]);
    }
    return kept;
}

/** The resources that are components: the parents of other resources (the program's ComponentResources). */
function componentNames(resources: readonly RenderedResource[]): Set<string> {
    return new Set(resources.flatMap((r) => (r.parent ? [r.parent] : [])));
}

/** The ApplicationSets of the layout's `bootstrap/` folder, by file. */
function bootstrapApplicationSets(input: DiagramInput): { name: string; wave: number; manifest: unknown }[] {
    const folder = path.posix.join(input.layoutRoot || ".", BOOTSTRAP_FOLDER).replace(/^\.\//, "");
    return input.layout
        .filter((f) => path.posix.dirname(f.path) === folder && f.path.endsWith(".yaml"))
        .map((f) => YAML.parse(f.content) as { kind?: string; metadata: { name: string; annotations?: object } })
        .filter((m) => m?.kind === "ApplicationSet")
        .map((m) => ({
            name: m.metadata.name,
            wave: Number((m.metadata.annotations as Record<string, string> | undefined)?.[SYNC_WAVE_ANNOTATION] ?? 0),
            manifest: m,
        }))
        .sort((a, b) => a.wave - b.wave || a.name.localeCompare(b.name));
}

/** The directories of the layout (every folder holding a file), which the git directory generators match. */
function layoutDirectories(layout: readonly SeedFile[]): string[] {
    const dirs = new Set<string>();
    for (const file of layout) {
        for (let dir = path.posix.dirname(file.path); dir !== "." && dir !== "/"; dir = path.posix.dirname(dir)) {
            dirs.add(dir);
        }
    }
    return [...dirs].sort();
}

/** The directory patterns an ApplicationSet's git generators read, e.g. `infrastructure/*`. */
function directoryPatterns(manifest: unknown): string[] {
    const found: string[] = [];
    const walk = (value: unknown) => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value !== null && typeof value === "object") {
            for (const [key, v] of Object.entries(value)) {
                if (key === "directories" && Array.isArray(v)) {
                    for (const d of v as { path?: unknown }[]) if (typeof d.path === "string") found.push(d.path);
                } else walk(v);
            }
        }
    };
    walk((manifest as { spec?: { generators?: unknown } }).spec?.generators);
    return found;
}

/** The cluster as its Argo CD knows it, from the cluster Secret the hand-off creates. */
function clusterSecretOf(resources: readonly RenderedResource[], clusterName: string): Cluster {
    const secret = resources.find(
        (r) =>
            r.type === "kubernetes:core/v1:Secret" &&
            (r.inputs.metadata as { labels?: Record<string, string> } | undefined)?.labels?.[CLUSTER_SECRET_LABEL] ===
                "cluster",
    );
    const metadata = (secret?.inputs.metadata ?? {}) as {
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
    };
    return {
        name: clusterName,
        server: IN_CLUSTER,
        labels: metadata.labels ?? {},
        annotations: metadata.annotations ?? {},
    };
}

/** The add-ons a cluster Secret enables (`enable_<add-on>: "true"` labels), by their names. */
export function enabledAddons(cluster: Cluster): string[] {
    return Object.entries(cluster.labels ?? {})
        .filter(([key, value]) => key.startsWith("enable_") && value === "true")
        .map(([key]) => key.slice("enable_".length).replace(/_/g, "-"))
        .sort();
}

/** Lines of the Argo CD part of one cluster: root Application -> ApplicationSets by wave -> add-ons. */
function gitopsLines(
    layout: { sets: ReturnType<typeof bootstrapApplicationSets>; directories: string[] },
    clusterName: string,
    resources: readonly RenderedResource[],
    rootGroup: string | undefined,
): { nodes: string[]; edges: [string, string, string?][] } {
    const cluster = clusterSecretOf(resources, clusterName);
    const world = { clusters: [cluster], directories: layout.directories };
    const nodes: string[] = [];
    const edges: [string, string, string?][] = [];
    for (const set of layout.sets) {
        const id = nodeId(clusterName, "appset", set.name);
        let applications: string[];
        try {
            applications = expandApplicationSet(
                set.manifest as { spec: { generators: Record<string, unknown>[]; template: unknown } },
                world,
            ).map((a) => (a as unknown as { metadata: { name: string } }).metadata.name);
        } catch {
            applications = [];
        }
        // Templated parts of a pattern (`apps/{{.team}}/*`) read as placeholders: `apps/<team>/*`.
        const patterns = directoryPatterns(set.manifest).map((p) => p.replace(/{{\s*\.([A-Za-z0-9_.]+)\s*}}/g, "<$1>"));
        const generated =
            applications.length === 0
                ? `no Application yet${patterns.length ? `: add folders ${patterns.join(", ")}` : ""}`
                : `Applications: ${applications.slice(0, LISTED_APPLICATIONS).join(", ")}${
                      applications.length > LISTED_APPLICATIONS
                          ? ` +${applications.length - LISTED_APPLICATIONS} more`
                          : ""
                  }`;
        nodes.push(`${id}["${label(`wave ${set.wave} · ApplicationSet ${set.name}`, generated)}"]`);
        if (rootGroup) edges.push([rootGroup, id]);
        if (set.name === "infrastructure") {
            const addons = enabledAddons(cluster);
            if (addons.length > 0) {
                const addonsId = nodeId(clusterName, "addons");
                nodes.push(`${addonsId}(["${label("add-ons enabled by the cluster Secret", ...addons)}"])`);
                edges.push([id, addonsId, "infrastructure/&lt;add-on&gt;/"]);
            }
        }
    }
    return { nodes, edges };
}

/**
 * The boxes and edges of the resources in scope (per cluster, and the shared ones): one box per type under
 * each component, one edge per dependency between boxes (from `dependencies` and the explicit provider),
 * from the dependency to the dependent.
 */
function groupGraph(
    scopes: readonly [string, readonly RenderedResource[]][],
    all: readonly RenderedResource[],
): { groups: Group[]; groupOf: Map<string, Group>; edges: [string, string][] } {
    const components = componentNames(all);
    const byName = new Map(all.map((r) => [r.name, r]));
    const componentOf = (r: RenderedResource): string | null => {
        for (let parent = r.parent; parent; parent = byName.get(parent)?.parent ?? null) {
            if (components.has(parent)) return parent;
        }
        return null;
    };
    const groups = new Map<string, Group>();
    const groupOf = new Map<string, Group>();
    for (const [scope, resources] of scopes) {
        for (const resource of resources) {
            if (components.has(resource.name)) continue;
            const component = componentOf(resource);
            // Components are named after their cluster: keep ids short without losing uniqueness.
            const within =
                component === scope
                    ? "cluster"
                    : component?.startsWith(`${scope}-`)
                      ? component.slice(scope.length + 1)
                      : component;
            const id = nodeId(scope, within ?? "", resource.type.split(":").slice(1).join("_"));
            let group = groups.get(id);
            if (!group) {
                group = { id, scope, component, type: resource.type, resources: [] };
                groups.set(id, group);
            }
            group.resources.push(resource);
            groupOf.set(resource.name, group);
        }
    }
    const edges: [string, string][] = [];
    for (const group of groups.values()) {
        for (const resource of group.resources) {
            for (const dependency of [...resource.dependencies, ...(resource.provider ? [resource.provider] : [])]) {
                const from = groupOf.get(dependency);
                if (from && from !== group) edges.push([from.id, group.id]);
            }
        }
    }
    return { groups: [...groups.values()], groupOf, edges };
}

/** Mermaid lines for some boxes: a subgraph per component, nested as the components are. */
function groupLines(
    groups: readonly Group[],
    byName: ReadonlyMap<string, RenderedResource>,
    changing: ReadonlySet<string> | undefined,
    indent: string,
): string[] {
    const shown = new Set<string>();
    for (const group of groups) {
        for (let c = group.component; c; c = byName.get(c)?.parent ?? null) shown.add(c);
    }
    const parentOf = (component: string) => {
        const parent = byName.get(component)?.parent ?? null;
        return parent && shown.has(parent) ? parent : null;
    };
    const lines: string[] = [];
    const emit = (component: string | null, depth: string) => {
        for (const group of groups.filter((g) => g.component === component)) {
            const changed = changing !== undefined && group.resources.some((r) => changing.has(r.name));
            lines.push(`${depth}${group.id}["${groupLabel(group, changing)}"]${changed ? ":::changing" : ""}`);
        }
        for (const child of [...shown].filter((c) => parentOf(c) === component)) {
            const type = byName.get(child)?.type.split(":").pop() ?? "component";
            lines.push(`${depth}subgraph ${nodeId("component", child)}["${label(`${type} ${child}`)}"]`);
            emit(child, `${depth}    `);
            lines.push(`${depth}end`);
        }
    };
    emit(null, indent);
    return lines;
}

const edgeLine = ([from, to, text]: [string, string, string?]) =>
    text ? `    ${from} -.->|"${text}"| ${to}` : `    ${from} --> ${to}`;

function diagram(input: DiagramInput, clusters: readonly string[], options: DiagramOptions): string {
    const byCluster = resourcesByCluster([...input.resources], [...input.clusterNames]);
    const scopes: [string, RenderedResource[]][] = [
        ...clusters.map((c): [string, RenderedResource[]] => [c, byCluster.get(c) ?? []]),
        ["(shared)", byCluster.get("(shared)") ?? []],
    ];
    const { groups, groupOf, edges } = groupGraph(scopes, input.resources);
    const byName = new Map(input.resources.map((r) => [r.name, r]));
    const byScope = new Map<string, Group[]>();
    for (const group of groups) byScope.set(group.scope, [...(byScope.get(group.scope) ?? []), group]);
    const layout = { sets: bootstrapApplicationSets(input), directories: layoutDirectories(input.layout) };
    const lines = ["flowchart LR"];
    const gitopsEdges: [string, string, string?][] = [];
    for (const [cluster, resources] of scopes.slice(0, -1)) {
        lines.push(`    subgraph ${nodeId("cluster", cluster)}["${label(`cluster ${cluster}`)}"]`);
        lines.push(...groupLines(byScope.get(cluster) ?? [], byName, options.changing, "        "));
        const root = resources.find(
            (r) =>
                r.type === APPLICATION_TYPE &&
                (r.inputs.metadata as { name?: string } | undefined)?.name === ROOT_APPLICATION_NAME,
        );
        const gitops = gitopsLines(layout, cluster, resources, root ? groupOf.get(root.name)?.id : undefined);
        if (gitops.nodes.length > 0) {
            lines.push(`        subgraph ${nodeId("argocd", cluster)}["${label("Argo CD syncs from Git")}"]`);
            lines.push(...gitops.nodes.map((n) => `            ${n}`));
            lines.push("        end");
        }
        gitopsEdges.push(...gitops.edges);
        lines.push("    end");
    }
    lines.push(...groupLines(byScope.get("(shared)") ?? [], byName, options.changing, "    "));
    lines.push(...reduceEdges(edges).map(edgeLine), ...gitopsEdges.map(edgeLine));
    if (options.changing) lines.push("    classDef changing stroke:#d97706,stroke-width:3px");
    return `${lines.join("\n")}\n`;
}

/**
 * The Mermaid flowchart of one cluster: its cloud resources, Argo CD and GitOps hand-off grouped by
 * component (one box per resource type, with counts), the root Application leading to the ApplicationSets
 * of the seeded layout by sync wave and the add-ons the cluster Secret enables, and the shared resources
 * (the GitOps repository); edges follow dependencies (explicit `dependsOn`, outputs passed as inputs,
 * providers), leaving out those implied by others. For the runner's preview summary, inside a ```mermaid
 * fence; `options.changing` highlights what the preview changes.
 */
export function clusterDiagram(input: DiagramInput, clusterName: string, options: DiagramOptions = {}): string {
    return diagram(input, [clusterName], options);
}

/** The Mermaid flowchart of a whole stack: every cluster as in {@link clusterDiagram}, and the shared resources. */
export function stackDiagram(input: DiagramInput): string {
    return diagram(input, input.clusterNames, {});
}
