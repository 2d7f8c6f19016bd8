/** IAM documents for an EKS cluster and its platform add-ons; pure and tested on their own. */

/** An IAM policy document. */
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** One statement of an IAM policy document. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource?: string | string[];
    Principal?: Record<string, string | string[]>;
    Condition?: Record<string, Record<string, string | string[]>>;
}

/** The AWS partition of a region: GovCloud and the isolated regions have their own ARNs. */
export function partitionOf(region: string): string {
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("us-isob-")) return "aws-iso-b";
    if (region.startsWith("us-iso-")) return "aws-iso";
    return "aws";
}

/** An AWS managed policy's ARN, e.g. `managedPolicyArn("aws", "AmazonEKSClusterPolicy")`. */
export function managedPolicyArn(partition: string, name: string): string {
    return `arn:${partition}:iam::aws:policy/${name}`;
}

/** Trust policy letting an AWS service (such as `eks.amazonaws.com`) assume a role. */
export function serviceTrustPolicy(service: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    };
}

/** Trust policy for EKS Pod Identity: the agent assumes the role for a bound service account. */
export function podIdentityTrustPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
            },
        ],
    };
}

/** Facts the add-on policies are scoped by. */
export interface PolicyScope {
    partition: string;
    region: string;
    accountId: string;
    clusterName: string;
    /** Route 53 hosted zones DNS add-ons may change; empty means every zone of the account. */
    route53ZoneIds: readonly string[];
}

function hostedZoneArns(scope: PolicyScope): string[] {
    return scope.route53ZoneIds.length > 0
        ? scope.route53ZoneIds.map((id) => `arn:${scope.partition}:route53:::hostedzone/${id}`)
        : [`arn:${scope.partition}:route53:::hostedzone/*`];
}

/**
 * AWS Load Balancer Controller: reads the network, and creates, changes and deletes only load balancers,
 * target groups and security groups that carry its `elbv2.k8s.aws/cluster` tag.
 */
export function loadBalancerControllerPolicy(scope: PolicyScope): PolicyDocument {
    const owned = { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } };
    const creating = { Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" } };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CreateElbServiceLinkedRole",
                Effect: "Allow",
                Action: "iam:CreateServiceLinkedRole",
                Resource: "*",
                Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
            },
            {
                Sid: "Read",
                Effect: "Allow",
                Action: [
                    "ec2:DescribeAccountAttributes",
                    "ec2:DescribeAddresses",
                    "ec2:DescribeAvailabilityZones",
                    "ec2:DescribeInternetGateways",
                    "ec2:DescribeVpcs",
                    "ec2:DescribeVpcPeeringConnections",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeInstances",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeTags",
                    "ec2:DescribeCoipPools",
                    "ec2:GetCoipPoolUsage",
                    "ec2:DescribeIpamPools",
                    "ec2:GetSecurityGroupsForVpc",
                    "elasticloadbalancing:Describe*",
                    "acm:ListCertificates",
                    "acm:DescribeCertificate",
                    "iam:ListServerCertificates",
                    "iam:GetServerCertificate",
                    "cognito-idp:DescribeUserPoolClient",
                    "waf-regional:GetWebACL",
                    "waf-regional:GetWebACLForResource",
                    "wafv2:GetWebACL",
                    "wafv2:GetWebACLForResource",
                    "shield:GetSubscriptionState",
                    "shield:DescribeProtection",
                ],
                Resource: "*",
            },
            {
                Sid: "CreateSecurityGroups",
                Effect: "Allow",
                Action: "ec2:CreateSecurityGroup",
                Resource: "*",
            },
            {
                Sid: "TagNewSecurityGroups",
                Effect: "Allow",
                Action: "ec2:CreateTags",
                Resource: `arn:${scope.partition}:ec2:*:*:security-group/*`,
                Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...creating },
            },
            {
                Sid: "ManageOwnSecurityGroups",
                Effect: "Allow",
                Action: [
                    "ec2:AuthorizeSecurityGroupIngress",
                    "ec2:RevokeSecurityGroupIngress",
                    "ec2:DeleteSecurityGroup",
                    "ec2:CreateTags",
                    "ec2:DeleteTags",
                ],
                Resource: `arn:${scope.partition}:ec2:*:*:security-group/*`,
                Condition: owned,
            },
            {
                Sid: "CreateLoadBalancers",
                Effect: "Allow",
                Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
                Resource: "*",
                Condition: creating,
            },
            {
                Sid: "ManageListenersAndRules",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:CreateListener",
                    "elasticloadbalancing:DeleteListener",
                    "elasticloadbalancing:CreateRule",
                    "elasticloadbalancing:DeleteRule",
                    "elasticloadbalancing:ModifyListener",
                    "elasticloadbalancing:AddListenerCertificates",
                    "elasticloadbalancing:RemoveListenerCertificates",
                    "elasticloadbalancing:ModifyRule",
                    "elasticloadbalancing:SetWebAcl",
                ],
                Resource: "*",
            },
            {
                Sid: "TagOnCreate",
                Effect: "Allow",
                Action: "elasticloadbalancing:AddTags",
                Resource: [
                    `arn:${scope.partition}:elasticloadbalancing:*:*:targetgroup/*/*`,
                    `arn:${scope.partition}:elasticloadbalancing:*:*:loadbalancer/net/*/*`,
                    `arn:${scope.partition}:elasticloadbalancing:*:*:loadbalancer/app/*/*`,
                ],
                Condition: {
                    StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
                    ...creating,
                },
            },
            {
                Sid: "ManageOwnLoadBalancers",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:ModifyLoadBalancerAttributes",
                    "elasticloadbalancing:SetIpAddressType",
                    "elasticloadbalancing:SetSecurityGroups",
                    "elasticloadbalancing:SetSubnets",
                    "elasticloadbalancing:DeleteLoadBalancer",
                    "elasticloadbalancing:ModifyTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroupAttributes",
                    "elasticloadbalancing:DeleteTargetGroup",
                    "elasticloadbalancing:AddTags",
                    "elasticloadbalancing:RemoveTags",
                ],
                Resource: "*",
                Condition: owned,
            },
            {
                Sid: "RegisterTargets",
                Effect: "Allow",
                Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
                Resource: `arn:${scope.partition}:elasticloadbalancing:*:*:targetgroup/*/*`,
            },
        ],
    };
}

