import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, PolicyScope, managedPolicyArn, podIdentityTrustPolicy, serviceTrustPolicy } from "./iam";
import { ROLE_AND_RULE_NAME_LIMIT, fittingName } from "./naming";

/**
 * What Karpenter needs outside the cluster, as its v1.14 getting-started CloudFormation template creates it:
 * the controller's IAM policy, the nodes' role (with an EC2_LINUX access entry, so its nodes can join), and the
 * SQS queue EventBridge fills with interruption events. The chart and its NodePools come from Git.
 */

/** Where the controller runs (upstream's default namespace since v1) and its service account. */
export const KARPENTER_IDENTITY = { name: "karpenter", namespace: "kube-system", serviceAccount: "karpenter" } as const;

/** Facts the controller policy is scoped by: the cluster's, plus the node role it passes and its queue. */
export interface KarpenterPolicyScope extends Pick<PolicyScope, "partition" | "region" | "accountId" | "clusterName"> {
    nodeRoleArn: string;
    interruptionQueueArn: string;
}

/**
 * Karpenter's controller, statement for statement the six policies of upstream's v1.14 CloudFormation template
 * (node lifecycle, IAM integration, EKS integration, interruption, zonal shift, resource discovery; the tests
 * compare them with an IAM evaluation model): it launches, tags and terminates only instances, fleets and
 * launch templates tagged for this cluster and a NodePool, passes only its node role to EC2, manages only the
 * instance profiles it tagged for this cluster and region, and reads only its own queue.
 */
