import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { CliError, EXIT } from "../cli/exitCodes";
import { RenderResult, RenderedResource } from "./engine";

/** Type token of Helm releases, whose values are written to `helm/`. */
export const HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

/** A file of the render: path relative to the output directory, and its text. */
export interface RenderedFile {
    path: string;
    content: string;
}

/** True for a Kubernetes object the program creates directly (not a provider, Helm release or component). */
export function isKubernetesObject(resource: RenderedResource): boolean {
    return (
        resource.type.startsWith("kubernetes:") &&
        resource.type !== HELM_RELEASE_TYPE &&
        typeof resource.inputs.apiVersion === "string" &&
        typeof resource.inputs.kind === "string"
    );
}

/** The object as it would be sent to the API server: apiVersion, kind and metadata first. */
export function toManifest(resource: RenderedResource): Record<string, unknown> {
    const { apiVersion, kind, metadata, ...rest } = resource.inputs;
    return { apiVersion, kind, metadata, ...rest };
}

const safeFileName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, "_");
const yamlText = (value: unknown) => YAML.stringify(value, { lineWidth: 0, sortMapEntries: false });

/**
 * Lays out a render: `resources.json`, `manifests/<resource>.yaml` for every Kubernetes object and
 * `helm/<release>.values.yaml` for every Helm release. Files are named by logical resource name, which is
 * unique in a stack (it starts with the cluster name).
 */
export function renderFiles(result: RenderResult): RenderedFile[] {
    const files: RenderedFile[] = [
        { path: "resources.json", content: `${JSON.stringify(result.resources, null, 2)}\n` },
    ];
    for (const resource of result.resources) {
        if (isKubernetesObject(resource)) {
            files.push({
                path: path.join("manifests", `${safeFileName(resource.name)}.yaml`),
                content: yamlText(toManifest(resource)),
            });
        } else if (resource.type === HELM_RELEASE_TYPE) {
            files.push({
                path: path.join("helm", `${safeFileName(resource.name)}.values.yaml`),
                content: yamlText(resource.inputs.values ?? {}),
            });
        }
    }
    return files;
}

/** The file the render leaves in its output directory: which files it wrote, so the next render may replace them. */
export const RENDER_MARKER = ".gitops-platform-render.json";

interface RenderMarker {
    writtenBy: "gitops-platform render";
    files: string[];
}

/** The files a previous render listed in its marker, or undefined when `outDir` holds no valid marker. */
function previousRenderFiles(outDir: string): string[] | undefined {
    const markerFile = path.join(outDir, RENDER_MARKER);
    if (!fs.existsSync(markerFile)) return undefined;
    try {
        const marker = JSON.parse(fs.readFileSync(markerFile, "utf8")) as Partial<RenderMarker>;
        if (marker.writtenBy !== "gitops-platform render" || !Array.isArray(marker.files)) return undefined;
        return marker.files.filter((f): f is string => typeof f === "string");
    } catch {
        return undefined;
    }
}

/**
 * Why the render may not write to `outDir` (an absolute path), or undefined when it may. It never writes to
 * `/`, the home directory, the current directory or a parent of it, a Git work tree (a `.git` inside) or a
 * file, and writes into an existing directory only when it is empty or holds the marker of an earlier render.
 */
