import { strict as assert } from "assert";
import * as fs from "fs";
import {
    BEYOND_UPSTREAM,
    PolicyDocument,
    PolicyScope,
    certManagerPolicy,
    externalDnsPolicy,
    externalSecretsPolicy,
    loadBalancerControllerPolicy,
} from "../../../../components/cluster/eks/iam";
import {
    KARPENTER_NODE_POLICIES,
    NODE_POLICIES_NOT_GRANTED,
    karpenterControllerPolicy,
} from "../../../../components/cluster/eks/karpenter";
import { describeWithReference } from "../../../reference";
import {
    actionMatches,
    allowedOnlyBy,
    allowingStatements,
    describeRequests,
    isAllowed,
    requestUniverse,
    resourceMatches,
} from "./iamModel";
import {
    UPSTREAM_KARPENTER_NODE_POLICIES,
    upstreamCertManagerPolicy,
    upstreamExternalDnsPolicy,
    upstreamExternalSecretsPolicy,
    upstreamKarpenterControllerPolicy,
} from "./upstreamPolicies";

const SAMPLES = { accountId: "123456789012", region: "eu-west-1" };
const scope = (extra: Partial<PolicyScope> = {}): PolicyScope => ({
    partition: "aws",
    region: SAMPLES.region,
    accountId: SAMPLES.accountId,
    clusterName: "dev-eks",
    route53ZoneIds: [],
    ...extra,
});

/**
 * Ours allows every request of the universe upstream allows, and whatever more it allows comes from a statement
 * whose reason is written in BEYOND_UPSTREAM.
 */
function assertSameGrants(ours: PolicyDocument, upstream: PolicyDocument): void {
    const universe = requestUniverse([ours, upstream], SAMPLES);
    const missing = allowedOnlyBy(upstream, ours, universe);
    assert.equal(missing.length, 0, `upstream allows, ours does not:\n${describeRequests(missing)}`);
    const unexplained = allowedOnlyBy(ours, upstream, universe).filter(
        (request) => !allowingStatements(ours, request).some((s) => s.Sid !== undefined && s.Sid in BEYOND_UPSTREAM),
    );
    assert.equal(
        unexplained.length,
        0,
        `ours allows beyond upstream, with no reason:\n${describeRequests(unexplained)}`,
    );
}

describe("IAM evaluation model", () => {
    const request = (action: string, resource: string, context = {}) => ({ action, resource, context });

    it("matches actions case-insensitively with wildcards, resources per ARN segment", () => {
        assert.ok(actionMatches("elasticloadbalancing:Describe*", "ElasticLoadBalancing:DescribeTags"));
        assert.ok(!actionMatches("ec2:Describe*", "ec2:CreateTags"));
        assert.ok(resourceMatches("arn:aws:ec2:*:*:security-group/*", "arn:aws:ec2:eu-west-1:1:security-group/sg-1"));
        assert.ok(!resourceMatches("arn:aws:ec2:*:*:security-group/*", "arn:aws:ec2:eu-west-1:1:subnet/subnet-1"));
        assert.ok(!resourceMatches("arn:aws:ec2:*", "arn:aws:ec2:eu-west-1:1:subnet/subnet-1"), "one segment only");
        assert.ok(
            !resourceMatches(
                "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
                "arn:aws:elasticloadbalancing:r:1:listener/app/a/b/c",
            ),
        );
    });

    it("evaluates Null, StringEquals and ForAllValues as IAM does, and Deny over Allow", () => {
        const policy: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: "x:Tag",
                    Resource: "*",
                    Condition: { Null: { "aws:ResourceTag/owner": "false" } },
                },
                {
                    Effect: "Allow",
                    Action: "x:Create",
                    Resource: "*",
                    Condition: { StringEquals: { "x:Kind": ["a", "b"] } },
                },
                {
                    Effect: "Allow",
                    Action: "x:Change",
                    Resource: "*",
                    Condition: { "ForAllValues:StringEquals": { "x:Types": ["TXT"] } },
                },
                { Effect: "Deny", Action: "x:Create", Resource: "*", Condition: { StringEquals: { "x:Kind": "b" } } },
            ],
        };
        assert.ok(isAllowed(policy, request("x:Tag", "r", { "AWS:ResourceTag/owner": "me" })), "keys in any case");
        assert.ok(!isAllowed(policy, request("x:Tag", "r")), "Null false needs the key");
        assert.ok(isAllowed(policy, request("x:Create", "r", { "x:Kind": "a" })));
        assert.ok(!isAllowed(policy, request("x:Create", "r", { "x:Kind": "b" })), "explicit Deny wins");
        assert.ok(!isAllowed(policy, request("x:Create", "r")), "StringEquals needs the key");
        assert.ok(isAllowed(policy, request("x:Change", "r", { "x:Types": ["TXT", "TXT"] })));
        assert.ok(!isAllowed(policy, request("x:Change", "r", { "x:Types": ["TXT", "A"] })));
        assert.ok(isAllowed(policy, request("x:Change", "r")), "ForAllValues holds on an absent key");
        assert.ok(!isAllowed(policy, request("x:Other", "r")), "implicit deny");
    });

    it("refuses what it does not model", () => {
        const policy = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", NotAction: "x:A", Action: [], Resource: "*" }],
        } as unknown as PolicyDocument;
        assert.throws(() => isAllowed(policy, request("x:B", "r")), /NotAction is not modelled/);
        const numeric: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: "x:A", Resource: "*", Condition: { NumericLessThan: { "x:N": "3" } } },
            ],
        };
        assert.throws(() => isAllowed(numeric, request("x:A", "r")), /NumericLessThan is not modelled/);
    });

    it("shows a broader wildcard as requests upstream does not allow", () => {
        const upstream: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "elasticloadbalancing:DescribeTags", Resource: "*" }],
        };
        const broad: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "elasticloadbalancing:Describe*", Resource: "*" }],
        };
        const extra = allowedOnlyBy(broad, upstream, requestUniverse([broad, upstream], SAMPLES));
        assert.ok(extra.length > 0 && extra.every((r) => r.action === "elasticloadbalancing:DescribeSomethingElse"));
    });
});

