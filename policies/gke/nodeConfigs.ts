import { ResourceValidationArgs } from "@pulumi/policy";
import { TYPES } from "../lib/types";

/* eslint-disable @typescript-eslint/no-explicit-any -- policies read untyped resource inputs */

/** The node settings a GKE resource decides: a node pool's, or a Standard cluster's default pool's. */
export interface NodeSettings {
    /** For messages: `node pool <name>` or `the cluster's default node config`. */
    where: string;
    config: Record<string, any>;
}

/**
 * Node settings of a GKE cluster or node pool. An Autopilot cluster has none: Google runs its nodes with
 * Shielded Nodes, secure boot and the GKE metadata server always on.
 */
export function nodeSettings(args: ResourceValidationArgs): NodeSettings[] {
    const { type, props } = args;
    if (type === TYPES.gkeNodePool)
        return [{ where: `node pool ${props.name ?? args.name}`, config: props.nodeConfig ?? {} }];
    if (props.enableAutopilot === true) return [];
    // A cluster whose default pool is removed still creates it first, with this config.
    return [{ where: "the cluster's default node config", config: props.nodeConfig ?? {} }];
}
