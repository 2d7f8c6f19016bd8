import * as path from "path";
import { PROJECT_NAME, parsePlatformConfig } from "../config/load";
import { readStackFile } from "../config/stackFile";
import { clusterOfName } from "../render/files";

/** How the runner reaches one cluster of a stack. */
export interface ClusterTarget {
    name: string;
    cloud: "aws" | "gcp" | "existing";
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
