import { strict as assert } from "assert";
import type { PolicyDocument, PolicyStatement } from "../../../../components/cluster/eks/iam";
import { KARPENTER_NODE_POLICIES, interruptionQueuePolicy } from "../../../../components/cluster/eks/karpenter";
import { Rendered, awsCluster, baseConfig, renderConfig } from "../../../helpers";
import { isAllowed } from "./iamModel";
import { UPSTREAM_KARPENTER_INTERRUPTION } from "./upstreamPolicies";

type Inputs = Record<string, unknown>;

async function renderDev(addons?: Record<string, boolean>): Promise<Rendered> {
    return renderConfig({
        ...baseConfig(),
        "gitops-platform:clusters": [awsCluster({ name: "dev-eks", region: "eu-west-1" })],
        ...(addons ? { "gitops-platform:addons": addons } : {}),
    });
}

describe("Karpenter's AWS side of an EKS cluster", () => {
    let r: Rendered;
    before(async () => (r = await renderDev()));

    it("gives its nodes a role of a name Git can know, with upstream's node policies and an EC2_LINUX access entry", () => {
        const role = r.named("dev-eks-karpenter-node-role");
        assert.equal(role.inputs.name, "karpenter-node-dev-eks-eu-west-1");
        assert.equal(
            JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal.Service,
            "ec2.amazonaws.com",
        );
        const attached = r
            .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter((a) => a.inputs.role === "karpenter-node-dev-eks-eu-west-1")
            .map((a) => String(a.inputs.policyArn).split("/").pop());
        assert.deepEqual(attached.sort(), [...KARPENTER_NODE_POLICIES].sort());
        const entry = r.named("dev-eks-karpenter-node-access");
        assert.equal(entry.inputs.type, "EC2_LINUX");
        assert.equal(entry.inputs.principalArn, "arn:aws:iam::123456789012:role/karpenter-node-dev-eks-eu-west-1");
        assert.equal(entry.inputs.clusterName, "dev-eks");
    });

    it("makes upstream's interruption queue and its five EventBridge rules, each sending to the queue", () => {
        const queue = r.named("dev-eks-karpenter-interruption-queue");
        assert.equal(queue.inputs.name, "dev-eks");
        assert.equal(
            queue.inputs.messageRetentionSeconds,
            UPSTREAM_KARPENTER_INTERRUPTION.queue.MessageRetentionPeriod,
        );
        assert.equal(queue.inputs.sqsManagedSseEnabled, UPSTREAM_KARPENTER_INTERRUPTION.queue.SqsManagedSseEnabled);
        const queueArn = "arn:aws:sqs:mock:123456789012:dev-eks";
        const rules = r.ofType("aws:cloudwatch/eventRule:EventRule");
        assert.deepEqual(
            rules
                .map((rule) => JSON.parse(rule.inputs.eventPattern as string))
                .sort((a, b) => (a["detail-type"][0] < b["detail-type"][0] ? -1 : 1)),
            [...UPSTREAM_KARPENTER_INTERRUPTION.rules].sort((a, b) =>
                a["detail-type"][0] < b["detail-type"][0] ? -1 : 1,
            ),
        );
        const targets = r.ofType("aws:cloudwatch/eventTarget:EventTarget");
        assert.equal(targets.length, rules.length);
        for (const target of targets) {
            assert.equal(target.inputs.arn, queueArn);
            assert.equal(target.inputs.targetId, UPSTREAM_KARPENTER_INTERRUPTION.targetId);
            assert.ok(
                rules.some((rule) => rule.name === `${target.name.replace(/-target$/, "")}`),
                target.name,
            );
        }
    });

    it("lets EventBridge send to the queue and refuses any use of it without TLS", () => {
        const policy: { Statement: (PolicyStatement & { Principal: { Service: string[] } })[] } = JSON.parse(
            r.named("dev-eks-karpenter-interruption-queue-policy").inputs.policy as string,
        );
        assert.deepEqual(policy, interruptionQueuePolicy("arn:aws:sqs:mock:123456789012:dev-eks"));
        const allow = policy.Statement.find((s) => s.Effect === "Allow")!;
        assert.deepEqual([...allow.Principal.Service].sort(), UPSTREAM_KARPENTER_INTERRUPTION.queueSenders);
        // The Deny statement as an identity policy: the model evaluates its condition as IAM does.
        const deny: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [{ ...policy.Statement[1], Principal: undefined, Effect: "Allow" }],
        };
        const request = (secure: string) => ({
            action: "sqs:ReceiveMessage",
            resource: "arn:aws:sqs:mock:123456789012:dev-eks",
            context: { "aws:SecureTransport": secure },
        });
        assert.ok(isAllowed(deny, request("false")), "the Deny applies to plain HTTP");
        assert.ok(!isAllowed(deny, request("true")), "and not to TLS");
    });

    it("binds the controller's role to kube-system/karpenter, with the node role and queue in its policy", () => {
        const association = r
            .ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation")
            .find((a) => a.inputs.serviceAccount === "karpenter")!;
        assert.equal(association.inputs.namespace, "kube-system");
        assert.equal(association.inputs.roleArn, "arn:aws:iam::123456789012:role/dev-eks-karpenter-controller-role");
        const policy = JSON.parse(r.named("dev-eks-karpenter-controller-policy").inputs.policy as string);
        const sid = (id: string) => policy.Statement.find((s: Inputs) => s.Sid === id);
        assert.equal(
            sid("AllowPassingInstanceRole").Resource,
            "arn:aws:iam::123456789012:role/karpenter-node-dev-eks-eu-west-1",
        );
        assert.equal(sid("AllowInterruptionQueueActions").Resource, "arn:aws:sqs:mock:123456789012:dev-eks");
    });

    it("tells the karpenter ApplicationSet its role, namespace, node role and queue through the cluster Secret", () => {
        const metadata = (r.result.outputs.clusterMetadata as Record<string, { annotations: Inputs }>)["dev-eks"];
        assert.equal(
            metadata.annotations.karpenter_iam_role_arn,
            "arn:aws:iam::123456789012:role/dev-eks-karpenter-controller-role",
        );
        assert.equal(metadata.annotations.karpenter_service_account, "karpenter");
        assert.equal(metadata.annotations.karpenter_node_role, "karpenter-node-dev-eks-eu-west-1");
        assert.equal(metadata.annotations.karpenter_interruption_queue, "dev-eks");
    });

    it("writes the cluster Secret only after every Pod Identity association exists", () => {
        // Pod Identity gives credentials only to pods created after their association: the Secret starts the
        // add-ons' ApplicationSets, so it must wait for the associations, not only for the roles.
        const secret = r
            .ofType("kubernetes:core/v1:Secret")
            .find((s) => (s.inputs as { metadata: { labels?: Inputs } }).metadata.labels?.cluster_name === "dev-eks")!;
        const associations = r.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation").map((a) => a.name);
        assert.ok(associations.includes("dev-eks-karpenter-pod-identity"));
        for (const association of associations) assert.ok(secret.dependencies.includes(association), association);
    });

    it("makes none of it, and switches its NodePools off too, with addons.karpenter false", async () => {
        const off = await renderDev({ karpenter: false });
        assert.equal(off.ofType("gitops-platform:cluster:KarpenterInfrastructure").length, 0);
        assert.ok(
            !off.resources.some((x) => x.name.startsWith("dev-eks-karpenter-") && x.name !== "dev-eks-karpenter-sg"),
        );
        assert.equal(off.ofType("aws:sqs/queue:Queue").length, 0);
        const metadata = (
            off.result.outputs.clusterMetadata as Record<string, { labels: Inputs; annotations: Inputs }>
        )["dev-eks"];
        assert.equal(metadata.labels.enable_karpenter, undefined);
        assert.equal(metadata.labels.enable_karpenter_nodepools, undefined);
        assert.ok(!Object.keys(metadata.annotations).some((key) => key.startsWith("karpenter_")));
    });
});
