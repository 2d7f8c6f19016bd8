/**
 * The IAM policies the add-ons' upstreams publish, as test fixtures (the AWS Load Balancer Controller's is read
 * from ../shared/reference instead). Where upstream leaves a placeholder (a zone, a secret prefix), the fixture
 * fills it from the same scope our policy gets, as upstream tells readers to.
 */
import type { PolicyDocument, PolicyScope } from "../../../../components/cluster/eks/iam";

/** Upstream's "every hosted zone" narrowed to the configured zones, as external-dns and cert-manager suggest. */
function zones(scope: PolicyScope): string[] {
    return scope.route53ZoneIds.length > 0
        ? scope.route53ZoneIds.map((id) => `arn:aws:route53:::hostedzone/${id}`)
        : ["arn:aws:route53:::hostedzone/*"];
}

/**
 * external-dns v0.21.0, `docs/tutorials/aws.md` ("IAM Policy"), kubernetes-sigs/external-dns at tag v0.21.0
 * (066a11e2158f87689a01f0ff39493037da958171): "you may fine-tune the policy to permit updates only to explicit
 * Hosted Zone IDs".
 */
export function upstreamExternalDnsPolicy(scope: PolicyScope): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: [
                    "route53:ChangeResourceRecordSets",
                    "route53:ListResourceRecordSets",
                    "route53:ListTagsForResources",
                ],
                Resource: zones(scope),
            },
            { Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: ["*"] },
        ],
    };
}

/**
 * cert-manager, https://cert-manager.io/docs/configuration/acme/dns01/route53/ ("Set up an IAM Policy"): "You can
 * further tighten the policy by limiting the hosted zone that cert-manager has access to".
 */
export function upstreamCertManagerPolicy(scope: PolicyScope): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" },
            {
                Effect: "Allow",
                Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
                Resource: zones(scope),
                Condition: { "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } },
            },
            { Effect: "Allow", Action: "route53:ListHostedZonesByName", Resource: "*" },
        ],
    };
}

/**
 * external-secrets, `docs/provider/aws-secrets-manager.md` ("IAM Policy", the read policy; PushSecret's write
 * permissions are not granted), external-secrets/external-secrets (0153477f97a65bb0140cf4e70b6dac838e2e400c).
 * Upstream's example pins access to secrets matching `dev-*` in one account and region; ours pins the cluster's
 * own prefix.
 */
export function upstreamExternalSecretsPolicy(scope: PolicyScope): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Action: ["secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue"],
                Effect: "Allow",
                Resource: "*",
            },
            {
                Effect: "Allow",
                Action: [
                    "secretsmanager:GetResourcePolicy",
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:ListSecretVersionIds",
                ],
                Resource: [`arn:aws:secretsmanager:${scope.region}:${scope.accountId}:secret:${scope.clusterName}/*`],
            },
        ],
    };
}

/** What upstream's CloudFormation `!Sub` fills in, and the ARNs of the two resources the policies name. */
export interface KarpenterTemplateScope {
    partition: string;
    region: string;
    accountId: string;
    clusterName: string;
    nodeRoleArn: string;
    interruptionQueueArn: string;
}

/**
 * Karpenter v1.14: the controller's six managed policies (NodeLifecycle, IAMIntegration, EKSIntegration,
 * Interruption, ZonalShift, ResourceDiscovery) of
 * `website/content/en/v1.14/getting-started/getting-started-with-karpenter/cloudformation.yaml`,
 * aws/karpenter-provider-aws (blob 2c2ca72301a002c68185979fc4d2c8dab0f9c13a, the same file as the v1.14.1 tag's
 * `website/content/en/docs/...`), merged into one document in template order, with `!Sub` applied.
 */
