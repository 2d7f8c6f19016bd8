import * as path from "path";
import { CliError, EXIT } from "../cli/exitCodes";
import { PROJECT_NAME, parsePlatformConfig } from "../config/load";
import { readStackFile } from "../config/stackFile";
import { clusterOfName } from "../render/files";
import { EngineConfig } from "./engine";

/** How the runner reaches one cluster of a stack. */
export interface ClusterTarget {
    name: string;
    /** `deployed`: only in the deployed stack's `kubeconfigs` output (removed from the config, not destroyed). */
    cloud: "aws" | "gcp" | "existing" | "deployed";
    /** For `existing` clusters: the kubeconfig context and file (default: $KUBECONFIG or ~/.kube/config). */
    context?: string;
    kubeconfigFile?: string;
}

/** What the runner needs to know about a stack, read from its stack file. */
export interface StackTarget {
    stack: string;
    /** `environment: prod`: `up` then needs `--yes`. */
    production: boolean;
    clusters: ClusterTarget[];
}

/**
 * Reads and validates `Pulumi.<stack>.yaml` (or `configFile`) the way the program does, so a bad config stops
 * the runner before the engine starts.
 */
export function readStackTarget(stack: string, projectDir: string, configFile?: string): StackTarget {
    const file = configFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
    const { config, secretKeys, warnings } = readStackFile(file, PROJECT_NAME);
    for (const warning of warnings) console.error(`warning: ${warning}`);
    return targetFromConfig(stack, config, secretKeys);
}

/**
 * The target as the stack's own config says it, read through the engine (what `pulumi up`/`destroy` will act
 * on), validated the same way as a stack file.
 */
export function targetFromEngineConfig(stack: string, config: EngineConfig): StackTarget {
    const flat = Object.fromEntries(Object.entries(config).map(([key, entry]) => [key, String(entry.value)]));
    const secretKeys = Object.keys(config).filter((key) => config[key].secret);
    return targetFromConfig(stack, flat, secretKeys);
}

/**
 * Refuses a `--config` file that disagrees with the stack's own config on what the runner's guards decide by:
 * the environment (production or not) and the clusters. The engine acts on the stack's config, so a file that
 * says otherwise would bypass `--yes` or tear down the wrong clusters. Returns the stack's target.
 */
export function agreeingTarget(file: StackTarget, stack: StackTarget, fileName: string): StackTarget {
    const describe = (t: StackTarget) =>
        `${t.production ? "production (environment: prod)" : "not production"}, clusters ${
            t.clusters.map((c) => `${c.name} (${c.cloud})`).join(", ") || "(none)"
        }`;
    const key = (t: StackTarget) => JSON.stringify([t.production, t.clusters.map((c) => [c.name, c.cloud]).sort()]);
    if (key(file) !== key(stack)) {
        throw new CliError(
            `${fileName} does not match stack ${stack.stack}'s own config, which the engine acts on: the file says ` +
                `${describe(file)}; the stack says ${describe(stack)}. Drop --config or make the two agree`,
            EXIT.refused,
        );
    }
    return stack;
}

/** The target from flat config (full key to string value, structured values as JSON) and its secret keys. */
function targetFromConfig(stack: string, config: Record<string, string>, secretKeys: string[]): StackTarget {
    const prefix = `${PROJECT_NAME}:`;
    const raw = Object.fromEntries(
        Object.entries(config)
            .filter(([key]) => key.startsWith(prefix))
            .map(([key, value]) => [key.slice(prefix.length), value]),
    );
    const parsed = parsePlatformConfig(raw, (key) => secretKeys.includes(`${prefix}${key}`));
    return {
        stack,
        production: parsed.environment === "prod",
        clusters: parsed.clusters.map((cluster) =>
            cluster.cloud === "existing"
                ? {
                      name: cluster.name,
                      cloud: cluster.cloud,
                      context: cluster.context,
                      kubeconfigFile: cluster.kubeconfig,
                  }
                : { name: cluster.name, cloud: cluster.cloud },
        ),
    };
}

/** The cluster a resource belongs to, by the logical name at the end of its URN. */
export function clusterOfUrn(urn: string, clusterNames: string[]): string {
    return clusterOfName(urn.split("::").pop() ?? "", clusterNames);
}
