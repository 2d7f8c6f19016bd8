/** Decisions about GKE node pools; pure and tested on their own. */

/**
 * Zones a regional cluster's node pools span when `nodeLocations` is not set: GKE "replicates each node pool
 * across three zones of the control plane's region" (GKE docs, "Regional clusters").
 */
export const REGIONAL_POOL_ZONES = 3;

/** How many zones a pool of a cluster at this location runs in: one for a zonal cluster, three for a regional. */
export function poolZoneCount(zonal: boolean): number {
    return zonal ? 1 : REGIONAL_POOL_ZONES;
}

/** A node pool's size in GKE's terms. */
export interface PoolSizing {
    /** Nodes created in each zone (GKE's `initialNodeCount` is per zone). */
    initialNodeCountPerZone: number;
    /** Autoscaler bounds for the whole pool (`totalMinNodeCount`/`totalMaxNodeCount`, not per zone). */
    totalMinNodeCount: number;
    totalMaxNodeCount: number;
}

/**
 * Turns a pool's configured total sizes into GKE's fields: the fewest nodes per zone that reach `minSize` in
 * total, with the autoscaler bounded by totals. `minSize: 3` on a regional cluster starts 1 node per zone (3),
 * not 3 per zone (9).
 */
export function poolSizing(pool: { minSize: number; maxSize: number }, zones: number): PoolSizing {
    return {
        initialNodeCountPerZone: Math.ceil(pool.minSize / zones),
        totalMinNodeCount: pool.minSize,
        totalMaxNodeCount: pool.maxSize,
    };
}

/** The nodes a pool starts with: the per-zone count in every zone. */
export function nodesAtCreation(sizing: PoolSizing, zones: number): number {
    return sizing.initialNodeCountPerZone * zones;
}