export function upstreamKarpenterControllerPolicy(scope: KarpenterTemplateScope): PolicyDocument {
    const owned = (key: "ResourceTag" | "RequestTag") => `aws:${key}/kubernetes.io/cluster/${scope.clusterName}`;
    const ec2 = (rest: string) => `arn:${scope.partition}:ec2:${scope.region}:${rest}`;
    const launched = [
        "*:fleet/*",
        "*:instance/*",
        "*:volume/*",
        "*:network-interface/*",
        "*:launch-template/*",
        "*:spot-instances-request/*",
    ].map(ec2);
    const profiles = `arn:${scope.partition}:iam::${scope.accountId}:instance-profile/*`;
    const cluster = `arn:${scope.partition}:eks:${scope.region}:${scope.accountId}:cluster/${scope.clusterName}`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowScopedEC2InstanceAccessActions",
                Effect: "Allow",
                Resource: [
                    ec2(":image/*"),
                    ec2(":snapshot/*"),
                    ec2("*:security-group/*"),
                    ec2("*:subnet/*"),
                    ec2("*:capacity-reservation/*"),
                    ec2("*:placement-group/*"),
                ],
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            },
            {
                Sid: "AllowScopedEC2LaunchTemplateAccessActions",
                Effect: "Allow",
                Resource: ec2("*:launch-template/*"),
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
                Condition: {
                    StringEquals: { [owned("ResourceTag")]: "owned" },
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedEC2InstanceActionsWithTags",
                Effect: "Allow",
                Resource: launched,
                Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
                Condition: {
                    StringEquals: {
                        [owned("RequestTag")]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": scope.clusterName,
                    },
                    StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedResourceCreationTagging",
                Effect: "Allow",
                Resource: launched,
                Action: "ec2:CreateTags",
                Condition: {
                    StringEquals: {
                        [owned("RequestTag")]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": scope.clusterName,
                        "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
                    },
                    StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedResourceTagging",
                Effect: "Allow",
                Resource: ec2("*:instance/*"),
                Action: "ec2:CreateTags",
                Condition: {
                    StringEquals: { [owned("ResourceTag")]: "owned" },
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                    StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": scope.clusterName },
                    "ForAllValues:StringEquals": {
                        "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"],
                    },
                },
            },
            {
                Sid: "AllowScopedDeletion",
                Effect: "Allow",
                Resource: [ec2("*:instance/*"), ec2("*:launch-template/*")],
                Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
                Condition: {
                    StringEquals: { [owned("ResourceTag")]: "owned" },
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                },
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
                Resource: profiles,
                Action: ["iam:CreateInstanceProfile"],
                Condition: {
                    StringEquals: {
                        [owned("RequestTag")]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": scope.clusterName,
                        "aws:RequestTag/topology.kubernetes.io/region": scope.region,
                    },
                    StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileTagActions",
                Effect: "Allow",
                Resource: profiles,
                Action: ["iam:TagInstanceProfile"],
                Condition: {
                    StringEquals: {
                        [owned("ResourceTag")]: "owned",
                        "aws:ResourceTag/topology.kubernetes.io/region": scope.region,
                        [owned("RequestTag")]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": scope.clusterName,
                        "aws:RequestTag/topology.kubernetes.io/region": scope.region,
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
                Resource: profiles,
                Action: [
                    "iam:AddRoleToInstanceProfile",
                    "iam:RemoveRoleFromInstanceProfile",
                    "iam:DeleteInstanceProfile",
                ],
                Condition: {
                    StringEquals: {
                        [owned("ResourceTag")]: "owned",
                        "aws:ResourceTag/topology.kubernetes.io/region": scope.region,
                    },
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
                Condition: { StringEquals: { "aws:RequestedRegion": scope.region } },
            },
            {
                Sid: "AllowSSMReadActions",
                Effect: "Allow",
                Resource: `arn:${scope.partition}:ssm:${scope.region}::parameter/aws/service/*`,
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
                Resource: profiles,
                Action: "iam:GetInstanceProfile",
            },
        ],
    };
}

/** The same template's `KarpenterNodeRole` managed policies. */
export const UPSTREAM_KARPENTER_NODE_POLICIES = [
    "AmazonEKS_CNI_Policy",
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonSSMManagedInstanceCore",
];

/** The same template's EventBridge rules (ScheduledChange, SpotInterruption, Rebalance, InstanceStateChange, CapacityReservationInterruption) and the queue's settings. */
export const UPSTREAM_KARPENTER_INTERRUPTION = {
    rules: [
        { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
        { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
        { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
        { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
        { source: ["aws.ec2"], "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"] },
    ],
    targetId: "KarpenterInterruptionQueueTarget",
    queue: { MessageRetentionPeriod: 300, SqsManagedSseEnabled: true },
    queueSenders: ["events.amazonaws.com", "sqs.amazonaws.com"],
};
