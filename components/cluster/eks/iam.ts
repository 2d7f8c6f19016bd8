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
 * AWS Load Balancer Controller v3.5.0, statement for statement the upstream `docs/install/iam_policy.json` of
 * that tag (the tests compare the two with an IAM evaluation model): it reads the network and certificates,
 * creates load balancers, target groups and security groups only with its `elbv2.k8s.aws/cluster` tag, and
 * changes or deletes only the ones carrying it (listeners, rules, targets, WAF and Shield as upstream allows).
 */
export function loadBalancerControllerPolicy(scope: PolicyScope): PolicyDocument {
    const p = scope.partition;
    const tagged = { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" };
    const taggedOnCreate = { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" };
    // Changing the tags of an owned resource, but never removing or setting the ownership tag itself.
    const retagOwned = { "aws:RequestTag/elbv2.k8s.aws/cluster": "true", ...tagged };
    const loadBalancersAndTargetGroups = [
        `arn:${p}:elasticloadbalancing:*:*:targetgroup/*/*`,
        `arn:${p}:elasticloadbalancing:*:*:loadbalancer/net/*/*`,
        `arn:${p}:elasticloadbalancing:*:*:loadbalancer/app/*/*`,
    ];
    const securityGroups = `arn:${p}:ec2:*:*:security-group/*`;
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
                Sid: "DescribeNetworkAndLoadBalancers",
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
                    "ec2:GetCoipPoolUsage",
                    "ec2:DescribeCoipPools",
                    "ec2:GetSecurityGroupsForVpc",
                    "ec2:DescribeIpamPools",
                    "ec2:DescribeRouteTables",
                    "elasticloadbalancing:DescribeLoadBalancers",
                    "elasticloadbalancing:DescribeLoadBalancerAttributes",
                    "elasticloadbalancing:DescribeListeners",
                    "elasticloadbalancing:DescribeListenerCertificates",
                    "elasticloadbalancing:DescribeSSLPolicies",
                    "elasticloadbalancing:DescribeRules",
                    "elasticloadbalancing:DescribeTargetGroups",
                    "elasticloadbalancing:DescribeTargetGroupAttributes",
                    "elasticloadbalancing:DescribeTargetHealth",
                    "elasticloadbalancing:DescribeTags",
                    "elasticloadbalancing:DescribeTrustStores",
                    "elasticloadbalancing:DescribeListenerAttributes",
                    "elasticloadbalancing:DescribeCapacityReservation",
                ],
                Resource: "*",
            },
            {
                Sid: "CertificatesCognitoWafAndShield",
                Effect: "Allow",
                Action: [
                    "cognito-idp:DescribeUserPoolClient",
                    "acm:ListCertificates",
                    "acm:DescribeCertificate",
                    "iam:ListServerCertificates",
                    "iam:GetServerCertificate",
                    "waf-regional:GetWebACL",
                    "waf-regional:GetWebACLForResource",
                    "waf-regional:AssociateWebACL",
                    "waf-regional:DisassociateWebACL",
                    "wafv2:GetWebACL",
                    "wafv2:GetWebACLForResource",
                    "wafv2:AssociateWebACL",
                    "wafv2:DisassociateWebACL",
                    "shield:GetSubscriptionState",
                    "shield:DescribeProtection",
                    "shield:CreateProtection",
                    "shield:DeleteProtection",
                ],
                Resource: "*",
            },
            {
                // Upstream grants these on every security group: the controller opens the node security groups
                // (which it does not own) to its load balancers' traffic.
                Sid: "OpenNodeSecurityGroups",
                Effect: "Allow",
                Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
                Resource: "*",
            },
            { Sid: "CreateSecurityGroups", Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: "*" },
            {
                Sid: "TagNewSecurityGroups",
                Effect: "Allow",
                Action: "ec2:CreateTags",
                Resource: securityGroups,
                Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, Null: taggedOnCreate },
            },
            {
                Sid: "RetagOwnSecurityGroups",
                Effect: "Allow",
                Action: ["ec2:CreateTags", "ec2:DeleteTags"],
                Resource: securityGroups,
                Condition: { Null: retagOwned },
            },
            {
                Sid: "ManageOwnSecurityGroups",
                Effect: "Allow",
                Action: [
                    "ec2:AuthorizeSecurityGroupIngress",
                    "ec2:RevokeSecurityGroupIngress",
                    "ec2:DeleteSecurityGroup",
                ],
                Resource: "*",
                Condition: { Null: tagged },
            },
            {
                Sid: "CreateTaggedLoadBalancers",
                Effect: "Allow",
                Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
                Resource: "*",
                Condition: { Null: taggedOnCreate },
            },
            {
                Sid: "CreateAndDeleteListenersAndRules",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:CreateListener",
                    "elasticloadbalancing:DeleteListener",
                    "elasticloadbalancing:CreateRule",
                    "elasticloadbalancing:DeleteRule",
                ],
                Resource: "*",
            },
            {
                Sid: "RetagOwnLoadBalancers",
                Effect: "Allow",
                Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
                Resource: loadBalancersAndTargetGroups,
                Condition: { Null: retagOwned },
            },
            {
                Sid: "TagListenersAndRules",
                Effect: "Allow",
                Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
                Resource: [
                    `arn:${p}:elasticloadbalancing:*:*:listener/net/*/*/*`,
                    `arn:${p}:elasticloadbalancing:*:*:listener/app/*/*/*`,
                    `arn:${p}:elasticloadbalancing:*:*:listener-rule/net/*/*/*`,
                    `arn:${p}:elasticloadbalancing:*:*:listener-rule/app/*/*/*`,
                ],
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
                    "elasticloadbalancing:ModifyListenerAttributes",
                    "elasticloadbalancing:ModifyCapacityReservation",
                    "elasticloadbalancing:ModifyIpPools",
                ],
                Resource: "*",
                Condition: { Null: tagged },
            },
            {
                Sid: "TagOnCreate",
                Effect: "Allow",
                Action: "elasticloadbalancing:AddTags",
                Resource: loadBalancersAndTargetGroups,
                Condition: {
                    StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
                    Null: taggedOnCreate,
                },
            },
            {
                Sid: "RegisterTargets",
                Effect: "Allow",
                Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
                Resource: `arn:${p}:elasticloadbalancing:*:*:targetgroup/*/*`,
            },
            {
                Sid: "ModifyListenersAndRules",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:SetWebAcl",
                    "elasticloadbalancing:ModifyListener",
                    "elasticloadbalancing:AddListenerCertificates",
                    "elasticloadbalancing:RemoveListenerCertificates",
                    "elasticloadbalancing:ModifyRule",
                    "elasticloadbalancing:SetRulePriorities",
                ],
                Resource: "*",
            },
        ],
    };
}

