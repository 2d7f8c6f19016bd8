import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConfigProblem, InvalidConfigError, parsePlatformConfig } from "../../config/load";
import { Region as awsRegion } from "@pulumi/aws/types/enums";
import { ARGOCD_NAMESPACE } from "../../components/argocd/values";
import { PLATFORM_ADDON_IDENTITIES, partitionOf } from "../../components/cluster/eks/iam";
import { GKE_ADDON_IDENTITIES } from "../../components/cluster/gke/identity";
import { PLATFORM_PROJECT } from "../../components/gitops/layout";
import { allowListProblems } from "../../policies/lib/network";
import { AWS_REGIONS, GCP_REGIONS } from "../../config/regions";
import { RESERVED_NAMESPACES, RESERVED_NAMESPACE_PREFIXES, RESERVED_PROJECTS } from "../../config/reserved";
import {
    PLATFORM_PROJECT as POLICY_PLATFORM_PROJECT,
    TEAM_FORBIDDEN_NAMESPACES,
    TEAM_FORBIDDEN_NAMESPACE_PREFIXES,
} from "../../policies/applications/appProjectConfined";
import { SecretKey } from "../../config/schema";
import { withOfflineSecretStandIns } from "../../render/offlineSecrets";
import { HOSTILE_GROUP_NAMES } from "../fixtures/hostile";
import { DEPLOYER_CIDR, ROOT, TEST_DEPLOYER, awsCluster } from "../helpers";

/**
 * Hostile and careless stack configs, by category: each must be refused before any resource, with the full
 * key path of the bad value and a message saying what is allowed.
 */

type Config = Record<string, unknown>;

const SECRETS = new Set(["ssoClientSecret", "slackToken", "teamsWebhookUrl", "notificationWebhookUrl"]);

/** A valid config with SSO, so group bindings are allowed. */
function valid(): Config {
    return {
        environment: "dev",
        clusters: [awsCluster()],
        deployer: TEST_DEPLOYER,
        gitops: { owner: "acme", name: "platform-gitops" },
        argocd: {
            domain: "platform.example.com",
            sso: { provider: "oidc", issuer: "https://login.example.com", clientId: "argocd" },
        },
        ssoClientSecret: "s3cret",
    };
}