/** external-dns: lists zones and records, and changes records only in the configured zones. */
export function externalDnsPolicy(scope: PolicyScope): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: "route53:ChangeResourceRecordSets", Resource: hostedZoneArns(scope) },
            {
                Effect: "Allow",
                Action: ["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                Resource: "*",
            },
        ],
    };
}

/** cert-manager (DNS-01 through Route 53): TXT records in the configured zones, and the change status. */
export function certManagerPolicy(scope: PolicyScope): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: "route53:GetChange", Resource: `arn:${scope.partition}:route53:::change/*` },
            {
                Effect: "Allow",
                Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
                Resource: hostedZoneArns(scope),
                Condition: { "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } },
            },
            { Effect: "Allow", Action: "route53:ListHostedZonesByName", Resource: "*" },
        ],
    };
}

/**
 * external-secrets: reads only the Secrets Manager secrets and SSM parameters under the cluster's own prefix
 * (`<cluster>/...`), so one cluster cannot read another's.
 */
export function externalSecretsPolicy(scope: PolicyScope): PolicyDocument {
    const { partition, region, accountId, clusterName } = scope;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: [
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:ListSecretVersionIds",
                ],
                Resource: `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${clusterName}/*`,
            },
            {
                Effect: "Allow",
                Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
                Resource: `arn:${partition}:ssm:${region}:${accountId}:parameter/${clusterName}/*`,
            },
        ],
    };
}

/** A platform add-on that calls AWS APIs, with the Kubernetes service account its role is bound to. */
export interface AddonIdentity {
    /** Add-on name, used in resource names and GitOps bridge keys. */
    name: string;
    namespace: string;
    serviceAccount: string;
    policy(scope: PolicyScope): PolicyDocument;
}

/** The platform add-ons that get an IAM role through EKS Pod Identity. */
export const PLATFORM_ADDON_IDENTITIES: readonly AddonIdentity[] = [
    {
        name: "aws-load-balancer-controller",
        namespace: "kube-system",
        serviceAccount: "aws-load-balancer-controller",
        policy: loadBalancerControllerPolicy,
    },
    { name: "external-dns", namespace: "external-dns", serviceAccount: "external-dns", policy: externalDnsPolicy },
    { name: "cert-manager", namespace: "cert-manager", serviceAccount: "cert-manager", policy: certManagerPolicy },
    {
        name: "external-secrets",
        namespace: "external-secrets",
        serviceAccount: "external-secrets",
        policy: externalSecretsPolicy,
    },
];
