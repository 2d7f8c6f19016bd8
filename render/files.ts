import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
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

/** Replaces the output directory's contents with the render's files. */
export function writeFiles(outDir: string, files: RenderedFile[]): void {
    fs.rmSync(outDir, { recursive: true, force: true });
    for (const file of files) {
        const target = path.join(outDir, file.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, file.content);
    }
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