function problemsOf(config: Config): ConfigProblem[] {
    const raw = Object.fromEntries(
        Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    try {
        parsePlatformConfig(raw, (key) => SECRETS.has(key));
    } catch (error) {
        assert.ok(error instanceof InvalidConfigError, `expected InvalidConfigError, got ${String(error)}`);
        return error.problems;
    }
    return [];
}

/** Asserts a problem at `key` (full path without the namespace) whose text matches `pattern`. */
export function assertRefused(config: Config, key: string, pattern: RegExp = /./): void {
    const problems = problemsOf(config);
    const atKey = problems.filter((p) => p.key === `gitops-platform:${key}`);
    assert.ok(atKey.length > 0, `expected a problem at ${key}, got: ${JSON.stringify(problems, null, 1)}`);
    assert.ok(
        atKey.some((p) => pattern.test(`${p.given}; ${p.allowed}`)),
        `problem at ${key} does not match ${pattern}: ${JSON.stringify(atKey)}`,
    );
}

/** Asserts the config is accepted. */
export function assertAccepted(config: Config): void {
    assert.deepEqual(problemsOf(config), []);
}

const withRbac = (rbac: Config): Config => {
    const config = valid();
    (config.argocd as Config).rbac = rbac;
    return config;
};

describe("hostile config: names that reach Argo CD's policy.csv", () => {
    it("accepts ordinary group names", () =>
        assertAccepted({
            ...withRbac({ adminGroups: ["acme:platform", "Platform Admins"], readonlyGroups: ["/acme/auditors"] }),
            teams: [{ name: "payments", groups: ["acme:payments"] }],
        }));
    for (const name of HOSTILE_GROUP_NAMES) {
        const label = JSON.stringify(name).slice(0, 50);
        it(`refuses admin group ${label}`, () =>
            assertRefused(withRbac({ adminGroups: [name] }), "argocd.rbac.adminGroups[0]"));
        it(`refuses read-only group ${label}`, () =>
            assertRefused(withRbac({ readonlyGroups: ["ok", name] }), "argocd.rbac.readonlyGroups[1]"));
        it(`refuses team group ${label}`, () =>
            assertRefused({ ...valid(), teams: [{ name: "payments", groups: [name] }] }, "teams[0].groups[0]"));
    }
    it("says why a role name is refused", () =>
        assertRefused(withRbac({ adminGroups: ["role:readonly"] }), "argocd.rbac.adminGroups[0]", /role:/));
    it("bounds the number of groups", () =>
        assertRefused(
            withRbac({ adminGroups: Array.from({ length: 101 }, (_, i) => `g${i}`) }),
            "argocd.rbac.adminGroups",
            /at most 100/,
        ));
    it("refuses scopes that are not claim names", () =>
        assertRefused(withRbac({ scopes: ["groups]\nfoo: [bar"] }), "argocd.rbac.scopes[0]"));
    it("refuses GitHub orgs and team slugs that are not GitHub names", () => {
        const github = (orgs: unknown): Config => {
            const config = valid();
            (config.argocd as Config).sso = { provider: "github", clientId: "x", orgs };
            return config;
        };
        assertRefused(github([{ name: "acme\nx" }]), "argocd.sso.orgs[0].name");
        assertRefused(github([{ name: "acme", teams: ["Platform, x"] }]), "argocd.sso.orgs[0].teams[0]");
        assertAccepted(github([{ name: "acme", teams: ["platform"] }]));
    });
});

describe("hostile config: reserved and overlapping team names", () => {
    const withTeams = (teams: unknown[]): Config => ({ ...valid(), teams });
    it("accepts teams with their own names and namespaces", () =>
        assertAccepted(
            withTeams([
                { name: "payments", groups: ["acme:payments"] },
                { name: "storefront", namespaces: ["storefront", "storefront-jobs"] },
            ]),
        ));
    for (const name of RESERVED_PROJECTS) {
        it(`refuses a team named ${name}, a project the platform or Argo CD creates`, () =>
            assertRefused(withTeams([{ name, namespaces: ["ok"] }]), "teams[0].name", /project/));
    }
    const namespaces = [
        ...RESERVED_NAMESPACES,
        "kube-flannel",
        "gke-managed-system",
        "gmp-system",
        "amazon-cloudwatch",
    ];
    for (const namespace of namespaces) {
        it(`refuses team namespace ${namespace}`, () =>
            assertRefused(
                withTeams([{ name: "payments", namespaces: ["payments", namespace] }]),
                "teams[0].namespaces[1]",
            ));
    }
    for (const name of ["argocd", "kube-tools", "cert-manager", "external-dns", "external-secrets"]) {
        it(`refuses team ${name}, whose default namespace is reserved`, () =>
            assertRefused(withTeams([{ name }]), "teams[0].name", /namespace|starts with/));
    }
    it("collects the add-ons' namespaces from the code", () => {
        for (const addon of [...PLATFORM_ADDON_IDENTITIES, ...GKE_ADDON_IDENTITIES]) {
            assert.ok(RESERVED_NAMESPACES.includes(addon.namespace), addon.name);
        }
        assert.ok(RESERVED_NAMESPACES.includes(ARGOCD_NAMESPACE));
        assert.ok(RESERVED_PROJECTS.includes(PLATFORM_PROJECT));
    });
    it("refuses two teams sharing a namespace, explicit or by default", () => {
        assertRefused(
            withTeams([{ name: "payments" }, { name: "storefront", namespaces: ["payments"] }]),
            "teams[1].namespaces[0]",
            /team payments/,
        );
        assertRefused(
            withTeams([
                { name: "a", namespaces: ["shared"] },
                { name: "b", namespaces: ["x", "shared"] },
            ]),
            "teams[1].namespaces[1]",
            /team a/,
        );
        assertRefused(withTeams([{ name: "a", namespaces: ["b"] }, { name: "b" }]), "teams[1].name", /team a/);
    });
    it("refuses duplicate team names", () =>
        assertRefused(withTeams([{ name: "payments" }, { name: "payments" }]), "teams[1].name", /unique/));
    it("bounds a team's namespace list", () =>
        assertRefused(
            withTeams([{ name: "a", namespaces: Array.from({ length: 51 }, (_, i) => `a-${i}`) }]),
            "teams[0].namespaces",
            /at most 50/,
        ));
});

describe("hostile config: the whole internet by arithmetic, and ranges that clash", () => {
    const cluster = (cloud: "aws" | "gcp", extra: Config): Config => ({
        ...valid(),
        clusters: [
            cloud === "aws"
                ? // The endpoint must also admit the deployer, listed last so the indices below stay those of `extra`.
                  awsCluster({
                      name: "c",
                      ...extra,
                      endpointPublicAccessCidrs: [
                          ...((extra.endpointPublicAccessCidrs as string[] | undefined) ?? []),
                          DEPLOYER_CIDR,
                      ],
                  })
                : {
                      name: "c",
                      cloud,
                      region: "europe-west1",
                      project: "acme-platform-dev",
                      cloudDnsZones: ["platform-example-com"],
                      ...extra,
                  },
        ],
    });
    for (const cloud of ["aws", "gcp"] as const) {
        const refusedLists: [string, string[], string, RegExp][] = [
            ["0.0.0.0/0", ["0.0.0.0/0"], "[0]", /whole internet/],
            ["two halves", ["0.0.0.0/1", "128.0.0.0/1"], "", /together cover the whole IPv4 internet/],
            ["four quarters", ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"], "", /together cover/],
            ["a /8", ["203.0.113.0/24", "10.0.0.0/8"], "[1]", /broader than a \/16/],
            ["a /15", ["203.0.0.0/15"], "[0]", /broader than a \/16/],
        ];
        for (const [what, cidrs, at, message] of refusedLists) {
            it(`${cloud}: refuses endpoint CIDRs ${what} in prod`, () =>
                assertRefused(
                    { ...cluster(cloud, { endpointPublicAccessCidrs: cidrs }), environment: "prod" },
                    `clusters[0].endpointPublicAccessCidrs${at}`,
                    message,
                ));
            it(`${cloud}: leaves endpoint CIDRs ${what} to the policy pack in dev, which flags them`, () => {
                assertAccepted(cluster(cloud, { endpointPublicAccessCidrs: cidrs }));
                assert.ok(allowListProblems(cidrs).length > 0);
            });
        }
        it(`${cloud}: refuses a CIDR that is not a network address`, () =>
            assertRefused(
                cluster(cloud, { endpointPublicAccessCidrs: ["203.0.113.7/24"] }),
                "clusters[0].endpointPublicAccessCidrs[0]",
                /network of this prefix is 203\.0\.113\.0\/24/,
            ));
        for (const text of ["203.0.113.0", "203.0.113.0/33", "0x0a.0.0.0/16", "010.0.0.0/16", " 203.0.113.0/24"]) {
            it(`${cloud}: refuses ${JSON.stringify(text)} as a CIDR`, () =>
                assertRefused(
                    cluster(cloud, { endpointPublicAccessCidrs: [text] }),
                    "clusters[0].endpointPublicAccessCidrs[0]",
                ));
        }
        it(`${cloud}: bounds the list`, () =>
            assertRefused(
                cluster(cloud, {
                    endpointPublicAccessCidrs: Array.from({ length: 51 }, (_, i) => `203.0.${i}.0/24`),
                }),
                "clusters[0].endpointPublicAccessCidrs",
                /at most/,
            ));
        it(`${cloud}: accepts a few narrow networks, in dev and prod`, () => {
            const config = cluster(cloud, { endpointPublicAccessCidrs: ["203.0.113.0/24", "198.51.100.7/32"] });
            assertAccepted(config);
            assertAccepted({ ...config, environment: "prod" });
        });
    }
    it("refuses a VPC CIDR that is not a network address", () =>
        assertRefused(cluster("aws", { vpcCidr: "10.0.1.0/16" }), "clusters[0].vpcCidr", /10\.0\.0\.0\/16/));
    const clashes: [string, Config, string][] = [
        ["pods inside the subnet", { subnetCidr: "10.16.0.0/20" }, "podsCidr"],
        ["services inside pods", { servicesCidr: "10.17.0.0/20" }, "servicesCidr"],
        ["the control plane inside the subnet", { masterCidr: "10.10.0.16/28" }, "masterCidr"],
        ["services equal to the subnet", { servicesCidr: "10.10.0.0/20" }, "servicesCidr"],
        ["a subnet covering everything", { subnetCidr: "10.0.0.0/8" }, "podsCidr"],
    ];
    for (const [what, ranges, key] of clashes) {
        it(`gcp: refuses ${what}`, () => assertRefused(cluster("gcp", ranges), `clusters[0].${key}`, /overlaps/));
    }
    it("gcp: accepts the default ranges and separate custom ones", () => {
        assertAccepted(cluster("gcp", {}));
        assertAccepted(
            cluster("gcp", {
                subnetCidr: "10.100.0.0/20",
                podsCidr: "10.104.0.0/14",
                servicesCidr: "10.108.0.0/20",
                masterCidr: "172.16.0.32/28",
            }),
        );
    });
});

describe("hostile config: credentials in URLs", () => {
    const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
    const hostile = [
        `https://user:${token}@github.com/acme/platform.git`,
        "https://user:hunter2@git.example.com/platform.git",
        `https://${token}@github.com/acme/platform.git`,
        "https://oauth2:glpat-abcdefghijklmnopqrst@gitlab.example.com/platform.git",
        "https://x-access-token:abc@github.com/acme/platform.git",
        "https://deploy@git.example.com/platform.git",
        "https://user%3Apass@git.example.com/platform.git",
        "https://git.example.com/platform.git?access_token=abc123",
        "https://git.example.com/platform.git?private_token=abc123",
        "https://git.example.com/platform.git#token=abc123",
        "https://git.example.com/platform.git?X-Amz-Signature=abc",
        "ssh://git:hunter2@git.example.com/platform.git",
        `https://git.example.com/${token}/platform.git`,
    ];
    const gitopsUrl = (url: string): Config => ({ ...valid(), gitops: { url } });
    for (const url of hostile) {
        it(`refuses gitops.url ${url.replace(token, "ghp_...")} without echoing it`, () => {
            const problems = problemsOf(gitopsUrl(url)).filter((p) => p.key === "gitops-platform:gitops.url");
            assert.ok(problems.length > 0, "refused at gitops.url");
            for (const problem of problems) {
                assert.match(problem.allowed, /deploy key/);
                assert.match(problem.allowed, /pulumi config set --secret/);
                assert.doesNotMatch(`${problem.given} ${problem.allowed}`, /hunter2|ghp_abc|abc123|glpat-abc/);
            }
        });
        it(`refuses sourceRepos ${url.replace(token, "ghp_...")}`, () =>
            assertRefused(
                { ...valid(), teams: [{ name: "payments", sourceRepos: ["https://charts.example.com", url] }] },
                "teams[0].sourceRepos[1]",
                /credentials never go in a URL/,
            ));
    }
    it("refuses an OIDC issuer with credentials", () => {
        const config = valid();
        (config.argocd as Config).sso = {
            provider: "oidc",
            issuer: "https://admin:hunter2@login.example.com",
            clientId: "argocd",
        };
        assertRefused(config, "argocd.sso.issuer", /credentials never go in a URL/);
    });
    it("refuses OCI registry URLs with credentials", () =>
        assertRefused(
            { ...valid(), teams: [{ name: "payments", sourceRepos: ["oci://robot:pw@registry.example.com/charts"] }] },
            "teams[0].sourceRepos[0]",
        ));
    it("refuses a wildcard host in sourceRepos", () => {
        for (const url of ["https://*", "https://*/acme/app.git", "git@*:acme/app.git", "https://*.example.com/x"]) {
            assertRefused(
                { ...valid(), teams: [{ name: "payments", sourceRepos: [url] }] },
                "teams[0].sourceRepos[0]",
                /wildcard/,
            );
        }
    });
    it("accepts ordinary repository URLs", () => {
        for (const url of [
            "https://git.example.com/platform.git",
            "ssh://git@git.example.com/platform.git",
            "git@github.com:acme/platform.git",
            "file:///srv/git/platform.git",
        ]) {
            assertAccepted(gitopsUrl(url));
        }
        assertAccepted({
            ...valid(),
            teams: [
                {
                    name: "payments",
                    sourceRepos: [
                        "https://github.com/acme/*",
                        "oci://ghcr.io/acme/charts",
                        "git@github.com:acme/app.git",
                    ],
                },
            ],
        });
    });
});

describe("hostile config: regions that only look valid", () => {
    const aws = (region: string): Config => ({ ...valid(), clusters: [awsCluster({ name: "c", region })] });
    const gcp = (region: string): Config => ({
        ...valid(),
        clusters: [{ name: "c", cloud: "gcp", region, project: "acme-platform-dev" }],
    });
    for (const region of [
        "eu-west-9",
        "us-east-7",
        "eu-wset-1",
        "EU-WEST-1",
        "eu-west-1 ",
        "cn-north-1",
        "eusc-de-east-1",
        "us-isof-south-1",
        "europe-west1",
        "mars-1",
    ]) {
        it(`refuses AWS region ${JSON.stringify(region)}`, () =>
            assertRefused(aws(region), "clusters[0].region", /not an AWS region the program supports; nearest: /));
    }
    for (const region of [
        "europe-west99",
        "europe-west5",
        "us-central2",
        "europe-west1-b",
        "eu-west-1",
        "Europe-West1",
        "asia-southeast9",
    ]) {
        it(`refuses Google Cloud region ${JSON.stringify(region)}`, () =>
            assertRefused(gcp(region), "clusters[0].region", /not a Google Cloud region the program supports/));
    }
    it("suggests the nearest supported region", () =>
        assertRefused(aws("eu-wset-1"), "clusters[0].region", /nearest: eu-west-1/));
    it("accepts every listed region", () => {
        for (const region of AWS_REGIONS) assertAccepted(aws(region));
        for (const region of GCP_REGIONS) assertAccepted(gcp(region));
    });
    it("lists only AWS regions the pinned provider knows, in partitions the program builds ARNs for", () => {
        const providerRegions: string[] = Object.values(awsRegion);
        for (const region of AWS_REGIONS) {
            assert.ok(providerRegions.includes(region), `${region} is not in @pulumi/aws's Region enum`);
            assert.ok(["aws", "aws-us-gov", "aws-iso", "aws-iso-b"].includes(partitionOf(region)), region);
        }
        assert.ok(!AWS_REGIONS.some((r) => r.startsWith("cn-")), "aws-cn ARNs are not built");
    });
    it("lists Google Cloud regions in Google's naming scheme", () => {
        for (const region of GCP_REGIONS) assert.match(region, /^[a-z]+-[a-z]+\d+$/);
    });
});

describe("hostile config: missing secrets", () => {
    const needs = (argocd: Config): Config => ({
        ...valid(),
        argocd: { ...(valid().argocd as Config), ...argocd },
        ssoClientSecret: undefined,
    });
    const cases: [string, Config, SecretKey[]][] = [
        ["SSO", {}, ["ssoClientSecret"]],
        [
            "SSO and every notification",
            { notifications: { slack: { channel: "a" }, teams: { channel: "b" }, webhook: { name: "c" } } },
            ["ssoClientSecret", "slackToken", "teamsWebhookUrl", "notificationWebhookUrl"],
        ],
    ];
    for (const [what, argocd, keys] of cases) {
        it(`names each missing secret of ${what} with the command that sets it`, () => {
            const config = needs(argocd);
            delete config.ssoClientSecret;
            const problems = problemsOf(config);
            for (const key of keys) {
                const problem = problems.find((p) => p.key === `gitops-platform:${key}`);
                assert.ok(problem, key);
                assert.equal(problem.given, "missing (secret not set)");
                assert.ok(problem.allowed.includes(`\`pulumi config set --secret gitops-platform:${key} <value>\``));
            }
        });
        it(`gives the offline render a stand-in for each missing secret of ${what}, and only then`, () => {
            const config = needs(argocd);
            delete config.ssoClientSecret;
            const stackConfig = {
                config: Object.fromEntries(
                    Object.entries(config).map(([k, v]) => [
                        `gitops-platform:${k}`,
                        typeof v === "string" ? v : JSON.stringify(v),
                    ]),
                ),
                secretKeys: [],
            };
            const { stackConfig: withStandIns, standIns } = withOfflineSecretStandIns(stackConfig);
            assert.deepEqual(standIns, keys);
            for (const key of keys) assert.ok(withStandIns.secretKeys.includes(`gitops-platform:${key}`));
            assert.deepEqual(withOfflineSecretStandIns(withStandIns).standIns, [], "nothing left to stand in for");
            assert.equal(stackConfig.secretKeys.length, 0, "the input is not changed");
        });
    }
    it("holds no placeholder ciphertext in the repository's stack files", () => {
        for (const stack of ["dev", "dev-gke", "prod", "local"]) {
            const text = fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8");
            assert.doesNotMatch(text, /secure:/, stack);
        }
    });
});

describe("Argo CD HA follows the environment", () => {
    const parseConfig = (config: Config) =>
        parsePlatformConfig(
            Object.fromEntries(
                Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
            ),
            (key) => SECRETS.has(key),
        );
    it("defaults to HA in prod and not elsewhere", () => {
        assert.equal(parseConfig({ ...valid(), environment: "prod" }).argocd.ha, true);
        assert.equal(parseConfig(valid()).argocd.ha, false);
        assert.equal(parseConfig({ ...valid(), environment: "staging" }).argocd.ha, false);
    });
    it("keeps an explicit setting either way", () => {
        const argocd = valid().argocd as Config;
        assert.equal(
            parseConfig({ ...valid(), environment: "prod", argocd: { ...argocd, ha: false } }).argocd.ha,
            false,
        );
        assert.equal(parseConfig({ ...valid(), argocd: { ...argocd, ha: true } }).argocd.ha, true);
    });
});

describe("the policy pack and the config refuse the same team namespaces", () => {
    it("forbids every reserved namespace and prefix in team AppProjects", () => {
        assert.deepEqual([...TEAM_FORBIDDEN_NAMESPACES].sort(), [...RESERVED_NAMESPACES].sort());
        assert.deepEqual([...TEAM_FORBIDDEN_NAMESPACE_PREFIXES].sort(), [...RESERVED_NAMESPACE_PREFIXES].sort());
        assert.equal(POLICY_PLATFORM_PROJECT, PLATFORM_PROJECT);
    });
});

describe("hostile config: production capacity", () => {
    const prod = (cluster: Config): Config => ({ ...valid(), environment: "prod", clusters: [cluster] });
    const aws = (extra: Config = {}) => awsCluster({ name: "c", ...extra });
    const gcp = (extra: Config = {}) => ({
        name: "g",
        cloud: "gcp",
        region: "europe-west1",
        project: "acme-platform-prod",
        ...extra,
    });
    it("refuses one NAT gateway for every zone in prod, and leaves it to the policy elsewhere", () => {
        assertRefused(prod(aws({ natGateways: "single" })), "clusters[0].natGateways", /one NAT gateway/);
        assertAccepted({ ...valid(), clusters: [aws({ natGateways: "single" })] });
        assertAccepted(prod(aws({ natGateways: "perZone" })));
    });
    it("refuses a one-node pool in prod", () => {
        assertRefused(
            prod(aws({ nodePools: [{ name: "system", minSize: 1, maxSize: 1 }] })),
            "clusters[0].nodePools[0].maxSize",
            /one node/,
        );
        assertRefused(
            prod(gcp({ nodePools: [{ name: "system", minSize: 1, maxSize: 1 }] })),
            "clusters[0].nodePools[0].maxSize",
            /one node/,
        );
    });
    it("refuses a prod cluster on spot capacity only", () => {
        const spot = { minSize: 2, maxSize: 4, capacityType: "SPOT" };
        assertRefused(
            prod(
                aws({
                    nodePools: [
                        { name: "a", ...spot },
                        { name: "b", ...spot },
                    ],
                }),
            ),
            "clusters[0].nodePools",
            /spot/,
        );
        assertRefused(
            prod(gcp({ nodePools: [{ name: "a", minSize: 3, maxSize: 6, capacityType: "SPOT" }] })),
            "clusters[0].nodePools",
            /spot/,
        );
        assertAccepted(
            prod(
                aws({
                    nodePools: [
                        { name: "a", ...spot },
                        { name: "b", minSize: 2, maxSize: 4 },
                    ],
                }),
            ),
        );
        assertAccepted({ ...valid(), clusters: [aws({ nodePools: [{ name: "a", ...spot }] })] });
    });
});

describe("hostile config: Argo CD's Ingress annotations", () => {
    const ingress = (annotations: Record<string, string>): Config => ({
        ...valid(),
        argocd: { ...(valid().argocd as Config), ingress: { className: "alb", annotations } },
    });
    const refused: [string, string, RegExp][] = [
        ["nginx.ingress.kubernetes.io/configuration-snippet", "more_set_headers 'X: y';", /snippet/],
        ["nginx.ingress.kubernetes.io/server-snippet", "location /x { return 200; }", /snippet/],
        ["nginx.ingress.kubernetes.io/auth-snippet", "proxy_set_header A b;", /snippet/],
        ["nginx.org/server-snippets", "return 200;", /snippet/],
        ["nginx.org/location-snippets", "return 200;", /snippet/],
        ["nginx.ingress.kubernetes.io/ssl-redirect", "false", /redirect off/],
        ["nginx.ingress.kubernetes.io/ssl-redirect", " FALSE ", /redirect off/],
        ["alb.ingress.kubernetes.io/listen-ports", '[{"HTTP": 80}]', /without HTTPS/],
        ["alb.ingress.kubernetes.io/listen-ports", "not json", /without HTTPS/],
        ["alb.ingress.kubernetes.io/listen-ports", "[]", /without HTTPS/],
    ];
    for (const [key, value, message] of refused) {
        it(`refuses ${key}: ${JSON.stringify(value)} in every environment`, () => {
            assertRefused(ingress({ [key]: value }), `argocd.ingress.annotations.${key}`, message);
            assertRefused({ ...ingress({ [key]: value }), environment: "prod" }, `argocd.ingress.annotations.${key}`);
        });
    }
    it("accepts TLS settings, redirects and HTTPS listeners", () =>
        assertAccepted(
            ingress({
                "cert-manager.io/cluster-issuer": "letsencrypt",
                "nginx.ingress.kubernetes.io/ssl-redirect": "true",
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
                "alb.ingress.kubernetes.io/ssl-redirect": "443",
            }),
        ));
});

describe("hostile config: DNS roles on every zone", () => {
    const prod = (cluster: Config): Config => ({ ...valid(), environment: "prod", clusters: [cluster] });
    const gke = (extra: Config = {}): Config => ({
        name: "c",
        cloud: "gcp",
        region: "europe-west1",
        project: "acme-platform-prod",
        ...extra,
    });
    it("refuses an EKS cluster in prod that lists no hosted zone", () =>
        assertRefused(prod(awsCluster({ name: "c", route53ZoneIds: [] })), "clusters[0].route53ZoneIds", /every zone/));
    it("refuses a GKE cluster in prod that lists no managed zone", () =>
        assertRefused(prod(gke()), "clusters[0].cloudDnsZones", /every zone/));
    it("accepts listed zones in prod, and no list elsewhere", () => {
        assertAccepted(prod(awsCluster({ name: "c", route53ZoneIds: ["Z0123456789ABC"] })));
        assertAccepted(prod(gke({ cloudDnsZones: ["platform-example-com"] })));
        assertAccepted({ ...valid(), clusters: [awsCluster({ name: "c", route53ZoneIds: [] })] });
        assertAccepted({ ...valid(), clusters: [gke()] });
    });
});
