import * as path from "path";
import { ApplicationManifest, Cluster, filepathMatch } from "./permissions";

/**
 * An offline model of the ApplicationSet generators the platform writes (Argo CD v3.4 `applicationset/
 * generators`): `clusters` (cluster Secrets selected by `matchLabels`; parameters `name`, `server`,
 * `metadata.labels.*`, `metadata.annotations.*`), `list`, `git` directories (`path.Match` over the repository's
 * directories; `path.path`, `path.basename`) and `matrix` (the second generator templated with the first's
 * parameters), with Go templates and `missingkey=error`. Only `{{.a.b}}` references are supported: a template
 * using anything else fails loudly here instead of passing unchecked.
 */

type Params = Record<string, unknown>;

/** What the generators can see. */
export interface GeneratorWorld {
    /** Cluster Secrets of this Argo CD. */
    clusters: readonly Cluster[];
    /** Directories of the GitOps repository (paths relative to its root), for git directory generators. */
    directories: readonly string[];
}

const lookup = (params: Params, reference: string): unknown =>
    reference.split(".").reduce<unknown>((value, key) => {
        if (value === null || typeof value !== "object" || !(key in (value as Params))) {
            throw new Error(`map has no entry for key "${key}" (in {{.${reference}}})`);
        }
        return (value as Params)[key];
    }, params);

/** Renders `{{.x.y}}` references in every string of a value (Go templates with `missingkey=error`). */
export function renderTemplate<T>(value: T, params: Params): T {
    if (typeof value === "string") {
        return value.replace(/{{\s*([^}]*?)\s*}}/g, (_, expression: string) => {
            const reference = /^\.([A-Za-z0-9_.]+)$/.exec(expression);
            if (!reference) throw new Error(`template expression {{${expression}}} is outside the model`);
            return String(lookup(params, reference[1]));
        }) as T;
    }
    if (Array.isArray(value)) return value.map((v) => renderTemplate(v, params)) as T;
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderTemplate(v, params)])) as T;
    }
    return value;
}

function clusterParams(cluster: Cluster): Params {
    return {
        name: cluster.name,
        nameNormalized: cluster.name,
        server: cluster.server,
        metadata: { labels: cluster.labels ?? {}, annotations: cluster.annotations ?? {} },
    };
}

/** The parameter sets one generator yields. */
export function generate(generator: Record<string, unknown>, world: GeneratorWorld, outer: Params = {}): Params[] {
    if (generator.matrix) {
        // The second generator may use the first one's parameters, so it is templated per combination.
        const [a, b] = (generator.matrix as { generators: Record<string, unknown>[] }).generators;
        return generate(a, world, outer).flatMap((left) =>
            generate(b, world, { ...outer, ...left }).map((right) => ({ ...left, ...right })),
        );
    }
    const spec = renderTemplate(generator, outer) as Record<string, Record<string, unknown>>;
    if (spec.clusters) {
        const selector = spec.clusters.selector as { matchLabels?: Record<string, string> } | undefined;
        const matchLabels = selector?.matchLabels ?? {};
        return world.clusters
            .filter((c) => Object.entries(matchLabels).every(([k, v]) => c.labels?.[k] === v))
            .map(clusterParams);
    }
    if (spec.list) return (spec.list.elements as Params[]).map((e) => ({ ...e }));
    if (spec.git) {
        const patterns = spec.git.directories as { path: string; exclude?: boolean }[];
        return world.directories
            .filter(
                (dir) =>
                    patterns.some((p) => !p.exclude && filepathMatch(p.path, dir)) &&
                    !patterns.some((p) => p.exclude && filepathMatch(p.path, dir)),
            )
            .map((dir) => ({ path: { path: dir, basename: path.posix.basename(dir) } }));
    }
    throw new Error(`generator ${Object.keys(spec).join(",")} is outside the model`);
}

/** The Applications an ApplicationSet generates in this world. */
export function expandApplicationSet(
    applicationSet: { spec: { generators: Record<string, unknown>[]; template: unknown } },
    world: GeneratorWorld,
): ApplicationManifest[] {
    return applicationSet.spec.generators.flatMap((generator) =>
        generate(generator, world).map((params) => renderTemplate(applicationSet.spec.template, params)),
    ) as ApplicationManifest[];
}
