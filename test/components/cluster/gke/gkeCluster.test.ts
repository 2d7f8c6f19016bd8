import { strict as assert } from "assert";
import * as YAML from "yaml";
import {
    gkeKubeconfig,
    gkeServiceAgent,
    ownSecretsCondition,
    serviceAccountId,
    workloadIdentityMember,
} from "../../../../components/cluster/gke";
import { REDACTED } from "../../../../render/engine";
import { Rendered, baseConfig, renderConfig, renderStack } from "../../../helpers";

type Inputs = Record<string, unknown>;
const gkeCluster = (extra: Inputs = {}) => ({
    name: "prod-gke",
    cloud: "gcp",
    project: "acme-platform",
    region: "europe-west1",
    // Prod requires the zones the DNS add-ons may change.
    cloudDnsZones: ["platform-example-com"],
    ...extra,
});

async function renderGke(extra: Inputs = {}, environment = "prod"): Promise<Rendered> {
    return renderConfig({
        ...baseConfig(),
        "gitops-platform:environment": environment,
        "gitops-platform:clusters": [gkeCluster(extra)],
    });
}

describe("GKE helpers", () => {
    it("builds service account IDs within Google's 6 to 30 characters", () => {
        assert.equal(serviceAccountId("prod-gke", "nodes"), "prod-gke-nodes");
        const long = serviceAccountId("a-very-long-cluster-name-of-32ch", "secrets");
        assert.ok(long.length <= 30 && /^[a-z][a-z0-9-]*[a-z0-9]$/.test(long), long);
        assert.equal(long, "a-very-long-cluster-na-secrets");
        assert.equal(long.length, 30);
    });
    it("names Workload Identity members and the GKE service agent", () => {
        assert.equal(
            workloadIdentityMember("acme", "external-dns", "external-dns"),
            "serviceAccount:acme.svc.id.goog[external-dns/external-dns]",
        );
        assert.equal(gkeServiceAgent("42"), "serviceAccount:service-42@container-engine-robot.iam.gserviceaccount.com");
    });
    it("limits Secret Manager access to the cluster's own secrets", () => {
        assert.deepEqual(ownSecretsCondition("42", "prod-gke"), {
            title: "prod-gke-secrets-only",
            expression: 'resource.name.startsWith("projects/42/secrets/prod-gke-")',
        });
    });
    it("writes a kubeconfig that uses gke-gcloud-auth-plugin and no static token", () => {
        const text = gkeKubeconfig({
            clusterName: "c",
            project: "p",
            location: "europe-west1",
            dnsEndpoint: "gke-0123.europe-west1.gke.goog",
        });
        const config = YAML.parse(text);
        assert.equal(config.clusters[0].cluster.server, "https://gke-0123.europe-west1.gke.goog");
        assert.equal(config.users[0].user.exec.command, "gke-gcloud-auth-plugin");
        assert.deepEqual(Object.keys(config.users[0].user), ["exec"]);
        assert.doesNotMatch(text, /token:|client-key|password|certificate-authority-data/);
    });
});