describeWithReference(
    "AWS Load Balancer Controller policy against upstream v3.5.0",
    ["aws-load-balancer-controller-chart-3.5.0/iam_policy.json"],
    ([file]) => {
        const upstream = JSON.parse(fs.readFileSync(file, "utf8")) as PolicyDocument;

        it("allows every request upstream allows, and nothing more without a reason", () =>
            assertSameGrants(loadBalancerControllerPolicy(scope()), upstream));

        it("lets the controller open node security groups, tag listeners and rules, and set rule priorities", () => {
            const ours = loadBalancerControllerPolicy(scope());
            const lb = "arn:aws:elasticloadbalancing:eu-west-1:123456789012";
            for (const [action, resource] of [
                ["ec2:AuthorizeSecurityGroupIngress", "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-nodes"],
                ["elasticloadbalancing:AddTags", `${lb}:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2`],
                ["elasticloadbalancing:AddTags", `${lb}:listener-rule/net/web/50dc6c495c0c9188/f2f7dc8efc522ab2`],
                ["elasticloadbalancing:SetRulePriorities", "*"],
                ["ec2:DescribeRouteTables", "*"],
                ["wafv2:AssociateWebACL", "*"],
                ["shield:CreateProtection", "*"],
            ]) {
                assert.ok(isAllowed(ours, { action, resource, context: {} }), `${action} on ${resource}`);
            }
            assert.ok(
                !isAllowed(ours, {
                    action: "elasticloadbalancing:DeleteLoadBalancer",
                    resource: `${lb}:loadbalancer/app/theirs/50dc6c495c0c9188`,
                    context: {},
                }),
                "a load balancer without the controller's tag is not its to delete",
            );
        });

        it("uses the partition of the cluster's region in every ARN", () => {
            const text = JSON.stringify(loadBalancerControllerPolicy(scope({ partition: "aws-us-gov" })));
            assert.ok(!text.includes("arn:aws:"), text);
        });
    },
);

describe("add-on policies against the upstream policies they follow", () => {
    const zones = { route53ZoneIds: ["Z0123456789ABC", "Z0987654321XYZ"] };

    for (const [name, ours, upstream] of [
        ["external-dns", externalDnsPolicy, upstreamExternalDnsPolicy],
        ["cert-manager", certManagerPolicy, upstreamCertManagerPolicy],
        ["external-secrets", externalSecretsPolicy, upstreamExternalSecretsPolicy],
    ] as const) {
        it(`${name}: every zone, as upstream`, () => assertSameGrants(ours(scope()), upstream(scope())));
        it(`${name}: narrowed to the configured zones`, () =>
            assertSameGrants(ours(scope(zones)), upstream(scope(zones))));
    }

    it("keeps DNS changes out of unlisted zones and cert-manager to TXT records", () => {
        const zone = (id: string) => `arn:aws:route53:::hostedzone/${id}`;
        const change = (types: string[], id = "Z0123456789ABC") => ({
            action: "route53:ChangeResourceRecordSets",
            resource: zone(id),
            context: { "route53:ChangeResourceRecordSetsRecordTypes": types },
        });
        const dns = externalDnsPolicy(scope(zones));
        const certs = certManagerPolicy(scope(zones));
        assert.ok(isAllowed(dns, change(["A", "TXT"])));
        assert.ok(!isAllowed(dns, change(["A"], "ZOTHERZONE")));
        assert.ok(isAllowed(certs, change(["TXT"])));
        assert.ok(!isAllowed(certs, change(["TXT", "A"])));
    });

    it("reads only the cluster's own secrets and parameters", () => {
        const policy = externalSecretsPolicy(scope());
        const arn = (service: string, rest: string) => `arn:aws:${service}:eu-west-1:123456789012:${rest}`;
        const read = (action: string, resource: string) => isAllowed(policy, { action, resource, context: {} });
        assert.ok(read("secretsmanager:GetSecretValue", arn("secretsmanager", "secret:dev-eks/db-AbCdEf")));
        assert.ok(!read("secretsmanager:GetSecretValue", arn("secretsmanager", "secret:prod-eks/db-AbCdEf")));
        assert.ok(read("ssm:GetParameter", arn("ssm", "parameter/dev-eks/db")));
        assert.ok(!read("ssm:GetParameter", arn("ssm", "parameter/prod-eks/db")));
        assert.ok(!read("secretsmanager:PutSecretValue", arn("secretsmanager", "secret:dev-eks/db-AbCdEf")));
    });

    it("gives every statement beyond upstream a reason", () => {
        for (const [sid, reason] of Object.entries(BEYOND_UPSTREAM)) assert.ok(reason.length > 20, sid);
    });
});

