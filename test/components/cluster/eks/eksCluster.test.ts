import { strict as assert } from "assert";
import { REDACTED } from "../../../../render/engine";
import { EKS_ADDON_DEFAULT_VERSIONS } from "../../../../components/cluster/eks/addonVersions";
import { DEPLOYER_CIDR, Rendered, TEST_DEPLOYER_ROLE, awsCluster, baseConfig, renderConfig } from "../../../helpers";

type Inputs = Record<string, unknown>;
const cluster = (extra: Inputs = {}) => awsCluster({ name: "dev-eks", region: "eu-west-1", ...extra });

async function renderEks(clusterExtra: Inputs = {}, environment = "dev"): Promise<Rendered> {
    return renderConfig({
        ...baseConfig(),
        "gitops-platform:environment": environment,
        "gitops-platform:clusters": [cluster(clusterExtra)],
    });
}

describe("EksCluster", () => {
    describe("with defaults (dev)", () => {
        let r: Rendered;
        before(async () => (r = await renderEks()));
        const eks = () =>
            r.named("dev-eks-eks").inputs as Inputs & {
                vpcConfig: Inputs;
                encryptionConfig: Inputs;
                accessConfig: Inputs;
            };

        it("opens the public endpoint only to the listed CIDRs, which admit the deployer; private endpoint on", () => {
            assert.equal(eks().vpcConfig.endpointPrivateAccess, true);
            assert.equal(eks().vpcConfig.endpointPublicAccess, true);
            assert.deepEqual(eks().vpcConfig.publicAccessCidrs, [DEPLOYER_CIDR]);
            assert.equal(r.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").length, 0);
        });

        it("leaves deletion protection off outside prod", () => assert.equal(eks().deletionProtection, false));

        it("encrypts secrets with a customer-managed KMS key that rotates", () => {
            const key = r.named("dev-eks-secrets");
            assert.equal(key.type, "aws:kms/key:Key");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.deepEqual(eks().encryptionConfig, {
                provider: { keyArn: "arn:aws:kms:mock:123456789012:key/dev-eks-secrets" },
                resources: ["secrets"],
            });
        });

        it("logs api, audit and authenticator events, with bounded retention", () => {
            assert.deepEqual(eks().enabledClusterLogTypes, ["api", "audit", "authenticator"]);
            const logs = r.named("dev-eks-control-plane");
            assert.equal(logs.inputs.name, "/aws/eks/dev-eks/cluster");
            assert.equal(logs.inputs.retentionInDays, 14);
            assert.ok(r.named("dev-eks-eks").dependsOn.includes("dev-eks-control-plane"));
        });

        it("uses access entries only, with no implicit creator admin, on standard support", () => {
            assert.deepEqual(eks().accessConfig, {
                authenticationMode: "API",
                bootstrapClusterCreatorAdminPermissions: false,
            });
            assert.deepEqual(eks().upgradePolicy, { supportType: "STANDARD" });
            assert.equal(eks().version, "1.35");
        });

        it("gives the configured deployer role an admin access entry", () => {
            assert.equal(r.named("dev-eks-access-deployer").inputs.principalArn, TEST_DEPLOYER_ROLE);
            const admin = r.named("dev-eks-admin-deployer");
            assert.equal(admin.inputs.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
            assert.deepEqual(admin.inputs.accessScope, { type: "cluster" });
            assert.deepEqual(admin.dependsOn, ["dev-eks-access-deployer"]);
        });

        it("builds a VPC across three zones with one NAT gateway", () => {
            assert.equal(r.ofType("aws:ec2/vpc:Vpc").length, 1);
            assert.equal(r.named("dev-eks-vpc").inputs.cidrBlock, "10.0.0.0/16");
            const subnets = r.ofType("aws:ec2/subnet:Subnet");
            assert.deepEqual(
                subnets.map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZoneId]),
                [
                    ["dev-eks-public-0", "10.0.192.0/22", "mock1-az1"],
                    ["dev-eks-public-1", "10.0.196.0/22", "mock1-az2"],
                    ["dev-eks-public-2", "10.0.200.0/22", "mock1-az3"],
                    ["dev-eks-private-0", "10.0.0.0/19", "mock1-az1"],
                    ["dev-eks-private-1", "10.0.32.0/19", "mock1-az2"],
                    ["dev-eks-private-2", "10.0.64.0/19", "mock1-az3"],
                ],
            );
            // Zones looked up at creation stay in state: a shifted lookup must not replace subnets.
            for (const subnet of subnets)
                assert.deepEqual(r.result.options[subnet.name]?.ignoreChanges, ["availabilityZoneId"]);
            assert.equal(r.ofType("aws:ec2/natGateway:NatGateway").length, 1);
            for (let i = 0; i < 3; i++) {
                const routes = r.named(`dev-eks-private-${i}-routes`).inputs.routes as Inputs[];
                assert.deepEqual(routes, [{ cidrBlock: "0.0.0.0/0", natGatewayId: "dev-eks-nat-0-id" }]);
            }
        });

        it("tags subnets for the load balancer controller and Karpenter", () => {
            const tags = (name: string) => r.named(name).inputs.tags as Record<string, string>;
            assert.equal(tags("dev-eks-public-0")["kubernetes.io/role/elb"], "1");
            assert.equal(tags("dev-eks-private-0")["kubernetes.io/role/internal-elb"], "1");
            assert.equal(tags("dev-eks-private-0")["karpenter.sh/discovery"], "dev-eks");
            assert.equal(tags("dev-eks-public-0")["karpenter.sh/discovery"], undefined);
            assert.deepEqual(r.named("dev-eks-karpenter-sg").inputs, {
                key: "karpenter.sh/discovery",
                resourceId: "sg-dev-eks-eks",
                value: "dev-eks",
            });
        });

        it("puts the control plane and nodes in private subnets", () => {
            const privateIds = ["dev-eks-private-0-id", "dev-eks-private-1-id", "dev-eks-private-2-id"];
            assert.deepEqual(eks().vpcConfig.subnetIds, privateIds);
            for (const group of r.ofType("aws:eks/nodeGroup:NodeGroup"))
                assert.deepEqual(group.inputs.subnetIds, privateIds);
        });

        it("launches nodes with IMDSv2 required, hop limit 1, encrypted volumes and no SSH", () => {
            const template = r.named("dev-eks-system-template").inputs;
            assert.deepEqual(template.metadataOptions, {
                httpEndpoint: "enabled",
                httpPutResponseHopLimit: 1,
                httpTokens: "required",
            });
            const ebs = (template.blockDeviceMappings as { ebs: Inputs }[])[0].ebs;
            assert.equal(ebs.encrypted, "true");
            assert.equal(template.keyName, undefined);
            const group = r.named("dev-eks-system").inputs;
            assert.equal(group.remoteAccess, undefined);
            assert.deepEqual(group.launchTemplate, { id: "dev-eks-system-template-id", version: "1" });
            assert.equal(group.diskSize, undefined, "disk size comes from the launch template");
        });

        it("sizes the default pool from config defaults", () => {
            const group = r.named("dev-eks-system").inputs;
            assert.deepEqual(group.scalingConfig, { desiredSize: 2, maxSize: 4, minSize: 2 });
            assert.deepEqual(group.instanceTypes, ["m6i.large"]);
            assert.equal(group.capacityType, "ON_DEMAND");
            assert.equal(group.amiType, "AL2023_x86_64_STANDARD");
        });

        it("installs the add-ons, network policy on, networking before nodes and the rest after", () => {
            const addons = r.ofType("aws:eks/addon:Addon");
            assert.deepEqual(addons.map((a) => a.inputs.addonName).sort(), [
                "aws-ebs-csi-driver",
                "coredns",
                "eks-pod-identity-agent",
                "kube-proxy",
                "vpc-cni",
            ]);
            assert.equal(eks().bootstrapSelfManagedAddons, false);
            assert.deepEqual(JSON.parse(r.named("dev-eks-vpc-cni").inputs.configurationValues as string), {
                enableNetworkPolicy: "true",
            });
            const nodeDeps = r.named("dev-eks-system").dependsOn;
            for (const addon of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"])
                assert.ok(nodeDeps.includes(`dev-eks-${addon}`));
            for (const addon of ["coredns", "aws-ebs-csi-driver"])
                assert.deepEqual(r.named(`dev-eks-${addon}`).dependsOn, ["dev-eks-system"]);
            // Pinned per Kubernetes minor, never AWS's floating default.
            for (const [addon, version] of Object.entries(EKS_ADDON_DEFAULT_VERSIONS[eks().version as string]))
                assert.equal(r.named(`dev-eks-${addon}`).inputs.addonVersion, version, addon);
            assert.deepEqual(r.named("dev-eks-aws-ebs-csi-driver").inputs.podIdentityAssociations, [
                {
                    roleArn: "arn:aws:iam::123456789012:role/dev-eks-ebs-csi-role",
                    serviceAccount: "ebs-csi-controller-sa",
                },
            ]);
        });

        it("binds IAM roles to the platform add-ons' service accounts with Pod Identity", () => {
            const associations = r.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation");
            assert.deepEqual(
                associations.map((a) => [a.inputs.namespace, a.inputs.serviceAccount, a.inputs.roleArn]),
                [
                    [
                        "kube-system",
                        "aws-load-balancer-controller",
                        "arn:aws:iam::123456789012:role/dev-eks-aws-load-balancer-controller-role",
                    ],
                    ["external-dns", "external-dns", "arn:aws:iam::123456789012:role/dev-eks-external-dns-role"],
                    ["cert-manager", "cert-manager", "arn:aws:iam::123456789012:role/dev-eks-cert-manager-role"],
                    [
                        "external-secrets",
                        "external-secrets",
                        "arn:aws:iam::123456789012:role/dev-eks-external-secrets-role",
                    ],
                    ["kube-system", "karpenter", "arn:aws:iam::123456789012:role/dev-eks-karpenter-controller-role"],
                ],
            );
            const trust = JSON.parse(r.named("dev-eks-external-dns-role").inputs.assumeRolePolicy as string);
            assert.equal(trust.Statement[0].Principal.Service, "pods.eks.amazonaws.com");
            const secretsPolicy = JSON.parse(r.named("dev-eks-external-secrets-policy").inputs.policy as string);
            assert.equal(
                secretsPolicy.Statement.find((s: { Sid: string }) => s.Sid === "ReadOwnSecrets").Resource,
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev-eks/*",
            );
        });

        it("waits for node groups, cluster DNS and the deployer's access before anything in the cluster", () => {
            const provider = r.named("dev-eks-k8s");
            assert.equal(provider.type, "pulumi:providers:kubernetes");
            assert.deepEqual(provider.dependsOn, [
                "dev-eks-system",
                "dev-eks-coredns",
                "dev-eks-aws-ebs-csi-driver",
                "dev-eks-admin-deployer",
            ]);
        });

        it("hands the kubeconfig only as a secret", () => {
            assert.equal(r.named("dev-eks-k8s").inputs.kubeconfig, REDACTED);
            assert.equal(r.result.outputs.kubeconfigs, REDACTED);
            const everything = r
                .files()
                .map((f) => f.content)
                .join("\n");
            assert.doesNotMatch(everything, /get-token|certificate-authority-data|bW9jayBDQS/);
        });

        it("puts every AWS resource on the cluster's own provider", () => {
            const awsResources = r.resources.filter((x) => x.type.startsWith("aws:"));
            assert.ok(awsResources.length > 40);
            for (const resource of awsResources) assert.equal(resource.provider, "dev-eks-aws", resource.name);
        });

        it("exposes what the GitOps bridge needs", () => {
            const metadata = (
                r.result.outputs.clusterMetadata as Record<string, { labels: Inputs; annotations: Inputs }>
            )["dev-eks"];
            assert.deepEqual(metadata.labels, {
                cloud: "aws",
                environment: "dev",
                cluster_name: "dev-eks",
                // The catalogue's EKS add-ons on by default in dev (kube-prometheus-stack is opt-in there).
                enable_gateway_api_crds: "true",
                enable_metrics_server: "true",
                enable_aws_load_balancer_controller: "true",
                enable_external_dns: "true",
                enable_cert_manager: "true",
                enable_external_secrets: "true",
                enable_karpenter: "true",
                enable_karpenter_nodepools: "true",
            });
            assert.equal(metadata.annotations.aws_account_id, "123456789012");
            assert.equal(metadata.annotations.aws_region, "eu-west-1");
            assert.equal(metadata.annotations.aws_vpc_id, "dev-eks-vpc-id");
            assert.equal(
                metadata.annotations.aws_load_balancer_controller_iam_role_arn,
                "arn:aws:iam::123456789012:role/dev-eks-aws-load-balancer-controller-role",
            );
            assert.equal(metadata.annotations.external_dns_namespace, "external-dns");
            assert.equal(metadata.annotations.cert_manager_service_account, "cert-manager");
            assert.equal(metadata.annotations.karpenter_node_role, "karpenter-node-dev-eks-eu-west-1");
            assert.equal(metadata.annotations.karpenter_interruption_queue, "dev-eks");
            assert.equal(metadata.annotations.karpenter_namespace, "kube-system");
        });
    });

    it("runs one NAT gateway per zone in prod, and keeps the KMS key and logs longer", async () => {
        const r = await renderEks({}, "prod");
        assert.equal(r.ofType("aws:ec2/natGateway:NatGateway").length, 3);
        for (let i = 0; i < 3; i++) {
            const routes = r.named(`dev-eks-private-${i}-routes`).inputs.routes as Inputs[];
            assert.equal(routes[0].natGatewayId, `dev-eks-nat-${i}-id`);
        }
        assert.equal(r.named("dev-eks-secrets").inputs.deletionWindowInDays, 30);
        assert.equal(r.named("dev-eks-control-plane").inputs.retentionInDays, 90);
    });

    it("applies the config overrides", async () => {
        const r = await renderEks({
            kubernetesVersion: "1.36",
            availabilityZoneCount: 2,
            availabilityZoneIds: ["euw1-az3", "euw1-az1"],
            vpcCidr: "10.20.0.0/18",
            natGateways: "perZone",
            endpointPublicAccessCidrs: ["203.0.113.0/24", DEPLOYER_CIDR],
            adminRoleArns: ["arn:aws:iam::123456789012:role/platform-admin"],
            addonVersions: { "vpc-cni": "v1.19.2-eksbuild.1" },
            route53ZoneIds: ["Z0123456789ABC"],
            nodePools: [
                {
                    name: "arm",
                    instanceTypes: ["m7g.large"],
                    minSize: 1,
                    maxSize: 5,
                    desiredSize: 3,
                    capacityType: "SPOT",
                    diskSizeGb: 100,
                    labels: { workload: "batch" },
                    // The one pool must take Karpenter's controller, which tolerates only CriticalAddonsOnly.
                    taints: [{ key: "CriticalAddonsOnly", value: "batch", effect: "NoSchedule" }],
                },
            ],
        });
        const eks = r.named("dev-eks-eks").inputs as Inputs & { vpcConfig: Inputs };
        assert.equal(eks.version, "1.36");
        assert.equal(eks.vpcConfig.endpointPublicAccess, true);
        assert.deepEqual(eks.vpcConfig.publicAccessCidrs, ["203.0.113.0/24", DEPLOYER_CIDR]);
        assert.equal(r.ofType("aws:ec2/subnet:Subnet").length, 4);
        // Zones from config: in the given order, and a config change may move (replace) them.
        assert.equal(r.named("dev-eks-private-0").inputs.availabilityZoneId, "euw1-az3");
        assert.equal(r.named("dev-eks-public-1").inputs.availabilityZoneId, "euw1-az1");
        assert.equal(r.result.options["dev-eks-private-0"]?.ignoreChanges, undefined);
        assert.equal(r.named("dev-eks-private-1").inputs.cidrBlock, "10.20.8.0/21");
        assert.equal(r.ofType("aws:ec2/natGateway:NatGateway").length, 2);
        assert.equal(
            r.named("dev-eks-access-platform-admin").inputs.principalArn,
            "arn:aws:iam::123456789012:role/platform-admin",
        );
        assert.ok(r.named("dev-eks-admin-platform-admin"));
        assert.equal(r.named("dev-eks-vpc-cni").inputs.addonVersion, "v1.19.2-eksbuild.1");
        assert.equal(
            r.named("dev-eks-kube-proxy").inputs.addonVersion,
            EKS_ADDON_DEFAULT_VERSIONS["1.36"]["kube-proxy"],
        );
        const dns = JSON.parse(r.named("dev-eks-external-dns-policy").inputs.policy as string);
        assert.deepEqual(dns.Statement[0].Resource, ["arn:aws:route53:::hostedzone/Z0123456789ABC"]);
        const group = r.named("dev-eks-arm").inputs;
        assert.deepEqual(group.scalingConfig, { desiredSize: 3, maxSize: 5, minSize: 1 });
        assert.equal(group.capacityType, "SPOT");
        assert.equal(group.amiType, "AL2023_ARM_64_STANDARD");
        assert.deepEqual(group.labels, { workload: "batch" });
        assert.deepEqual(group.taints, [{ effect: "NO_SCHEDULE", key: "CriticalAddonsOnly", value: "batch" }]);
        const template = r.named("dev-eks-arm-template").inputs as { blockDeviceMappings: { ebs: Inputs }[] };
        assert.equal(template.blockDeviceMappings[0].ebs.volumeSize, 100);
    });

    it("turns deletion protection on in prod, and lets config turn it off", async () => {
        assert.equal((await renderEks({}, "prod")).named("dev-eks-eks").inputs.deletionProtection, true);
        const off = await renderEks({ deletionProtection: false }, "prod");
        assert.equal(off.named("dev-eks-eks").inputs.deletionProtection, false);
    });

    it("without a configured deployer role, gives the role behind the session the admin entry", async () => {
        const r = await renderEks({ deployerRoleArn: undefined });
        assert.equal(r.named("dev-eks-access-deployer").inputs.principalArn, "arn:aws:iam::123456789012:role/deployer");
    });

    it("with a private endpoint, admits the deployer's private ranges on 443 through the cluster security group", async () => {
        const r = await renderConfig({
            ...baseConfig(),
            "gitops-platform:clusters": [
                cluster({
                    endpointAccess: "private",
                    endpointPublicAccessCidrs: [],
                    existingVpc: { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-0a", "subnet-0b"] },
                }),
            ],
            "gitops-platform:deployer": { privateCidrs: ["10.50.0.0/24", "10.60.0.0/24"] },
        });
        const vpcConfig = r.named("dev-eks-eks").inputs.vpcConfig as Inputs;
        assert.equal(vpcConfig.endpointPublicAccess, false);
        assert.equal(vpcConfig.endpointPrivateAccess, true);
        const rules = r.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assert.deepEqual(
            rules.map((rule) => [
                rule.inputs.cidrIpv4,
                rule.inputs.fromPort,
                rule.inputs.toPort,
                rule.inputs.securityGroupId,
            ]),
            [
                ["10.50.0.0/24", 443, 443, "sg-dev-eks-eks"],
                ["10.60.0.0/24", 443, 443, "sg-dev-eks-eks"],
            ],
        );
    });

    it("uses an existing VPC, tagging its subnets instead of creating a network", async () => {
        const r = await renderEks({
            existingVpc: {
                vpcId: "vpc-0abc",
                privateSubnetIds: ["subnet-0a", "subnet-0b"],
                publicSubnetIds: ["subnet-0c"],
            },
        });
        for (const type of [
            "aws:ec2/vpc:Vpc",
            "aws:ec2/subnet:Subnet",
            "aws:ec2/natGateway:NatGateway",
            "aws:ec2/internetGateway:InternetGateway",
        ]) {
            assert.equal(r.ofType(type).length, 0, type);
        }
        assert.deepEqual((r.named("dev-eks-eks").inputs.vpcConfig as Inputs).subnetIds, ["subnet-0a", "subnet-0b"]);
        const tags = r.ofType("aws:ec2/tag:Tag").filter((t) => String(t.inputs.resourceId).startsWith("subnet-"));
        assert.deepEqual(
            tags.map((t) => [t.inputs.resourceId, t.inputs.key]),
            [
                ["subnet-0a", "kubernetes.io/role/internal-elb"],
                ["subnet-0a", "karpenter.sh/discovery"],
                ["subnet-0b", "kubernetes.io/role/internal-elb"],
                ["subnet-0b", "karpenter.sh/discovery"],
                ["subnet-0c", "kubernetes.io/role/elb"],
            ],
        );
    });

    it("gives clusters in different regions their own providers", async () => {
        const r = await renderConfig({
            ...baseConfig(),
            "gitops-platform:clusters": [cluster(), awsCluster({ name: "us-eks", region: "us-east-1" })],
        });
        assert.equal(r.named("dev-eks-aws").inputs.region, "eu-west-1");
        assert.equal(r.named("us-eks-aws").inputs.region, "us-east-1");
        for (const resource of r.resources.filter((x) => x.type.startsWith("aws:"))) {
            const owner = resource.name.startsWith("us-eks") ? "us-eks-aws" : "dev-eks-aws";
            assert.equal(resource.provider, owner, resource.name);
        }
    });

    it("rejects a public endpoint open to the internet in prod", async () => {
        await assert.rejects(
            renderEks({ endpointPublicAccessCidrs: ["0.0.0.0/0"] }, "prod"),
            /clusters\[0\]\.endpointPublicAccessCidrs\[0\]: given "0\.0\.0\.0\/0"/,
        );
    });

    it("rejects a pool that mixes Graviton and x86 instances", async () => {
        await assert.rejects(
            renderEks({ nodePools: [{ name: "mixed", instanceTypes: ["m7g.large", "m6i.large"] }] }),
            /clusters\[0\]\.nodePools\[0\]\.instanceTypes: .*mixes Graviton/,
        );
    });
});