/**
 * external-dns v0.21 (its AWS tutorial's policy): lists zones, and lists, tags-reads and changes records only in
 * the configured zones (every zone when none are configured, as upstream).
 */
export function externalDnsPolicy(scope: PolicyScope): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ChangeRecordsInZones",
                Effect: "Allow",
                Action: [
                    "route53:ChangeResourceRecordSets",
                    "route53:ListResourceRecordSets",
                    "route53:ListTagsForResources",
                ],
                Resource: hostedZoneArns(scope),
            },
            { Sid: "ListZones", Effect: "Allow", Action: "route53:ListHostedZones", Resource: "*" },
        ],
    };
}

/**
 * cert-manager DNS-01 through Route 53 (its Route53 issuer docs' policy): TXT records only, in the configured
 * zones, the status of its changes, and finding a zone by name.
 */
export function certManagerPolicy(scope: PolicyScope): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ChangeStatus",
                Effect: "Allow",
                Action: "route53:GetChange",
                Resource: `arn:${scope.partition}:route53:::change/*`,
            },
            {
                Sid: "TxtRecordsInZones",
                Effect: "Allow",
                Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
                Resource: hostedZoneArns(scope),
                Condition: { "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } },
            },
            { Sid: "FindZone", Effect: "Allow", Action: "route53:ListHostedZonesByName", Resource: "*" },
        ],
    };
}

/**
 * Statements of our add-on policies that go beyond the upstream policy they follow, each with its reason. The
 * IAM comparison tests fail on any extra permission whose statement is not listed here.
 */
export const BEYOND_UPSTREAM: Readonly<Record<string, string>> = {
    ReadOwnParameters:
        "external-secrets' Parameter Store provider: read-only, and only parameters under the cluster's own prefix, " +
        "like the Secrets Manager statement upstream documents",
};

/**
 * external-secrets (its AWS Secrets Manager provider docs' read policy): lists secrets and batch-reads (which
 * AWS still checks per secret against GetSecretValue), and reads only the secrets and SSM parameters under the
 * cluster's own prefix (`<cluster>/...`), so one cluster cannot read another's.
 */
export function externalSecretsPolicy(scope: PolicyScope): PolicyDocument {
    const { partition, region, accountId, clusterName } = scope;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ListAndBatchRead",
                Effect: "Allow",
                Action: ["secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue"],
                Resource: "*",
            },
            {
                Sid: "ReadOwnSecrets",
                Effect: "Allow",
                Action: [
                    "secretsmanager:GetResourcePolicy",
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:ListSecretVersionIds",
                ],
                Resource: `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${clusterName}/*`,
            },
            {
                Sid: "ReadOwnParameters",
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