export function karpenterControllerPolicy(scope: KarpenterPolicyScope): PolicyDocument {
    const { partition: p, region, accountId, clusterName } = scope;
    const ec2 = (resource: string) => `arn:${p}:ec2:${region}:*:${resource}`;
    const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: "owned" };
    const requestOwned = {
        [`aws:RequestTag/kubernetes.io/cluster/${clusterName}`]: "owned",
        "aws:RequestTag/eks:eks-cluster-name": clusterName,
    };
    const launched = [
        "fleet/*",
        "instance/*",
        "volume/*",
        "network-interface/*",
        "launch-template/*",
        "spot-instances-request/*",
    ].map(ec2);
    const instanceProfiles = `arn:${p}:iam::${accountId}:instance-profile/*`;
    const inRegion = { "aws:ResourceTag/topology.kubernetes.io/region": region };
    const cluster = `arn:${p}:eks:${region}:${accountId}:cluster/${clusterName}`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowScopedEC2InstanceAccessActions",
                Effect: "Allow",
                Resource: [
                    `arn:${p}:ec2:${region}::image/*`,
                    `arn:${p}:ec2:${region}::snapshot/*`,
                    ...["security-group/*", "subnet/*", "capacity-reservation/*", "placement-group/*"].map(ec2),
                ],
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            },
            {
                Sid: "AllowScopedEC2LaunchTemplateAccessActions",
                Effect: "Allow",
                Resource: ec2("launch-template/*"),
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
                Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
            },
            {
                Sid: "AllowScopedEC2InstanceActionsWithTags",
                Effect: "Allow",
                Resource: launched,
                Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
                Condition: { StringEquals: requestOwned, StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" } },
            },
            {
                Sid: "AllowScopedResourceCreationTagging",
                Effect: "Allow",
                Resource: launched,
                Action: "ec2:CreateTags",
                Condition: {
                    StringEquals: {
                        ...requestOwned,
                        "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
                    },
                    StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedResourceTagging",
                Effect: "Allow",
                Resource: ec2("instance/*"),
                Action: "ec2:CreateTags",
                Condition: {
                    StringEquals: owned,
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                    StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": clusterName },
                    "ForAllValues:StringEquals": {
                        "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"],
                    },
                },
            },
            {
                Sid: "AllowScopedDeletion",
                Effect: "Allow",
                Resource: [ec2("instance/*"), ec2("launch-template/*")],
                Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
                Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
            },
            {
                Sid: "AllowPassingInstanceRole",
                Effect: "Allow",
                Resource: scope.nodeRoleArn,
                Action: "iam:PassRole",
                Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
            },
            {
                Sid: "AllowScopedInstanceProfileCreationActions",
                Effect: "Allow",
                Resource: instanceProfiles,
                Action: ["iam:CreateInstanceProfile"],
                Condition: {
                    StringEquals: { ...requestOwned, "aws:RequestTag/topology.kubernetes.io/region": region },
                    StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileTagActions",
                Effect: "Allow",
                Resource: instanceProfiles,
                Action: ["iam:TagInstanceProfile"],
                Condition: {
                    StringEquals: {
                        ...owned,
                        ...inRegion,
                        ...requestOwned,
                        "aws:RequestTag/topology.kubernetes.io/region": region,
                    },
                    StringLike: {
                        "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*",
                        "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*",
                    },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileActions",
                Effect: "Allow",
                Resource: instanceProfiles,
                Action: [
                    "iam:AddRoleToInstanceProfile",
                    "iam:RemoveRoleFromInstanceProfile",
                    "iam:DeleteInstanceProfile",
                ],
                Condition: {
                    StringEquals: { ...owned, ...inRegion },
                    StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
            {
                Sid: "AllowAPIServerEndpointDiscovery",
                Effect: "Allow",
                Resource: cluster,
                Action: "eks:DescribeCluster",
            },
            {
                Sid: "AllowInterruptionQueueActions",
                Effect: "Allow",
                Resource: scope.interruptionQueueArn,
                Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
            },
            {
                Sid: "AllowZonalShiftStatusReadOnly",
                Effect: "Allow",
                Resource: "*",
                Action: ["arc-zonal-shift:GetManagedResource"],
                Condition: { StringEquals: { "arc-zonal-shift:ResourceIdentifier": cluster } },
            },
            {
                Sid: "AllowRegionalReadActions",
                Effect: "Allow",
                Resource: "*",
                Action: [
                    "ec2:DescribeCapacityReservations",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstances",
                    "ec2:DescribeInstanceStatus",
                    "ec2:DescribeInstanceTypeOfferings",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplates",
                    "ec2:DescribePlacementGroups",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeSpotPriceHistory",
                    "ec2:DescribeSubnets",
                ],
                Condition: { StringEquals: { "aws:RequestedRegion": region } },
            },
            {
                Sid: "AllowSSMReadActions",
                Effect: "Allow",
                Resource: `arn:${p}:ssm:${region}::parameter/aws/service/*`,
                Action: "ssm:GetParameter",
            },
            { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: "pricing:GetProducts" },
            {
                Sid: "AllowUnscopedInstanceProfileListAction",
                Effect: "Allow",
                Resource: "*",
                Action: "iam:ListInstanceProfiles",
            },
            {
                Sid: "AllowInstanceProfileReadActions",
                Effect: "Allow",
                Resource: instanceProfiles,
                Action: "iam:GetInstanceProfile",
            },
        ],
    };
}

/**
 * Managed policies of the nodes Karpenter launches: upstream's `KarpenterNodeRole` without
 * AmazonSSMManagedInstanceCore (see {@link NODE_POLICIES_NOT_GRANTED}).
 */
export const KARPENTER_NODE_POLICIES = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryPullOnly",
] as const;

/** Policies upstream's node role has and ours leaves out, each with its reason (a test holds us to upstream). */
export const NODE_POLICIES_NOT_GRANTED: Readonly<Record<string, string>> = {
    AmazonSSMManagedInstanceCore:
        "a remote shell on every node through SSM Session Manager, which neither kubelet nor Karpenter calls; the managed node groups' nodes do not get it either",
};

/**
 * The node role's name: nodes join through an access entry of this role, and each EC2NodeClass in Git names
 * it, so it must be known when the repository is seeded. Cluster names are unique in a region, and the
 * region keeps two regions' clusters of one name apart (IAM names are account-wide). At most 62 characters.
 */
export function karpenterNodeRoleName(clusterName: string, region: string): string {
    return `karpenter-node-${clusterName}-${region}`;
}

/** EventBridge rules feeding the interruption queue, as upstream's template has them: source and detail type. */
const INTERRUPTION_EVENTS: readonly { rule: string; source: string; detailType: string }[] = [
    { rule: "health", source: "aws.health", detailType: "AWS Health Event" },
    { rule: "spot", source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
    { rule: "rebalance", source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
    { rule: "state-change", source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
    { rule: "reservation", source: "aws.ec2", detailType: "EC2 Capacity Reservation Instance Interruption Warning" },
];

/** The queue's policy: EventBridge (and SQS) may send to it, nobody may use it without TLS. */
export function interruptionQueuePolicy(queueArn: string): object {
    return {
        Version: "2012-10-17",
        Id: "EC2InterruptionPolicy",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
                Action: "sqs:SendMessage",
                Resource: queueArn,
            },
            {
                Sid: "DenyHTTP",
                Effect: "Deny",
                Principal: "*",
                Action: "sqs:*",
                Resource: queueArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** Arguments of {@link KarpenterInfrastructure}. */
export interface KarpenterInfrastructureArgs {
    /** The EKS cluster's name (from config: the queue and the node role are named after it). */
    clusterName: string;
    /** The EKS cluster's name as its resource outputs it, so everything here waits for the cluster. */
    eksClusterName: pulumi.Input<string>;
    /** The AWS partition of the cluster's region, for ARNs. */
    partition: string;
    /** The cluster's region. */
    region: string;
    /** The account the cluster runs in. */
    accountId: pulumi.Input<string>;
}

/**
 * Karpenter's AWS side for one EKS cluster: the controller's Pod Identity role, the nodes' role and access
 * entry, and the interruption queue with its EventBridge rules. Children take the parent's AWS provider.
 */
export class KarpenterInfrastructure extends pulumi.ComponentResource {
    /** ARN of the controller's role (bound to `kube-system/karpenter` through Pod Identity). */
    public readonly controllerRoleArn: pulumi.Output<string>;
    /** Name of the nodes' role, which each EC2NodeClass names. */
    public readonly nodeRoleName: pulumi.Output<string>;
    /** Name of the interruption queue (`settings.interruptionQueue`). */
    public readonly interruptionQueueName: pulumi.Output<string>;

    constructor(name: string, args: KarpenterInfrastructureArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gitops-platform:cluster:KarpenterInfrastructure", name, {}, opts);
        const child = { parent: this };

        const nodeRole = new aws.iam.Role(
            `${name}-node-role`,
            {
                name: karpenterNodeRoleName(args.clusterName, args.region),
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
            },
            child,
        );
        const nodePolicies = KARPENTER_NODE_POLICIES.map(
            (policy) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-node-${policy}`,
                    { role: nodeRole.name, policyArn: managedPolicyArn(args.partition, policy) },
                    child,
                ),
        );
        // API authentication mode has no aws-auth ConfigMap: without this entry the nodes cannot join.
        new aws.eks.AccessEntry(
            `${name}-node-access`,
            { clusterName: args.eksClusterName, principalArn: nodeRole.arn, type: "EC2_LINUX" },
            { ...child, dependsOn: nodePolicies },
        );

        const queue = new aws.sqs.Queue(
            `${name}-interruption-queue`,
            { name: args.clusterName, messageRetentionSeconds: 300, sqsManagedSseEnabled: true },
            child,
        );
        new aws.sqs.QueuePolicy(
            `${name}-interruption-queue-policy`,
            { queueUrl: queue.url, policy: queue.arn.apply((arn) => JSON.stringify(interruptionQueuePolicy(arn))) },
            child,
        );
        for (const event of INTERRUPTION_EVENTS) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-${event.rule}`,
                {
                    ...fittingName(`${name}-${event.rule}`, ROLE_AND_RULE_NAME_LIMIT),
                    description: `${event.detailType} events for Karpenter in EKS cluster ${args.clusterName}`,
                    eventPattern: JSON.stringify({ source: [event.source], "detail-type": [event.detailType] }),
                },
                child,
            );
            new aws.cloudwatch.EventTarget(
                `${name}-${event.rule}-target`,
                { rule: rule.name, targetId: "KarpenterInterruptionQueueTarget", arn: queue.arn },
                child,
            );
        }

        const controllerRole = new aws.iam.Role(
            `${name}-controller-role`,
            {
                assumeRolePolicy: JSON.stringify(podIdentityTrustPolicy()),
                ...fittingName(`${name}-controller-role`, ROLE_AND_RULE_NAME_LIMIT),
            },
            child,
        );
        new aws.iam.RolePolicy(
            `${name}-controller-policy`,
            {
                role: controllerRole.name,
                policy: pulumi
                    .all([args.accountId, nodeRole.arn, queue.arn])
                    .apply(([accountId, nodeRoleArn, interruptionQueueArn]) =>
                        JSON.stringify(
                            karpenterControllerPolicy({
                                partition: args.partition,
                                region: args.region,
                                accountId,
                                clusterName: args.clusterName,
                                nodeRoleArn,
                                interruptionQueueArn,
                            }),
                        ),
                    ),
            },
            child,
        );
        const association = new aws.eks.PodIdentityAssociation(
            `${name}-pod-identity`,
            {
                clusterName: args.eksClusterName,
                namespace: KARPENTER_IDENTITY.namespace,
                serviceAccount: KARPENTER_IDENTITY.serviceAccount,
                roleArn: controllerRole.arn,
            },
            child,
        );

        // The association's output: the controller's pod must be created after it, or it gets no credentials.
        this.controllerRoleArn = association.roleArn;
        this.nodeRoleName = nodeRole.name;
        this.interruptionQueueName = queue.name;
        this.registerOutputs({
            controllerRoleArn: this.controllerRoleArn,
            nodeRoleName: this.nodeRoleName,
            interruptionQueueName: this.interruptionQueueName,
        });
    }
}
