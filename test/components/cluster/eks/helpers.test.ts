import { strict as assert } from "assert";
import * as YAML from "yaml";
import { cidrSubnet, eksSubnetLayout } from "../../../../components/cluster/eks/cidr";
import { PLATFORM_ADDON_IDENTITIES, partitionOf, podIdentityTrustPolicy } from "../../../../components/cluster/eks/iam";
import { eksKubeconfig } from "../../../../components/cluster/eks/kubeconfig";
import { amiTypeFor, eksTaintEffect, mixesArchitectures } from "../../../../components/cluster/eks/nodes";

/** [first address, last address] of a CIDR, as numbers. */
function range(cidr: string): [number, number] {
    const [ip, prefix] = cidr.split("/");
    const start = ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    return [start, start + 2 ** (32 - Number(prefix)) - 1];
}

describe("EKS helpers", () => {
    describe("cidrSubnet", () => {
        it("numbers subnets like Terraform's cidrsubnet", () => {
            assert.equal(cidrSubnet("10.0.0.0/16", 3, 0), "10.0.0.0/19");
            assert.equal(cidrSubnet("10.0.0.0/16", 3, 1), "10.0.32.0/19");
            assert.equal(cidrSubnet("10.0.0.0/16", 6, 48), "10.0.192.0/22");
            assert.equal(cidrSubnet("172.16.0.0/20", 3, 7), "172.16.14.0/23");
        });
        it("uses the network address of an unaligned base", () =>
            assert.equal(cidrSubnet("10.0.5.7/16", 8, 1), "10.0.1.0/24"));
        it("refuses subnets that do not exist", () => {
            assert.throws(() => cidrSubnet("10.0.0.0/16", 3, 8), /no subnet number 8/);
            assert.throws(() => cidrSubnet("10.0.0.0/30", 3, 0), /cannot be split/);
            assert.throws(() => cidrSubnet("10.0.0/16", 1, 0), /not an IPv4 CIDR/);
        });
    });

    describe("eksSubnetLayout", () => {
        it("gives a /16 three /19 private and three /22 public subnets", () => {
            assert.deepEqual(eksSubnetLayout("10.0.0.0/16", 3), {
                private: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
                public: ["10.0.192.0/22", "10.0.196.0/22", "10.0.200.0/22"],
            });
        });
        it("keeps every subnet inside the VPC and apart from the others, for every allowed size and zone count", () => {
            for (let prefix = 16; prefix <= 20; prefix++) {
                for (let zones = 2; zones <= 6; zones++) {
                    const vpc = `10.${prefix}.0.0/${prefix}`;
                    const layout = eksSubnetLayout(vpc, zones);
                    const subnets = [...layout.private, ...layout.public];
                    assert.equal(subnets.length, zones * 2);
                    const [vpcStart, vpcEnd] = range(vpc);
                    const ranges = subnets.map(range).sort((a, b) => a[0] - b[0]);
                    ranges.forEach(([start, end], i) => {
                        assert.ok(start >= vpcStart && end <= vpcEnd, `${vpc}: ${subnets} leaves the VPC`);
                        if (i > 0) assert.ok(start > ranges[i - 1][1], `${vpc} with ${zones} zones: subnets overlap`);
                    });
                }
            }
        });
    });

    describe("eksKubeconfig", () => {
        const text = eksKubeconfig({
            clusterName: "dev-eks",
            region: "eu-west-1",
            endpoint: "https://example.eks.amazonaws.com",
            certificateAuthorityData: "Q0E=",
        });
        const kubeconfig = YAML.parse(text);

        it("authenticates with aws eks get-token for the cluster and region", () => {
            const exec = kubeconfig.users[0].user.exec;
            assert.equal(exec.command, "aws");
            assert.deepEqual(exec.args, [
                "eks",
                "get-token",
                "--cluster-name",
                "dev-eks",
                "--region",
                "eu-west-1",
                "--output",
                "json",
            ]);
            assert.equal(exec.apiVersion, "client.authentication.k8s.io/v1beta1");
        });
        it("holds no static credential", () => {
            assert.deepEqual(Object.keys(kubeconfig.users[0].user), ["exec"]);
            assert.doesNotMatch(text, /token:|client-key|password/);
        });
        it("points at the endpoint and CA", () => {
            assert.equal(kubeconfig.clusters[0].cluster.server, "https://example.eks.amazonaws.com");
            assert.equal(kubeconfig.clusters[0].cluster["certificate-authority-data"], "Q0E=");
            assert.equal(kubeconfig["current-context"], "dev-eks");
        });
    });

    describe("node groups", () => {
        it("pick the arm64 AMI for Graviton pools and x86 otherwise", () => {
            assert.equal(amiTypeFor(["m7g.large", "c6gn.xlarge", "t4g.medium"]), "AL2023_ARM_64_STANDARD");
            assert.equal(amiTypeFor(["m6i.large", "m6a.large"]), "AL2023_x86_64_STANDARD");
            assert.equal(amiTypeFor(["g5.xlarge"]), "AL2023_x86_64_STANDARD");
        });
        it("notice pools mixing architectures", () => {
            assert.equal(mixesArchitectures(["m7g.large", "m6i.large"]), true);
            assert.equal(mixesArchitectures(["m7g.large", "r8g.large"]), false);
        });
        it("spell taint effects as the EKS API does", () => {
            assert.equal(eksTaintEffect("NoSchedule"), "NO_SCHEDULE");
            assert.equal(eksTaintEffect("PreferNoSchedule"), "PREFER_NO_SCHEDULE");
            assert.equal(eksTaintEffect("NoExecute"), "NO_EXECUTE");
        });
    });

    describe("IAM", () => {
        it("knows the partition of a region", () => {
            assert.equal(partitionOf("eu-west-1"), "aws");
            assert.equal(partitionOf("us-gov-west-1"), "aws-us-gov");
            assert.equal(partitionOf("us-iso-east-1"), "aws-iso");
            assert.equal(partitionOf("us-isob-east-1"), "aws-iso-b");
        });

        it("lets only EKS Pod Identity assume add-on roles", () => {
            assert.deepEqual(podIdentityTrustPolicy().Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                },
            ]);
        });

        it("binds each platform add-on to its usual service account", () => {
            assert.deepEqual(
                PLATFORM_ADDON_IDENTITIES.map((i) => `${i.namespace}/${i.serviceAccount}`),
                [
                    "kube-system/aws-load-balancer-controller",
                    "external-dns/external-dns",
                    "cert-manager/cert-manager",
                    "external-secrets/external-secrets",
                ],
            );
        });
    });
});
