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
