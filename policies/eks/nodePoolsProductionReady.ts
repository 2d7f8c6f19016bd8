import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/policy";
import { TYPES } from "../lib/types";
import { peek } from "../lib/unknowns";

/** One node pool as this policy sees it: its most nodes, spot or not, and its cluster. */
interface Pool {
    resource: PolicyResource;
    cluster: string;
    maxNodes: number | undefined;
    spot: boolean;
}

/** A number input, or undefined when absent or not known yet. */
const known = (props: unknown, path: string[]): number | undefined => {
    const value = peek(props, path);
    return typeof value === "number" ? value : undefined;
};

function poolOf(resource: PolicyResource): Pool | undefined {
    const { props } = resource;
    if (resource.type === TYPES.eksNodeGroup) {
        return {
            resource,
            cluster: String(peek(props, ["clusterName"]) ?? "(unknown cluster)"),
            maxNodes: known(props, ["scalingConfig", "maxSize"]),
            spot: peek(props, ["capacityType"]) === "SPOT",
        };
    }
    if (resource.type === TYPES.gkeNodePool) {
        const locations = peek(props, ["nodeLocations"]);
        const zones = Array.isArray(locations) ? locations.length : 1;
        const perZone = known(props, ["autoscaling", "maxNodeCount"]);
        return {
            resource,
            cluster: String(peek(props, ["cluster"]) ?? "(unknown cluster)"),
            maxNodes:
                known(props, ["autoscaling", "totalMaxNodeCount"]) ??
                (perZone === undefined ? undefined : perZone * zones) ??
                known(props, ["nodeCount"]),
            spot: peek(props, ["nodeConfig", "spot"]) === true || peek(props, ["nodeConfig", "preemptible"]) === true,
        };
    }
    return undefined;
}

/** Production node pools survive one node, and a cluster never runs on spot capacity alone. */
export const nodePoolsProductionReady = stackPolicy({
    name: "node-pools-production-ready",
    severity: "high",
    productionOnly: true,
    description:
        "On production stacks no EKS node group or GKE node pool is capped at one node, and no cluster runs on spot capacity only.",
    rationale:
        "EKS and GKE best practices for reliability: a one-node pool loses every pod on that node at each failure " +
        "or upgrade, and spot capacity can be reclaimed at once across a whole pool, so a cluster of spot pools " +
        "only can lose all its nodes together, Argo CD included.",
    remediationSteps:
        "Give each prod pool `maxSize` 2 or more and keep at least one pool `ON_DEMAND` (gitops-platform refuses " +
        "both in prod).",
    appliesTo: [TYPES.eksNodeGroup, TYPES.gkeNodePool],
    validateStack: ({ resources, notApplicable }, report) => {
        const pools = resources.map(poolOf).filter((p): p is Pool => p !== undefined);
        if (pools.length === 0) return notApplicable("the stack has no node groups or node pools");
        for (const pool of pools) {
            if (pool.maxNodes !== undefined && pool.maxNodes < 2) {
                report(`Node pool ${pool.resource.name} has at most ${pool.maxNodes} node.`, pool.resource.urn);
            }
        }
        const byCluster = new Map<string, Pool[]>();
        for (const pool of pools) byCluster.set(pool.cluster, [...(byCluster.get(pool.cluster) ?? []), pool]);
        for (const [cluster, ofCluster] of byCluster) {
            if (ofCluster.every((pool) => pool.spot)) {
                report(
                    `Every node pool of cluster ${cluster} (${ofCluster.map((p) => p.resource.name).join(", ")}) is spot capacity.`,
                );
            }
        }
    },
});