describe("GkeCluster", () => {
    describe("in prod with defaults", () => {
        let r: Rendered;
        before(async () => (r = await renderGke()));
        const gke = () => r.named("prod-gke-gke").inputs;

        it("is regional, on a release channel, with deletion protection", () => {
            assert.equal(gke().location, "europe-west1");
            assert.deepEqual(gke().releaseChannel, { channel: "REGULAR" });
            assert.equal(gke().minMasterVersion, "1.35");
            assert.equal(gke().deletionProtection, true);
        });

        it("has private nodes and a private endpoint, with no authorized public networks", () => {
            assert.deepEqual(gke().privateClusterConfig, {
                enablePrivateEndpoint: true,
                enablePrivateNodes: true,
                masterIpv4CidrBlock: "172.16.0.0/28",
            });
            assert.deepEqual(gke().masterAuthorizedNetworksConfig, {
                cidrBlocks: [],
                gcpPublicCidrsAccessEnabled: false,
            });
        });

        it("turns on Workload Identity, Dataplane V2 and Shielded Nodes", () => {
            assert.deepEqual(gke().workloadIdentityConfig, { workloadPool: "acme-platform.svc.id.goog" });
            assert.equal(gke().datapathProvider, "ADVANCED_DATAPATH");
            assert.equal(gke().enableShieldedNodes, true);
        });

        it("encrypts secrets with a rotating Cloud KMS key the GKE agent may use", () => {
            const key = r.named("prod-gke-secrets");
            assert.equal(key.inputs.rotationPeriod, "7776000s");
            assert.deepEqual(gke().databaseEncryption, { keyName: "prod-gke-secrets-id", state: "ENCRYPTED" });
            const agent = r.named("prod-gke-secrets-gke-agent").inputs;
            assert.equal(
                agent.member,
                "serviceAccount:service-987654321098@container-engine-robot.iam.gserviceaccount.com",
            );
            assert.equal(agent.role, "roles/cloudkms.cryptoKeyEncrypterDecrypter");
            assert.ok(r.named("prod-gke-gke").dependsOn.includes("prod-gke-secrets-gke-agent"));
        });

        it("turns off legacy ABAC and client certificates, and keeps logging and monitoring on", () => {
            assert.equal(gke().enableLegacyAbac, false);
            assert.deepEqual(gke().masterAuth, { clientCertificateConfig: { issueClientCertificate: false } });
            assert.deepEqual((gke().loggingConfig as Inputs).enableComponents, [
                "SYSTEM_COMPONENTS",
                "APISERVER",
                "WORKLOADS",
            ]);
            assert.deepEqual((gke().monitoringConfig as Inputs).enableComponents, ["SYSTEM_COMPONENTS"]);
        });

        it("removes the default node pool, and ignores the settings that only shaped it", () => {
            assert.equal(gke().removeDefaultNodePool, true);
            assert.equal(gke().initialNodeCount, 1);
            // Once the pool is gone GKE reports no node config: a later diff on these would replace the cluster.
            assert.deepEqual(r.result.options["prod-gke-gke"].ignoreChanges, ["nodeConfig", "initialNodeCount"]);
        });

        it("builds a VPC-native subnet with pod and Service ranges, and Cloud NAT", () => {
            const subnet = r.named("prod-gke-subnet").inputs;
            assert.equal(subnet.ipCidrRange, "10.10.0.0/20");
            assert.equal(subnet.privateIpGoogleAccess, true);
            assert.deepEqual(subnet.secondaryIpRanges, [
                { ipCidrRange: "10.16.0.0/14", rangeName: "pods" },
                { ipCidrRange: "10.20.0.0/20", rangeName: "services" },
            ]);
            assert.equal(gke().subnetwork, "prod-gke-subnet-id");
            assert.deepEqual(gke().ipAllocationPolicy, {
                clusterSecondaryRangeName: "pods",
                servicesSecondaryRangeName: "services",
            });
            assert.equal(r.named("prod-gke-nat").inputs.sourceSubnetworkIpRangesToNat, "ALL_SUBNETWORKS_ALL_IP_RANGES");
        });

        it("runs nodes as a dedicated least-privilege service account, not the Compute default", () => {
            const email = "prod-gke-nodes@mock-project.iam.gserviceaccount.com";
            assert.equal(r.named("prod-gke-nodes").inputs.accountId, "prod-gke-nodes");
            const roles = r
                .ofType("gcp:projects/iAMMember:IAMMember")
                .filter((m) => m.inputs.member === `serviceAccount:${email}`)
                .map((m) => m.inputs.role);
            assert.deepEqual(roles, ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"]);
            for (const pool of r.ofType("gcp:container/nodePool:NodePool")) {
                assert.equal((pool.inputs.nodeConfig as Inputs).serviceAccount, email);
            }
            assert.equal((gke().nodeConfig as Inputs).serviceAccount, email, "also the short-lived default pool");
        });

        it("hardens node pools: GKE metadata, shielded VMs with secure boot, COS, auto-repair and auto-upgrade", () => {
            const pool = r.named("prod-gke-system").inputs as Inputs & { nodeConfig: Inputs };
            assert.deepEqual(pool.nodeConfig.workloadMetadataConfig, { mode: "GKE_METADATA" });
            assert.deepEqual(pool.nodeConfig.shieldedInstanceConfig, {
                enableIntegrityMonitoring: true,
                enableSecureBoot: true,
            });
            assert.equal(pool.nodeConfig.imageType, "COS_CONTAINERD");
            assert.deepEqual(pool.management, { autoRepair: true, autoUpgrade: true });
            assert.deepEqual(pool.autoscaling, {
                locationPolicy: "BALANCED",
                totalMaxNodeCount: 4,
                totalMinNodeCount: 2,
            });
            assert.equal(pool.nodeConfig.machineType, "e2-standard-4");
            assert.equal(pool.nodeConfig.spot, false);
        });

        it("binds Google service accounts to the add-ons' Kubernetes service accounts", () => {
            const bindings = r.ofType("gcp:serviceaccount/iAMMember:IAMMember");
            assert.deepEqual(
                bindings.map((b) => [b.inputs.role, b.inputs.member]),
                [
                    [
                        "roles/iam.workloadIdentityUser",
                        "serviceAccount:acme-platform.svc.id.goog[external-dns/external-dns]",
                    ],
                    [
                        "roles/iam.workloadIdentityUser",
                        "serviceAccount:acme-platform.svc.id.goog[cert-manager/cert-manager]",
                    ],
                    [
                        "roles/iam.workloadIdentityUser",
                        "serviceAccount:acme-platform.svc.id.goog[external-secrets/external-secrets]",
                    ],
                ],
            );
            for (const binding of bindings) assert.deepEqual(binding.dependsOn, ["prod-gke-gke"]);
            const accessor = r.named("prod-gke-external-secrets-accessor").inputs;
            assert.equal(accessor.role, "roles/secretmanager.secretAccessor");
            assert.deepEqual(accessor.condition, {
                expression: 'resource.name.startsWith("projects/987654321098/secrets/prod-gke-")',
                title: "prod-gke-secrets-only",
            });
            // Record changes only in the listed zone (prod must list one), never project-wide.
            const zoneBinding = r.named("prod-gke-external-dns-platform-example-com").inputs;
            assert.equal(zoneBinding.role, "projects/acme-platform/roles/prod_gke_dns_records");
            assert.equal(zoneBinding.managedZone, "platform-example-com");
        });

        it("exposes the add-on accounts to the GitOps bridge", () => {
            const metadata = (
                r.result.outputs.clusterMetadata as Record<string, { labels: Inputs; annotations: Inputs }>
            )["prod-gke"];
            assert.equal(metadata.labels.cloud, "gcp");
            assert.equal(metadata.labels.enable_external_secrets, "true");
            assert.equal(metadata.annotations.gcp_project_id, "acme-platform");
            assert.equal(
                metadata.annotations.external_dns_gcp_service_account,
                "prod-gke-dns@mock-project.iam.gserviceaccount.com",
            );
            assert.equal(metadata.annotations.external_secrets_namespace, "external-secrets");
        });

        it("waits for the node pools before anything in the cluster, and hands the kubeconfig only as a secret", () => {
            const provider = r.named("prod-gke-k8s");
            assert.deepEqual(provider.dependsOn, ["prod-gke-system"]);
            assert.equal(provider.inputs.kubeconfig, REDACTED);
            const everything = r
                .files()
                .map((f) => f.content)
                .join("\n");
            assert.doesNotMatch(everything, /gke-gcloud-auth-plugin|certificate-authority-data/);
        });

        it("puts every Google Cloud resource on the cluster's own provider", () => {
            for (const resource of r.resources.filter((x) => x.type.startsWith("gcp:")))
                assert.equal(resource.provider, "prod-gke-gcp", resource.name);
        });
    });

    it("is deletable in dev, and zonal when a zone is given", async () => {
        const r = await renderGke({ zone: "europe-west1-b" }, "dev");
        assert.equal(r.named("prod-gke-gke").inputs.deletionProtection, false);
        assert.equal(r.named("prod-gke-gke").inputs.location, "europe-west1-b");
        assert.equal(r.named("prod-gke-system").inputs.location, "europe-west1-b");
    });

    it("applies the config overrides", async () => {
        const r = await renderGke({
            releaseChannel: "STABLE",
            endpointPublicAccessCidrs: ["203.0.113.0/24"],
            cloudDnsZones: ["platform-example-com"],
            nodePools: [
                {
                    name: "batch",
                    machineType: "n2-standard-8",
                    minSize: 0,
                    maxSize: 9,
                    capacityType: "SPOT",
                    diskSizeGb: 200,
                    labels: { workload: "batch" },
                    taints: [{ key: "dedicated", value: "batch", effect: "NoExecute" }],
                },
                // Prod refuses a cluster whose every pool is spot.
                { name: "system", machineType: "e2-standard-4" },
            ],
        });
        const gke = r.named("prod-gke-gke").inputs;
        assert.deepEqual(gke.releaseChannel, { channel: "STABLE" });
        assert.equal((gke.privateClusterConfig as Inputs).enablePrivateEndpoint, false);
        assert.deepEqual(gke.masterAuthorizedNetworksConfig, {
            cidrBlocks: [{ cidrBlock: "203.0.113.0/24", displayName: "203.0.113.0/24" }],
            gcpPublicCidrsAccessEnabled: false,
        });
        const zoneBinding = r.named("prod-gke-external-dns-platform-example-com").inputs;
        assert.deepEqual(
            [zoneBinding.managedZone, zoneBinding.role],
            ["platform-example-com", "projects/acme-platform/roles/prod_gke_dns_records"],
        );
        assert.throws(
            () => r.named("prod-gke-external-dns-dns-records"),
            "no project-wide record changes when zones are listed",
        );
        const pool = r.named("prod-gke-batch").inputs as Inputs & { nodeConfig: Inputs };
        assert.equal(pool.nodeConfig.spot, true);
        assert.equal(pool.nodeConfig.diskSizeGb, 200);
        assert.deepEqual(pool.nodeConfig.taints, [{ effect: "NO_EXECUTE", key: "dedicated", value: "batch" }]);
        assert.deepEqual(pool.autoscaling, { locationPolicy: "BALANCED", totalMaxNodeCount: 9, totalMinNodeCount: 0 });
    });

    it("uses an existing network without creating one", async () => {
        const r = await renderGke({
            existingNetwork: { network: "shared", subnetwork: "gke", podsRangeName: "p", servicesRangeName: "s" },
        });
        for (const type of [
            "gcp:compute/network:Network",
            "gcp:compute/subnetwork:Subnetwork",
            "gcp:compute/routerNat:RouterNat",
        ]) {
            assert.equal(r.ofType(type).length, 0, type);
        }
        const gke = r.named("prod-gke-gke").inputs;
        assert.deepEqual([gke.network, gke.subnetwork], ["shared", "gke"]);
        assert.deepEqual(gke.ipAllocationPolicy, { clusterSecondaryRangeName: "p", servicesSecondaryRangeName: "s" });
    });

    it("runs Autopilot with the dedicated node service account and no node pools", async () => {
        const r = await renderGke({ autopilot: true });
        const gke = r.named("prod-gke-gke").inputs;
        assert.equal(gke.enableAutopilot, true);
        assert.equal(gke.removeDefaultNodePool, undefined);
        assert.deepEqual(gke.clusterAutoscaling, {
            autoProvisioningDefaults: {
                oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
                serviceAccount: "prod-gke-nodes@mock-project.iam.gserviceaccount.com",
            },
        });
        assert.equal(r.ofType("gcp:container/nodePool:NodePool").length, 0);
        assert.deepEqual(r.named("prod-gke-k8s").dependsOn, ["prod-gke-gke"]);
    });

    it("renders the GKE variant of dev: zonal, spot, deletable", async () => {
        const r = await renderStack("dev-gke");
        const gke = r.named("dev-gke-gke").inputs;
        assert.equal(gke.location, "europe-west1-b");
        assert.equal(gke.deletionProtection, false);
        assert.equal(((r.named("dev-gke-system").inputs as Inputs).nodeConfig as Inputs).spot, true);
    });
});
