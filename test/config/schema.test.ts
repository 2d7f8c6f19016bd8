import { strict as assert } from "assert";
import { InvalidConfigError, ConfigProblem, parsePlatformConfig } from "../../config/load";
import { DEFAULT_ARGOCD_CHART_VERSION, NOTIFICATION_TRIGGERS, defaultGkeNodePools } from "../../config/schema";
import { unversionedAddons } from "../../components/cluster/eks/addonVersions";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../../config/kubernetesVersions";
import { TEST_DEPLOYER, awsCluster } from "../helpers";

type Config = Record<string, unknown>;

/** A valid config as plain values (what the stack file holds, without the namespace). */
function valid(): Config {
    return {
        environment: "dev",
        clusters: [awsCluster({ name: "dev-eks", region: "eu-west-1" })],
        deployer: TEST_DEPLOYER,
        gitops: { owner: "acme", name: "platform-gitops" },
    };
}

const SECRETS = new Set(["ssoClientSecret", "slackToken", "teamsWebhookUrl", "notificationWebhookUrl"]);

/** Passes values the way Pulumi does: strings as is, structured values as JSON; secret keys marked secret. */
function parse(config: Config, secretKeys: Set<string> = SECRETS) {
    const raw = Object.fromEntries(
        Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    return parsePlatformConfig(raw, (key) => secretKeys.has(key));
}

function problemsOf(config: Config, secretKeys?: Set<string>): ConfigProblem[] {
    try {
        parse(config, secretKeys);
    } catch (error) {
        assert.ok(error instanceof InvalidConfigError, `expected InvalidConfigError, got ${error}`);
        return error.problems;
    }
    assert.fail("expected the config to be rejected");
}

/** Asserts exactly one problem at `key` whose text contains each fragment. */
function assertRejected(config: Config, key: string, ...fragments: string[]): void {
    const problems = problemsOf(config);
    const atKey = problems.filter((p) => p.key === `gitops-platform:${key}`);
    assert.equal(atKey.length, 1, `expected one problem at ${key}, got: ${JSON.stringify(problems, null, 1)}`);
    const text = `${atKey[0].given}; ${atKey[0].allowed}`;
    for (const fragment of fragments) assert.ok(text.includes(fragment), `"${text}" should contain "${fragment}"`);
}

const withCluster = (cluster: Config): Config => ({ ...valid(), clusters: [cluster] });
const aws = (extra: Config = {}): Config => awsCluster({ name: "dev-eks", region: "eu-west-1", ...extra });
const gcp = (extra: Config = {}): Config => ({
    name: "prod-gke",
    cloud: "gcp",
    project: "acme-platform",
    region: "europe-west1",
    ...extra,
});
const withArgocd = (argocd: Config, extra: Config = {}): Config => ({
    ...valid(),
    argocd: { domain: "platform.example.com", ...argocd },
    ...extra,
});

describe("config schema", () => {
    it("accepts a minimal config and fills in every default", () => {
        const config = parse(valid());
        assert.equal(config.environment, "dev");
        assert.equal(config.argocd.chartVersion, DEFAULT_ARGOCD_CHART_VERSION);
        assert.equal(config.argocd.ha, false);
        assert.equal(config.argocd.rbac.defaultRole, "role:readonly");
        assert.deepEqual(config.argocd.rbac.scopes, ["groups"]);
        assert.deepEqual(config.argocd.notifications.triggers, [...NOTIFICATION_TRIGGERS]);
        assert.deepEqual(config.teams, []);
        assert.deepEqual(config.gitops, {
            owner: "acme",
            name: "platform-gitops",
            branch: "main",
            path: "",
            create: false,
            seed: false,
            githubPlan: "free",
            selfManagement: true,
            syncTimeoutMinutes: 20,
        });
        const cluster = config.clusters[0];
        assert.equal(cluster.cloud, "aws");
        if (cluster.cloud !== "aws") return;
        assert.equal(cluster.kubernetesVersion, "1.35");
        assert.deepEqual(cluster.nodePools, [
            {
                name: "system",
                instanceTypes: ["m6i.large"],
                minSize: 2,
                maxSize: 4,
                capacityType: "ON_DEMAND",
                diskSizeGb: 50,
                labels: {},
                taints: [],
            },
        ]);
    });

    it("reports every bad key at once, each by its full path", () => {
        const problems = problemsOf({
            environment: "qa",
            clusters: [aws({ region: "mars" })],
            argocd: { rbac: { defaultRole: "role:admin" } },
            gitops: { owner: "acme", name: "platform-gitops" },
        });
        assert.deepEqual(problems.map((p) => p.key).sort(), [
            "gitops-platform:argocd.rbac.defaultRole",
            "gitops-platform:clusters[0].region",
            "gitops-platform:environment",
        ]);
        const message = new InvalidConfigError(problems).message;
        assert.match(
            message,
            /gitops-platform:argocd\.rbac\.defaultRole: given "role:admin"; allowed: "role:readonly", ""/,
        );
        assert.match(message, /^Invalid stack configuration \(3 problems\):/);
    });

    describe("environment", () => {
        it("is required", () =>
            assertRejected(
                { clusters: valid().clusters, gitops: valid().gitops },
                "environment",
                "not set",
                "required",
            ));
        it("is one of dev, staging, prod", () =>
            assertRejected({ ...valid(), environment: "qa" }, "environment", 'given "qa"', '"dev", "staging", "prod"'));
        for (const environment of ["dev", "staging", "prod"]) {
            it(`accepts ${environment}`, () =>
                assert.equal(parse({ ...valid(), environment }).environment, environment));
        }
    });

    describe("clusters", () => {
        it("are required", () => assertRejected({ environment: "dev", gitops: valid().gitops }, "clusters", "not set"));
        it("need at least one", () => assertRejected({ ...valid(), clusters: [] }, "clusters", "at least 1 item"));
        it("must be a list", () =>
            assertRejected({ ...valid(), clusters: { name: "x" } }, "clusters", "expected a list"));
        it("have DNS-label names", () =>
            assertRejected(withCluster(aws({ name: "Prod_EKS" })), "clusters[0].name", '"Prod_EKS"', "lowercase"));
        it("have unique names", () =>
            assertRejected(
                { ...valid(), clusters: [aws(), aws({ region: "us-east-1" })] },
                "clusters[1].name",
                "must be unique",
            ));
        it("accept several clusters of different clouds", () =>
            assert.equal(
                parse({ ...valid(), clusters: [aws(), gcp(), { name: "local", cloud: "existing", context: "kind-x" }] })
                    .clusters.length,
                3,
            ));
        it("have a known cloud", () =>
            assertRejected(withCluster(aws({ cloud: "azure" })), "clusters[0].cloud", '"aws", "gcp", "existing"'));
        it("reject unknown keys and list the allowed ones", () =>
            assertRejected(
                withCluster(aws({ zones: 3 })),
                "clusters[0].zones",
                "unknown key",
                "allowed keys here: name, cloud, region",
            ));
        it("quote the Kubernetes version as a minor version", () =>
            assertRejected(
                withCluster(aws({ kubernetesVersion: "1.34.2" })),
                "clusters[0].kubernetesVersion",
                '"1.34.2"',
                "minor version",
            ));
        it("accept a supported Kubernetes minor version", () => {
            const cluster = parse(withCluster(aws({ kubernetesVersion: "1.36" }))).clusters[0];
            assert.equal(cluster.cloud === "aws" && cluster.kubernetesVersion, "1.36");
        });
        it("refuse a Kubernetes version outside the supported set, listing the allowed ones", () =>
            assertRejected(
                withCluster(aws({ kubernetesVersion: "1.34" })),
                "clusters[0].kubernetesVersion",
                '"1.34"',
                'one of "1.35", "1.36"',
            ));

        describe("aws", () => {
            it("needs a region", () =>
                assertRejected(withCluster({ name: "a", cloud: "aws" }), "clusters[0].region", "not set"));
            it("needs an AWS region", () =>
                assertRejected(withCluster(aws({ region: "europe-west1" })), "clusters[0].region", "AWS region"));
            it("accepts GovCloud regions", () => assert.ok(parse(withCluster(aws({ region: "us-gov-west-1" })))));
            it("checks instance types", () =>
                assertRejected(
                    withCluster(aws({ nodePools: [{ name: "a", instanceTypes: ["large"] }] })),
                    "clusters[0].nodePools[0].instanceTypes[0]",
                    "EC2 instance type",
                ));
            it("does not take a GKE machine type", () =>
                assertRejected(
                    withCluster(aws({ nodePools: [{ name: "a", machineType: "e2-standard-4" }] })),
                    "clusters[0].nodePools[0].machineType",
                    "unknown key",
                    "instanceTypes",
                ));

            describe("a path from the deployer to the API", () => {
                const existingVpc = { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-0a", "subnet-0b"] };
                it("refuses the old default: a private endpoint in a VPC the same `up` creates", () =>
                    assertRejected(
                        withCluster(aws({ endpointAccess: "private", endpointPublicAccessCidrs: [] })),
                        "clusters[0].endpointAccess",
                        "this stack creates that VPC",
                        "existingVpc",
                    ));
                it("refuses a public endpoint with no CIDRs, which EKS opens to everyone", () =>
                    assertRejected(
                        withCluster(aws({ endpointPublicAccessCidrs: [] })),
                        "clusters[0].endpointPublicAccessCidrs",
                        "0.0.0.0/0",
                        "deployer.egressCidrs",
                    ));
                it("refuses a public endpoint that does not admit the deployer", () =>
                    assertRejected(
                        withCluster(aws({ endpointPublicAccessCidrs: ["203.0.113.0/24"] })),
                        "clusters[0].endpointPublicAccessCidrs",
                        "198.51.100.0/28",
                        "add 198.51.100.0/28 here",
                    ));
                it("refuses an EKS stack that does not say where its deployer runs", () =>
                    assertRejected(
                        { ...withCluster(aws()), deployer: {} },
                        "deployer.egressCidrs",
                        "dev-eks",
                        "docs/ci.md#runner-network",
                    ));
                it("refuses a private endpoint that admits no deployer", () =>
                    assertRejected(
                        withCluster(aws({ endpointAccess: "private", endpointPublicAccessCidrs: [], existingVpc })),
                        "deployer.privateCidrs",
                        "security group",
                    ));
                it("accepts a private endpoint in an existing VPC that admits the deployer", () => {
                    const config = {
                        ...withCluster(aws({ endpointAccess: "private", endpointPublicAccessCidrs: [], existingVpc })),
                        deployer: { privateCidrs: ["10.50.0.0/24"] },
                    };
                    assert.equal(parse(config).clusters[0].cloud, "aws");
                });
                it("needs no deployer for GKE or existing clusters, reached through IAM or a kubeconfig", () =>
                    assert.ok(parse({ ...withCluster(gcp()), deployer: {} })));
                it("bounds the public list to the EKS quota", () =>
                    assertRejected(
                        withCluster(
                            aws({
                                endpointPublicAccessCidrs: Array.from({ length: 41 }, (_, i) => `198.51.${i}.0/28`),
                            }),
                        ),
                        "clusters[0].endpointPublicAccessCidrs",
                        "at most 40",
                    ));
            });

            describe("in prod", () => {
                const prod = (cluster: Config) => ({ ...withCluster(cluster), environment: "prod" });
                it("needs the deployer role, so the admin entry does not follow whoever ran `up` last", () =>
                    assertRejected(
                        prod(aws({ deployerRoleArn: undefined })),
                        "clusters[0].deployerRoleArn",
                        "required in prod",
                    ));
                it("accepts a configured deployer role", () => assert.ok(parse(prod(aws()))));
            });

            describe("availability zones", () => {
                it("accepts zone IDs of the cluster's region, one per zone", () =>
                    assert.ok(
                        parse(
                            withCluster(
                                aws({ availabilityZoneCount: 2, availabilityZoneIds: ["euw1-az1", "euw1-az2"] }),
                            ),
                        ),
                    ));
                it("refuses zone IDs of another region", () =>
                    assertRejected(
                        withCluster(aws({ availabilityZoneCount: 2, availabilityZoneIds: ["euw1-az1", "use1-az2"] })),
                        "clusters[0].availabilityZoneIds[1]",
                        "euw1-az1",
                    ));
                it("refuses zone names, which differ per account", () =>
                    assertRejected(
                        withCluster(
                            aws({ availabilityZoneCount: 2, availabilityZoneIds: ["eu-west-1a", "eu-west-1b"] }),
                        ),
                        "clusters[0].availabilityZoneIds[0]",
                        "zone ID",
                    ));
                it("refuses a count that differs from availabilityZoneCount", () =>
                    assertRejected(
                        withCluster(aws({ availabilityZoneIds: ["euw1-az1", "euw1-az2"] })),
                        "clusters[0].availabilityZoneIds",
                        "availabilityZoneCount is 3",
                    ));
                it("refuses a zone listed twice", () =>
                    assertRejected(
                        withCluster(aws({ availabilityZoneCount: 2, availabilityZoneIds: ["euw1-az1", "euw1-az1"] })),
                        "clusters[0].availabilityZoneIds",
                        "twice",
                    ));
            });

            describe("add-on versions", () => {
                it("pins every add-on for every supported Kubernetes version", () => {
                    for (const version of SUPPORTED_KUBERNETES_VERSIONS)
                        assert.deepEqual(unversionedAddons(version, {}), [], version);
                });
                it("would refuse a version with no pins unless config pins each add-on", () => {
                    assert.deepEqual(unversionedAddons("1.99", { "vpc-cni": "v1.0.0-eksbuild.1" }), [
                        "kube-proxy",
                        "eks-pod-identity-agent",
                        "coredns",
                        "aws-ebs-csi-driver",
                    ]);
                });
            });
        });

        describe("gcp", () => {
            it("needs a project", () =>
                assertRejected(withCluster(gcp({ project: undefined })), "clusters[0].project", "not set"));
            it("checks the project ID", () =>
                assertRejected(
                    withCluster(gcp({ project: "Acme" })),
                    "clusters[0].project",
                    "Google Cloud project ID",
                ));
            it("needs a Google Cloud region", () =>
                assertRejected(withCluster(gcp({ region: "eu-west-1" })), "clusters[0].region", "Google Cloud region"));
            it("defaults to one system pool of e2-standard-4", () => {
                const cluster = parse(withCluster(gcp())).clusters[0];
                assert.equal(
                    cluster.cloud === "gcp" && cluster.nodePools,
                    undefined,
                    "unset, so autopilot can be told apart",
                );
                assert.deepEqual(
                    defaultGkeNodePools().map((p) => [p.name, p.machineType, p.minSize, p.maxSize]),
                    [["system", "e2-standard-4", 2, 4]],
                );
            });
            it("is regional in prod", () =>
                assertRejected(
                    { ...withCluster(gcp({ zone: "europe-west1-b" })), environment: "prod" },
                    "clusters[0].zone",
                    "zonal",
                ));
            it("allows a zonal dev cluster in its region", () => {
                assert.ok(parse(withCluster(gcp({ zone: "europe-west1-b" }))));
                assertRejected(
                    withCluster(gcp({ zone: "us-east1-b" })),
                    "clusters[0].zone",
                    "zone of region europe-west1",
                );
            });
            it("has no node pools with autopilot", () =>
                assertRejected(
                    withCluster(gcp({ autopilot: true, nodePools: [{ name: "x" }] })),
                    "clusters[0].nodePools",
                    "autopilot",
                ));
            it("knows the release channels, never unspecified", () =>
                assertRejected(
                    withCluster(gcp({ releaseChannel: "UNSPECIFIED" })),
                    "clusters[0].releaseChannel",
                    '"RAPID", "REGULAR", "STABLE"',
                ));
            it("never opens authorized networks to the internet in prod", () =>
                assertRejected(
                    { ...withCluster(gcp({ endpointPublicAccessCidrs: ["0.0.0.0/0"] })), environment: "prod" },
                    "clusters[0].endpointPublicAccessCidrs[0]",
                    "whole internet",
                ));
            it("needs a /28 for the control plane", () =>
                assertRejected(withCluster(gcp({ masterCidr: "172.16.0.0/24" })), "clusters[0].masterCidr", "/28"));
        });

        describe("existing", () => {
            it("needs a kubeconfig context", () =>
                assertRejected(withCluster({ name: "local", cloud: "existing" }), "clusters[0].context", "not set"));
            it("has no node pools", () =>
                assertRejected(
                    withCluster({ name: "local", cloud: "existing", context: "kind-x", nodePools: [] }),
                    "clusters[0].nodePools",
                    "unknown key",
                ));
            it("takes a kubeconfig path", () => {
                const cluster = parse(
                    withCluster({ name: "local", cloud: "existing", context: "kind-x", kubeconfig: "/tmp/kc" }),
                ).clusters[0];
                assert.equal(cluster.cloud === "existing" && cluster.kubeconfig, "/tmp/kc");
            });
        });

        describe("node pools", () => {
            const pool = (extra: Config) => withCluster(aws({ nodePools: [{ name: "system", ...extra }] }));
            it("need at least one", () =>
                assertRejected(withCluster(aws({ nodePools: [] })), "clusters[0].nodePools", "at least 1 item"));
            it("have unique names", () =>
                assertRejected(
                    withCluster(aws({ nodePools: [{ name: "a" }, { name: "a" }] })),
                    "clusters[0].nodePools[1].name",
                    "must be unique",
                ));
            it("keep minSize <= maxSize", () =>
                assertRejected(
                    pool({ minSize: 5, maxSize: 2 }),
                    "clusters[0].nodePools[0].minSize",
                    "given 5",
                    "must not exceed maxSize (2)",
                ));
            it("keep desiredSize within min and max", () =>
                assertRejected(
                    pool({ minSize: 1, maxSize: 3, desiredSize: 4 }),
                    "clusters[0].nodePools[0].desiredSize",
                    "between minSize (1) and maxSize (3)",
                ));
            it("accept consistent sizes", () => assert.ok(parse(pool({ minSize: 1, maxSize: 3, desiredSize: 2 }))));
            it("take whole node counts", () =>
                assertRejected(pool({ minSize: 1.5 }), "clusters[0].nodePools[0].minSize", "expected int"));
            it("know capacity types", () =>
                assertRejected(
                    pool({ capacityType: "RESERVED" }),
                    "clusters[0].nodePools[0].capacityType",
                    '"ON_DEMAND", "SPOT"',
                ));
            it("need a disk of at least 20 GiB", () =>
                assertRejected(pool({ diskSizeGb: 8 }), "clusters[0].nodePools[0].diskSizeGb", "at least 20"));
            it("check label keys", () =>
                assertRejected(
                    pool({ labels: { "bad key": "x" } }),
                    "clusters[0].nodePools[0].labels.bad key",
                    "label key",
                ));
            it("check taint effects", () =>
                assertRejected(
                    pool({ taints: [{ key: "dedicated", effect: "Evict" }] }),
                    "clusters[0].nodePools[0].taints[0].effect",
                    '"NoSchedule"',
                ));
            it("accept labels and taints", () => {
                const cluster = parse(
                    pool({
                        labels: { workload: "system" },
                        // CriticalAddonsOnly: the only pool must still take Karpenter's controller.
                        taints: [{ key: "CriticalAddonsOnly", value: "argocd", effect: "NoSchedule" }],
                    }),
                ).clusters[0];
                assert.equal(cluster.cloud === "aws" && cluster.nodePools[0].taints[0].effect, "NoSchedule");
            });
        });
    });

    describe("teams", () => {
        it("have DNS-label names", () =>
            assertRejected({ ...valid(), teams: [{ name: "Payments" }] }, "teams[0].name", "team name"));
        it("have unique names", () =>
            assertRejected(
                { ...valid(), teams: [{ name: "web" }, { name: "web" }] },
                "teams[1].name",
                "must be unique",
            ));
        it("check namespace names", () =>
            assertRejected(
                { ...valid(), teams: [{ name: "web", namespaces: ["Web"] }] },
                "teams[0].namespaces[0]",
                "namespace",
            ));
        it("check source repository URLs", () =>
            assertRejected(
                { ...valid(), teams: [{ name: "web", sourceRepos: ["charts.example.com"] }] },
                "teams[0].sourceRepos[0]",
                "repository URL",
            ));
        it("accept groups and namespaces", () => {
            const teams = parse({
                ...valid(),
                teams: [{ name: "web", groups: ["acme:web"], namespaces: ["web", "web-jobs"] }],
            }).teams;
            assert.deepEqual(teams, [{ name: "web", groups: ["acme:web"], namespaces: ["web", "web-jobs"] }]);
        });
    });

    describe("argocd", () => {
        it("pins an exact chart version", () =>
            assertRejected(withArgocd({ chartVersion: "^10" }), "argocd.chartVersion", "exact chart version"));
        it("takes ha as a boolean", () =>
            assertRejected(withArgocd({ ha: "yes" }), "argocd.ha", "expected true or false"));
        it("takes a DNS domain", () =>
            assertRejected(withArgocd({ domain: "https://example.com" }), "argocd.domain", "DNS name"));
        it("accepts a domain and HA", () =>
            assert.equal(
                parse(withArgocd({ ha: true, domain: "platform.example.com" })).argocd.domain,
                "platform.example.com",
            ));

        it("sizes for an expected number of Applications", () => {
            assert.equal(parse(withArgocd({})).argocd.expectedApplications, 100);
            assertRejected(withArgocd({ expectedApplications: 0 }), "argocd.expectedApplications", "at least 1");
        });
        it("takes an ingress class and annotations", () => {
            const ingress = parse(withArgocd({ ingress: { className: "nginx" } })).argocd.ingress;
            assert.deepEqual(ingress, { className: "nginx", annotations: {} });
        });
        it("serves an ingress only with a domain", () =>
            assertRejected(
                { ...valid(), argocd: { ingress: { className: "nginx" } } },
                "argocd.ingress",
                "needs argocd.domain",
            ));

        describe("sso", () => {
            const oidc = { provider: "oidc", issuer: "https://login.example.com", clientId: "argocd" };
            it("knows its providers", () =>
                assertRejected(
                    withArgocd({ sso: { provider: "saml" } }, { ssoClientSecret: "s" }),
                    "argocd.sso.provider",
                    '"oidc", "github"',
                ));
            it("needs an https issuer for oidc", () =>
                assertRejected(
                    withArgocd({ sso: { ...oidc, issuer: "http://login.example.com" } }, { ssoClientSecret: "s" }),
                    "argocd.sso.issuer",
                    "https://",
                ));
            it("needs organizations for github", () =>
                assertRejected(
                    withArgocd({ sso: { provider: "github", clientId: "x", orgs: [] } }, { ssoClientSecret: "s" }),
                    "argocd.sso.orgs",
                    "at least 1 item",
                ));
            it("needs a domain for its redirect URL", () =>
                assertRejected(
                    { ...valid(), argocd: { sso: oidc }, ssoClientSecret: "s" },
                    "argocd.sso",
                    "needs argocd.domain",
                ));
            it("needs the client secret", () =>
                assertRejected(
                    withArgocd({ sso: oidc }),
                    "ssoClientSecret",
                    "missing (secret not set)",
                    "required because argocd.sso is set",
                    "`pulumi config set --secret gitops-platform:ssoClientSecret <value>`",
                ));
            it("accepts oidc with its secret", () => {
                const config = parse(withArgocd({ sso: oidc }, { ssoClientSecret: "s3cr3t" }));
                assert.equal(config.argocd.sso?.provider, "oidc");
                assert.deepEqual(config.argocd.sso?.provider === "oidc" && config.argocd.sso.scopes, [
                    "openid",
                    "profile",
                    "email",
                    "groups",
                ]);
            });
            it("accepts github with its secret", () => {
                const config = parse(
                    withArgocd(
                        { sso: { provider: "github", clientId: "x", orgs: [{ name: "acme" }] } },
                        { ssoClientSecret: "s" },
                    ),
                );
                assert.deepEqual(config.argocd.sso?.provider === "github" && config.argocd.sso.orgs, [
                    { name: "acme", teams: [] },
                ]);
            });
        });

        describe("rbac", () => {
            it("never makes everyone admin", () =>
                assertRejected(
                    withArgocd({ rbac: { defaultRole: "role:admin" } }),
                    "argocd.rbac.defaultRole",
                    '"role:admin"',
                    '"role:readonly", ""',
                ));
            it("allows no default role", () =>
                assert.equal(parse(withArgocd({ rbac: { defaultRole: "" } })).argocd.rbac.defaultRole, ""));
            it("binds groups only with SSO", () =>
                assertRejected(
                    withArgocd({ rbac: { adminGroups: ["acme:platform"] } }),
                    "argocd.rbac.adminGroups",
                    "needs argocd.sso",
                ));
            it("binds groups with SSO", () => {
                const sso = { provider: "github", clientId: "x", orgs: [{ name: "acme" }] };
                const config = parse(
                    withArgocd({ sso, rbac: { adminGroups: ["acme:platform"] } }, { ssoClientSecret: "s" }),
                );
                assert.deepEqual(config.argocd.rbac.adminGroups, ["acme:platform"]);
            });
            it("needs at least one scope", () =>
                assertRejected(withArgocd({ rbac: { scopes: [] } }), "argocd.rbac.scopes", "at least 1 item"));
        });

        describe("notifications", () => {
            it("need the Slack token", () =>
                assertRejected(
                    withArgocd({ notifications: { slack: { channel: "ops" } } }),
                    "slackToken",
                    "argocd.notifications.slack",
                ));
            it("need the Teams webhook URL", () =>
                assertRejected(
                    withArgocd({ notifications: { teams: { channel: "ops" } } }),
                    "teamsWebhookUrl",
                    "argocd.notifications.teams",
                ));
            it("need the generic webhook URL", () =>
                assertRejected(
                    withArgocd({ notifications: { webhook: { name: "ops" } } }),
                    "notificationWebhookUrl",
                    "argocd.notifications.webhook",
                ));
            it("need a Slack channel", () =>
                assertRejected(
                    withArgocd({ notifications: { slack: {} } }, { slackToken: "t" }),
                    "argocd.notifications.slack.channel",
                    "not set",
                ));
            it("know their triggers", () =>
                assertRejected(
                    withArgocd({ notifications: { triggers: ["on-created"] } }),
                    "argocd.notifications.triggers[0]",
                    '"on-deployed"',
                ));
            it("accept every notifier with its secret", () => {
                const notifications = {
                    slack: { channel: "ops" },
                    teams: { channel: "ops" },
                    webhook: { name: "ops" },
                    triggers: ["on-sync-failed"],
                };
                const config = parse(
                    withArgocd(
                        { notifications },
                        {
                            slackToken: "t",
                            teamsWebhookUrl: "https://prod.api.powerautomate.com/workflows/t",
                            notificationWebhookUrl: "https://w",
                        },
                    ),
                );
                assert.deepEqual(config.argocd.notifications.triggers, ["on-sync-failed"]);
            });
        });
    });

    describe("gitops", () => {
        it("is required", () =>
            assertRejected({ environment: "dev", clusters: valid().clusters }, "gitops", "not set"));
        it("needs a GitHub owner and name", () => {
            const problems = problemsOf({ ...valid(), gitops: {} });
            assert.deepEqual(
                problems.map((p) => p.key),
                ["gitops-platform:gitops.owner", "gitops-platform:gitops.name"],
            );
            assert.ok(problems.every((p) => p.allowed.includes("unless gitops.url")));
        });
        it("takes a plain Git URL instead", () =>
            assert.equal(
                parse({ ...valid(), gitops: { url: "file:///srv/git/platform.git" } }).gitops.url,
                "file:///srv/git/platform.git",
            ));
        it("does not mix a URL with owner and name", () =>
            assertRejected(
                { ...valid(), gitops: { owner: "acme", name: "x", url: "https://example.com/x.git" } },
                "gitops.url",
                "cannot be combined",
            ));
        it("creates only GitHub repositories", () =>
            assertRejected(
                { ...valid(), gitops: { url: "https://example.com/x.git", create: true } },
                "gitops.create",
                "needs gitops.owner and gitops.name",
            ));
        it("checks the URL", () =>
            assertRejected({ ...valid(), gitops: { url: "platform.git" } }, "gitops.url", "Git URL"));
        it("keeps the path relative", () =>
            assertRejected(
                { ...valid(), gitops: { ...(valid().gitops as Config), path: "../x" } },
                "gitops.path",
                "relative path",
            ));
        it("seeds only GitHub repositories", () =>
            assertRejected(
                { ...valid(), gitops: { url: "https://example.com/x.git", seed: true } },
                "gitops.seed",
                "GitHub API",
            ));
        it("bounds the sync timeout", () =>
            assertRejected(
                { ...valid(), gitops: { ...(valid().gitops as Config), syncTimeoutMinutes: 0 } },
                "gitops.syncTimeoutMinutes",
                "at least 1",
            ));
        it("checks the branch", () =>
            assertRejected(
                { ...valid(), gitops: { ...(valid().gitops as Config), branch: "a..b" } },
                "gitops.branch",
                "branch",
            ));
    });

    describe("keys and secrets", () => {
        it("rejects unknown top-level keys", () =>
            assertRejected({ ...valid(), argo: {} }, "argo", "unknown key", "allowed keys: environment, clusters"));
        it("points dotted keys to --path", () =>
            assertRejected({ ...valid(), "argocd.ha": "true" }, "argocd.ha", "pulumi config set --path argocd.ha"));
        it("rejects a secret given in plain text, without echoing it", () => {
            const config = {
                ...valid(),
                argocd: { notifications: { slack: { channel: "ops" } } },
                slackToken: "xoxb-plain-123",
            };
            const problems = problemsOf(config, new Set());
            const problem = problems.find((p) => p.key === "gitops-platform:slackToken");
            assert.ok(problem && problem.allowed.includes("pulumi config set --secret gitops-platform:slackToken"));
            assert.ok(!JSON.stringify(problems).includes("xoxb-plain-123"));
        });
        it("rejects secret values under other keys", () => {
            const problems = problemsOf(valid(), new Set(["gitops"]));
            assert.deepEqual(
                problems.map((p) => [p.key, p.given]),
                [["gitops-platform:gitops", "holds a secret value"]],
            );
        });
        it("never echoes a secret value in an error", () => {
            const problems = problemsOf({ ...valid(), slackToken: "" });
            const problem = problems.find((p) => p.key === "gitops-platform:slackToken");
            assert.equal(problem?.given, "given [secret]");
        });
        it("needs structured values to be YAML maps or lists", () =>
            assertRejected({ ...valid(), argocd: "ha" }, "argocd", "structured value"));
    });
});
