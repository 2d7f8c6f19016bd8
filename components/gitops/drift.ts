import { createHash } from "crypto";
import * as YAML from "yaml";
import { SeedFile } from "./layout";

/**
 * After the hand-off Git owns the seeded files, so a later config change (a new team, an SSO or notification
 * change) cannot reach the cluster through Pulumi. This compares what the config implies with what Git holds,
 * setting by setting, so `preview` and `up` can name every setting Git does not have.
 */

/** The first words of the warning, for tools that look for it (the runner's summary). */
export const DRIFT_WARNING_PREFIX = "The GitOps repository differs from the stack config";

/** Git's blob id of a file's content (`git hash-object`): what the repository's tree lists for it. */
export function gitBlobSha(content: string): string {
    const body = Buffer.from(content, "utf8");
    return createHash("sha1")
        .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
        .digest("hex");
}

/** YAML data (not a Helm template, whose `{{ }}` is no YAML). */
const isYamlData = (file: string) => /\.ya?ml$/.test(file) && !file.includes("/templates/");

/** One file whose content in Git is not what the config implies. */
export interface LayoutDifference {
    path: string;
    /** The file is not in Git at all. */
    missing: boolean;
    /** Settings (key paths) whose value differs, or `(text)` for a file that is not YAML. */
    settings: string[];
}

const key = (prefix: string, name: string | number) =>
    typeof name === "number"
        ? `${prefix}[${name}]`
        : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)
          ? prefix
              ? `${prefix}.${name}`
              : name
          : `${prefix}[${JSON.stringify(name)}]`;

/** Key paths at which two parsed YAML documents differ (maps by key, lists by index). */
export function differingSettings(desired: unknown, actual: unknown, prefix = ""): string[] {
    const isMap = (v: unknown): v is Record<string, unknown> =>
        v !== null && typeof v === "object" && !Array.isArray(v);
    if (Array.isArray(desired) && Array.isArray(actual)) {
        const length = Math.max(desired.length, actual.length);
        return Array.from({ length }, (_, i) => differingSettings(desired[i], actual[i], key(prefix, i))).flat();
    }
    if (isMap(desired) && isMap(actual)) {
        const names = [...new Set([...Object.keys(desired), ...Object.keys(actual)])];
        return names.flatMap((name) => differingSettings(desired[name], actual[name], key(prefix, name)));
    }
    return JSON.stringify(desired) === JSON.stringify(actual) ? [] : [prefix || "(document)"];
}

/**
 * Files of the desired layout that Git lacks or holds with other settings. Front pages (`README.md`) count
 * only when missing: people write their own text there. `inGit` maps a path to its content in Git
 * (undefined: not there).
 */
export function layoutDifferences(
    desired: readonly SeedFile[],
    inGit: ReadonlyMap<string, string | undefined>,
): LayoutDifference[] {
    const differences: LayoutDifference[] = [];
    for (const file of desired) {
        const actual = inGit.get(file.path);
        if (actual === undefined) {
            differences.push({ path: file.path, missing: true, settings: [] });
            continue;
        }
        if (actual === file.content || file.path.endsWith(".md")) continue;
        const settings = isYamlData(file.path)
            ? differingSettings(YAML.parse(file.content), YAML.parse(actual))
            : ["(text)"];
        if (settings.length > 0) differences.push({ path: file.path, missing: false, settings });
    }
    return differences;
}

/** The warning `preview`/`up` print: every differing setting, and the command that writes the change. */
export function driftWarning(stack: string, repository: string, differences: readonly LayoutDifference[]): string {
    const lines = differences.map((d) =>
        d.missing ? `  ${d.path}: not in Git` : `  ${d.path}: ${d.settings.join(", ")}`,
    );
    return [
        `${DRIFT_WARNING_PREFIX} (Git owns these files since the hand-off, so this update does not change them):`,
        ...lines,
        `To carry the config to Git: npm run layout -- --stack ${stack} --out <a clone of ${repository}>, review the diff, and open a pull request; or change the config to match Git.`,
    ].join("\n");
}