describe("Karpenter's controller policy against upstream's v1.14 CloudFormation template", () => {
    const karpenter = {
        partition: "aws",
        region: SAMPLES.region,
        accountId: SAMPLES.accountId,
        clusterName: "dev-eks",
        nodeRoleArn: "arn:aws:iam::123456789012:role/karpenter-node-dev-eks-eu-west-1",
        interruptionQueueArn: "arn:aws:sqs:eu-west-1:123456789012:dev-eks",
    };
    const ours = karpenterControllerPolicy(karpenter);
    const ec2 = (rest: string) => `arn:aws:ec2:eu-west-1:123456789012:${rest}`;
    const call = (action: string, resource: string, context = {}) => isAllowed(ours, { action, resource, context });

    it("allows every request upstream allows, and nothing more", () =>
        assertSameGrants(ours, upstreamKarpenterControllerPolicy(karpenter)));

    it("launches and terminates only this cluster's NodePool instances, and passes only its node role", () => {
        const launchTags = {
            "aws:RequestTag/kubernetes.io/cluster/dev-eks": "owned",
            "aws:RequestTag/eks:eks-cluster-name": "dev-eks",
            "aws:RequestTag/karpenter.sh/nodepool": "system",
        };
        assert.ok(call("ec2:RunInstances", ec2("instance/i-1"), launchTags));
        assert.ok(
            !call("ec2:RunInstances", ec2("instance/i-1"), {
                ...launchTags,
                "aws:RequestTag/kubernetes.io/cluster/dev-eks": undefined,
                "aws:RequestTag/kubernetes.io/cluster/prod-eks": "owned",
            }),
            "another cluster's instance",
        );
        const ownedInstance = {
            "aws:ResourceTag/kubernetes.io/cluster/dev-eks": "owned",
            "aws:ResourceTag/karpenter.sh/nodepool": "system",
        };
        assert.ok(call("ec2:TerminateInstances", ec2("instance/i-1"), ownedInstance));
        assert.ok(
            !call("ec2:TerminateInstances", ec2("instance/i-managed"), {
                "aws:ResourceTag/kubernetes.io/cluster/dev-eks": "owned",
            }),
            "a managed node group's instance carries no NodePool tag",
        );
        const passed = { "iam:PassedToService": "ec2.amazonaws.com" };
        assert.ok(call("iam:PassRole", karpenter.nodeRoleArn, passed));
        assert.ok(!call("iam:PassRole", "arn:aws:iam::123456789012:role/admin", passed));
        assert.ok(call("sqs:ReceiveMessage", karpenter.interruptionQueueArn));
        assert.ok(!call("sqs:ReceiveMessage", "arn:aws:sqs:eu-west-1:123456789012:other"));
    });

    it("fits one inline role policy (IAM allows 10,240 characters without whitespace per role)", () => {
        const long = karpenterControllerPolicy({ ...karpenter, clusterName: "a".repeat(32), region: "ap-southeast-4" });
        assert.ok(JSON.stringify(long).length <= 10240, String(JSON.stringify(long).length));
    });

    it("gives the nodes upstream's node role policies, less the ones written down with a reason", () => {
        assert.deepEqual(
            [...KARPENTER_NODE_POLICIES].sort(),
            UPSTREAM_KARPENTER_NODE_POLICIES.filter((p) => !(p in NODE_POLICIES_NOT_GRANTED)).sort(),
        );
        for (const left of Object.keys(NODE_POLICIES_NOT_GRANTED))
            assert.ok(UPSTREAM_KARPENTER_NODE_POLICIES.includes(left), `${left} is not upstream's`);
    });

    it("uses the partition of the cluster's region in every ARN it builds", () => {
        const text = JSON.stringify(karpenterControllerPolicy({ ...karpenter, partition: "aws-us-gov" }));
        assert.ok(
            !text.replace(karpenter.nodeRoleArn, "").replace(karpenter.interruptionQueueArn, "").includes("arn:aws:"),
        );
    });
});