export function outDirProblem(outDir: string, cwd = process.cwd(), home = os.homedir()): string | undefined {
    const real = (p: string) => (fs.existsSync(p) ? fs.realpathSync(p) : path.resolve(p));
    const target = real(outDir);
    const inside = (dir: string, maybeParent: string) => {
        const relative = path.relative(maybeParent, dir);
        return (
            relative === "" ||
            (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
        );
    };
    if (target === path.parse(target).root) return "it is the root directory";
    if (target === real(home)) return "it is the home directory";
    if (inside(real(cwd), target)) return "it is the current directory or one of its parents";
    if (!fs.existsSync(target)) return undefined;
    if (!fs.statSync(target).isDirectory()) return "it is a file, not a directory";
    if (fs.existsSync(path.join(target, ".git"))) return "it is a Git repository (it holds .git)";
    const entries = fs.readdirSync(target);
    if (entries.length > 0 && previousRenderFiles(target) === undefined) {
        return `it is not empty and holds no ${RENDER_MARKER} of an earlier render; choose a new or empty directory`;
    }
    return undefined;
}

/** Throws a `CliError` (exit `refused`) when {@link outDirProblem} names a problem with `outDir`. */
export function assertWritableOutDir(outDir: string): void {
    const problem = outDirProblem(outDir);
    if (problem) throw new CliError(`refusing to write the render to ${outDir}: ${problem}`, EXIT.refused);
}

/**
 * Writes the render's files to `outDir`, replacing the files an earlier render wrote there (as its marker
 * lists them) and nothing else; refuses (a `CliError`) any directory {@link outDirProblem} names.
 */
export function writeFiles(outDir: string, files: RenderedFile[]): void {
    assertWritableOutDir(outDir);
    const root = fs.existsSync(outDir) ? fs.realpathSync(outDir) : path.resolve(outDir);
    for (const previous of previousRenderFiles(root) ?? []) {
        const target = path.resolve(root, previous);
        // A marker is a file anyone could edit: follow it only to regular files inside the directory, through
        // no symbolic link.
        if (!fs.existsSync(target) || fs.realpathSync(target) !== target || !target.startsWith(root + path.sep))
            continue;
        if (!fs.lstatSync(target).isFile()) continue;
        fs.rmSync(target);
        for (
            let dir = path.dirname(target);
            dir !== root && fs.readdirSync(dir).length === 0;
            dir = path.dirname(dir)
        ) {
            fs.rmdirSync(dir);
        }
    }
    for (const file of files) {
        const target = path.join(root, file.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, file.content);
    }
    const marker: RenderMarker = { writtenBy: "gitops-platform render", files: files.map((f) => f.path).sort() };
    fs.writeFileSync(path.join(root, RENDER_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/**
 * The cluster a logical name belongs to: every per-cluster resource is named `<cluster>` or `<cluster>-...`
 * (the longest matching cluster name wins); anything else, such as the shared GitOps repository, is
 * `(shared)`.
 */
export function clusterOfName(name: string, clusterNames: string[]): string {
    const longestFirst = [...clusterNames].sort((a, b) => b.length - a.length);
    return longestFirst.find((n) => name === n || name.startsWith(`${n}-`)) ?? "(shared)";
}

/**
 * Groups resources by the cluster they belong to, by the name of their top-level ancestor (see
 * {@link clusterOfName}).
 */
export function resourcesByCluster(
    resources: RenderedResource[],
    clusterNames: string[],
): Map<string, RenderedResource[]> {
    const byName = new Map(resources.map((r) => [r.name, r]));
    const groups = new Map<string, RenderedResource[]>(clusterNames.map((n) => [n, []]));
    for (const resource of resources) {
        let top = resource;
        const seen = new Set([top]);
        for (
            let parent = byName.get(top.parent ?? "");
            parent && !seen.has(parent);
            parent = byName.get(top.parent ?? "")
        ) {
            top = parent;
            seen.add(top);
        }
        const cluster = clusterOfName(top.name, clusterNames);
        if (!groups.has(cluster)) groups.set(cluster, []);
        groups.get(cluster)!.push(resource);
    }
    return groups;
}

/** One line per cluster: how many resources of each type the stack would create. */
export function summaryLines(result: RenderResult, clusterNames: string[]): string[] {
    const lines: string[] = [];
    for (const [cluster, resources] of resourcesByCluster(result.resources, clusterNames)) {
        if (resources.length === 0 && cluster === "(shared)") continue;
        const counts = new Map<string, number>();
        for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
        const byType = [...counts.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([type, n]) => `${type} ${n}`)
            .join(", ");
        lines.push(`${cluster}: ${resources.length} resources (${byType})`);
    }
    return lines;
}
