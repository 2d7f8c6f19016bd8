import * as path from "path";

/**
 * Layered Helm values in the GitOps repository: `defaults/`, `environments/<env>/`, `clusters/<cluster>/`,
 * each a small `values.yaml` per component, composed by multi-source Applications (a `$values` ref and
 * `valueFiles` in that order, as GitOps Bridge does). Chosen over Kustomize components because every value
 * set here is a Helm chart's, and Helm's own merge of value files (maps merged, lists and scalars replaced) is
 * what composes them: no second tool, and the composition is the one Argo CD's repo-server runs.
 */

/** A Helm values object. */
export type Values = Record<string, unknown>;

/** The three layers of a component's values, most general first. */
export interface Layers {
    defaults: Values;
    environment: Values;
    /** Per cluster: only what differs for it (empty when nothing does, and then no file is written). */
    clusters: Record<string, Values>;
}

const isMap = (value: unknown): value is Values =>
    value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0;

/** Every leaf of a values object by its key path (lists, scalars and empty maps are leaves). */
export function leaves(values: Values, prefix: string[] = []): Map<string, { path: string[]; value: unknown }> {
    const out = new Map<string, { path: string[]; value: unknown }>();
    for (const [key, value] of Object.entries(values)) {
        const keyPath = [...prefix, key];
        if (isMap(value)) for (const [id, leaf] of leaves(value, keyPath)) out.set(id, leaf);
        else out.set(JSON.stringify(keyPath), { path: keyPath, value });
    }
    return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function setLeaf(target: Values, keyPath: string[], value: unknown): void {
    let node = target;
    for (const key of keyPath.slice(0, -1)) node = (node[key] ??= {}) as Values;
    node[keyPath[keyPath.length - 1]] = value;
}

/**
 * Helm's merge of value files, later files winning: maps are merged key by key, anything else (lists,
 * scalars) replaces. A `null` is kept as the value where Helm deletes the key; the one reader of nulls, the
 * platform-objects chart, skips both alike.
 */
export function mergeValues(...layers: Values[]): Values {
    const out: Values = {};
    for (const layer of layers) {
        for (const [key, value] of Object.entries(layer)) {
            out[key] = isMap(value) && isMap(out[key]) ? mergeValues(out[key] as Values, value) : value;
        }
    }
    return out;
}

/**
 * Splits each cluster's full values into the three layers so that every setting lives in one place: a leaf
 * every cluster has with the program's default value goes to `defaults`, a leaf every cluster shares with
 * another value to `environment`, the rest to each cluster's own file. Merging the layers in order gives each
 * cluster's values back exactly, and no leaf is set in two layers.
 */
export function splitLayers(programDefaults: Values, clusters: Record<string, Values>): Layers {
    const perCluster = Object.entries(clusters).map(([name, values]) => [name, leaves(values)] as const);
    const defaultLeaves = leaves(programDefaults);
    const layers: Layers = {
        defaults: {},
        environment: {},
        clusters: Object.fromEntries(perCluster.map(([name]) => [name, {}])),
    };
    const ids = new Set(perCluster.flatMap(([, l]) => [...l.keys()]));
    for (const id of ids) {
        const values = perCluster.map(([, l]) => l.get(id));
        const everywhere = values.every((v) => v !== undefined);
        const shared = everywhere && values.every((v) => same(v!.value, values[0]!.value));
        const leaf = values.find((v) => v !== undefined)!;
        if (shared && defaultLeaves.has(id) && same(defaultLeaves.get(id)!.value, leaf.value)) {
            setLeaf(layers.defaults, leaf.path, leaf.value);
        } else if (shared) {
            setLeaf(layers.environment, leaf.path, leaf.value);
        } else {
            perCluster.forEach(([name, l]) => {
                const own = l.get(id);
                if (own) setLeaf(layers.clusters[name], own.path, own.value);
            });
        }
    }
    return layers;
}

/** Key paths (dotted) set in more than one of the given layers: each is an override someone must mean. */
export function overriddenKeys(...layers: Values[]): string[] {
    const seen = new Map<string, number>();
    for (const layer of layers) {
        for (const { path: keyPath } of leaves(layer).values()) {
            const dotted = keyPath.join(".");
            seen.set(dotted, (seen.get(dotted) ?? 0) + 1);
        }
    }
    return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

/** Where a component's layers live, relative to `gitops.path`: `argocd`, or `addons/<addon>`. */
export function layerFiles(component: string, environment: string, cluster: string) {
    return {
        defaults: path.posix.join("defaults", component, "values.yaml"),
        environment: path.posix.join("environments", environment, component, "values.yaml"),
        cluster: path.posix.join("clusters", cluster, component, "values.yaml"),
    };
}

/**
 * `valueFiles` of an ApplicationSet template that composes a component's layers for the generated cluster,
 * from the cluster Secret's parameters (`addons_repo_basepath` is `""` or `"<path>/"`).
 */
export function layeredValueFiles(component: string): string[] {
    const base = "$values/{{.metadata.annotations.addons_repo_basepath}}";
    const files = layerFiles(component, "{{.metadata.labels.environment}}", "{{.name}}");
    return [base + files.defaults, base + files.environment, base + files.cluster];
}

/**
 * The source that makes the GitOps repository `$values` to the chart source beside it, at the revision the
 * cluster follows (both from the cluster Secret, which Pulumi keeps in step with `gitops.*`).
 */
export const VALUES_REF_SOURCE = {
    repoURL: "{{.metadata.annotations.addons_repo_url}}",
    targetRevision: "{{.metadata.annotations.addons_repo_revision}}",
    ref: "values",
};
