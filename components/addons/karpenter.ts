import type { ClusterConfig } from "../../config/schema";
import { karpenterNodeRoleName } from "../cluster/eks/karpenter";
import { amiTypeFor } from "../cluster/eks/nodes";
import { KubernetesObject } from "./objects";

/**
 * Node autoscaling on EKS with Karpenter that honours each pool's `minSize`/`maxSize`: the pool's managed node
 * group keeps the nodes it starts with (`desiredSize`, else `minSize`), which never go away, and a NodePool of
 * the same name, labels, taints, instance types and capacity type lets Karpenter add nodes for pending pods
 * until the pool has `maxSize` (`limits.nodes` counts only Karpenter's nodes, so it gets the difference; it
 * blocks new launches, so a burst of launches or a replacement made before its node goes may pass it briefly).
 * Karpenter runs on the managed nodes (its chart keeps it off its own nodes).
 */

type EksCluster = Extract<ClusterConfig, { cloud: "aws" }>;
type EksPool = EksCluster["nodePools"][number];

/** Nodes a pool's managed node group starts with and keeps (it never scales itself). */
export function managedNodes(pool: Pick<EksPool, "minSize" | "desiredSize">): number {
    return pool.desiredSize ?? pool.minSize;
}

/** The chart's default toleration: Karpenter runs where only `CriticalAddonsOnly` (or soft) taints are. */
function karpenterTolerates(pool: Pick<EksPool, "taints">): boolean {
    return pool.taints.every((t) => t.key === "CriticalAddonsOnly" || t.effect === "PreferNoSchedule");
}

/**
 * Managed nodes Karpenter's controller can run on. Its chart spreads replicas over distinct nodes (required
 * hostname anti-affinity) and keeps them off Karpenter's own nodes, so this bounds its replicas.
 */
export function karpenterHostNodes(pools: readonly Pick<EksPool, "minSize" | "desiredSize" | "taints">[]): number {
    return pools.filter(karpenterTolerates).reduce((sum, pool) => sum + managedNodes(pool), 0);
}

/**
 * Pool label keys refused where Karpenter runs: the NodePool CRD refuses `kubernetes.io/hostname`,
 * `karpenter.sh/nodepool` and most of Karpenter's domains; stricter than the CRD, this keeps every key of
 * `karpenter.sh` and `karpenter.k8s.aws` but the two that describe a pool (capacity type, tenancy) for
 * Karpenter to set on its own nodes.
 */
export function restrictedNodePoolLabel(key: string): boolean {
    const domain = key.includes("/") ? key.split("/")[0] : "";
    const allowed = ["karpenter.sh/capacity-type", "karpenter.k8s.aws/instance-tenancy"];
    if (key === "kubernetes.io/hostname" || key === "karpenter.sh/nodepool") return true;
    return !allowed.includes(key) && (domain.endsWith("karpenter.sh") || domain.endsWith("karpenter.k8s.aws"));
}

/** Replicas of the controller: the chart's two (one is leader, one stands by), or one where one node hosts it. */
export function karpenterReplicas(cluster: EksCluster): number {
    return Math.min(2, karpenterHostNodes(cluster.nodePools));
}

/** Karpenter's spelling of a capacity type. */
const CAPACITY_TYPES = { ON_DEMAND: "on-demand", SPOT: "spot" } as const;

/** The weight of the n-th pool's NodePool: a pod that several pools' NodePools admit goes to the first listed. */
function poolWeight(index: number): number {
    return Math.max(1, 100 - index);
}

/**
 * The EC2NodeClass of a pool: the AL2023 EKS AMI for the control plane's version (`al2023@latest`: Karpenter
 * replaces its nodes by drift when AWS publishes a patched AMI, within the NodePool's disruption budget), the
 * private subnets and the cluster security group by their `karpenter.sh/discovery` tag, IMDSv2 with one hop
 * (pods cannot reach the node's credentials), and the pool's encrypted gp3 root volume.
 */
function ec2NodeClass(cluster: EksCluster, pool: EksPool): KubernetesObject {
    const discovery = { tags: { "karpenter.sh/discovery": cluster.name } };
    return {
        apiVersion: "karpenter.k8s.aws/v1",
        kind: "EC2NodeClass",
        metadata: { name: pool.name },
        spec: {
            role: karpenterNodeRoleName(cluster.name, cluster.region),
            amiSelectorTerms: [{ alias: "al2023@latest" }],
            subnetSelectorTerms: [discovery],
            securityGroupSelectorTerms: [discovery],
            metadataOptions: {
                httpEndpoint: "enabled",
                httpProtocolIPv6: "disabled",
                httpPutResponseHopLimit: 1,
                httpTokens: "required",
            },
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    ebs: {
                        volumeSize: `${pool.diskSizeGb}Gi`,
                        volumeType: "gp3",
                        encrypted: true,
                        deleteOnTermination: true,
                    },
                },
            ],
            tags: { Name: `${cluster.name}-${pool.name}`, cluster: cluster.name, "node-pool": pool.name },
        },
    };
}

/**
 * The NodePool of a pool (the n-th in config): its labels, taints, instance types, capacity type and
 * architecture; at most `maxSize` minus the managed nodes; consolidation of empty or underused nodes after
 * five minutes, at most one in ten nodes disrupted at once.
 */
function nodePool(pool: EksPool, index: number): KubernetesObject {
    const arch = amiTypeFor(pool.instanceTypes) === "AL2023_ARM_64_STANDARD" ? "arm64" : "amd64";
    return {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name: pool.name },
        spec: {
            weight: poolWeight(index),
            template: {
                metadata: { labels: pool.labels },
                spec: {
                    nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: pool.name },
                    requirements: [
                        { key: "node.kubernetes.io/instance-type", operator: "In", values: pool.instanceTypes },
                        {
                            key: "karpenter.sh/capacity-type",
                            operator: "In",
                            values: [CAPACITY_TYPES[pool.capacityType]],
                        },
                        { key: "kubernetes.io/arch", operator: "In", values: [arch] },
                        { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                    ],
                    taints: pool.taints.map((t) => ({
                        key: t.key,
                        ...(t.value ? { value: t.value } : {}),
                        effect: t.effect,
                    })),
                    expireAfter: "720h",
                    // A drain that a PodDisruptionBudget or do-not-disrupt pod blocks ends after an hour, so an
                    // expired, drifted or deleted node always goes (a teardown needs --timeout above that then).
                    terminationGracePeriod: "1h",
                },
            },
            limits: { nodes: String(pool.maxSize - managedNodes(pool)) },
            disruption: {
                consolidationPolicy: "WhenEmptyOrUnderutilized",
                consolidateAfter: "5m",
                budgets: [{ nodes: "10%" }],
            },
        },
    };
}

/**
 * The `karpenter-nodepools` values of a cluster: an EC2NodeClass and a NodePool for each pool that may grow
 * (a pool whose managed nodes already reach `maxSize` gets none), keyed so a values layer can change or drop one.
 */
export function karpenterNodePoolObjects(cluster: EksCluster): Record<string, KubernetesObject> {
    return Object.fromEntries(
        cluster.nodePools.flatMap((pool, index) =>
            pool.maxSize > managedNodes(pool)
                ? [
                      [`ec2nodeclass-${pool.name}`, ec2NodeClass(cluster, pool)],
                      [`nodepool-${pool.name}`, nodePool(pool, index)],
                  ]
                : [],
        ),
    );
}
