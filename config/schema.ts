import { z } from "zod";
import {
    EKS_ENDPOINT_ACCESS_MODES,
    MAX_PUBLIC_ACCESS_CIDRS,
    apiReachabilityProblems,
} from "../components/cluster/eks/apiAccess";
import { EKS_ADDONS, EKS_ADDON_DEFAULT_VERSIONS, unversionedAddons } from "../components/cluster/eks/addonVersions";
import { awsZoneIdPrefix } from "../components/cluster/eks/zones";
import { ingressAnnotationProblem } from "./ingress";
import { MIN_ALLOWED_PREFIX, allowListIssues, isNetworkAddress, overlaps, parseCidr } from "../policies/lib/network";
import { MAX_GROUPS, casbinGroupList } from "./rbacNames";
import { AWS_REGIONS, GCP_REGIONS, nearestRegions } from "./regions";
import { CREDENTIALS_GO_ELSEWHERE, urlCredentialProblem } from "./urls";
import { reservedNamespaceProblem, reservedTeamNameProblem } from "./reserved";
import { mixesArchitectures } from "../components/cluster/eks/nodes";
import { nodesAtCreation, poolSizing, poolZoneCount } from "../components/cluster/gke/nodes";
import { TEAMS_WORKFLOWS_URL } from "../components/argocd/teamsWorkflows";
import { DEFAULT_ARGOCD_CHART_VERSION, argocdVersionField, checkArgoCdVersions } from "./argocdVersions";
import { DEFAULT_KUBERNETES_VERSION, kubernetesVersionField } from "./kubernetesVersions";
import { SECRET_PLACEHOLDER } from "./stackFile";
import { ADDON_CLOUDS_OF, ADDON_DEFAULT_ENVIRONMENTS, ADDON_NAMES } from "../components/addons/names";
import { karpenterHostNodes, restrictedNodePoolLabel } from "../components/addons/karpenter";

/**
 * The stack configuration model: one zod schema for every key the program reads from
 * `gitops-platform:*`. Defaults live here and nowhere else; `docs/configuration.md` is generated from it.
 *
 * Each top-level property is one Pulumi config key (`gitops-platform:<key>`). Objects and arrays are
 * structured config values (`pulumi config set --path argocd.ha true`).
 */

export { DEFAULT_ARGOCD_CHART_VERSION, DEFAULT_KUBERNETES_VERSION };

/** Notification triggers shipped with the platform, subscribed to by default. */
export const NOTIFICATION_TRIGGERS = [
    "on-deployed",
    "on-sync-failed",
    "on-health-degraded",
    "on-sync-running-long",
] as const;

const dnsLabel = (what: string, maxLength: number) =>
    z
        .string()
        .regex(
            new RegExp(`^[a-z]([a-z0-9-]{0,${maxLength - 2}}[a-z0-9])?$`),
            `must be ${what}: lowercase letters, digits and '-', starting with a letter, at most ${maxLength} characters`,
        );

const clusterNameField = dnsLabel("a cluster name", 32).meta({
    description: "Cluster name, unique in the stack; prefixes every resource built for it.",
    example: "prod-eks",
});
const cloudDescription = "`aws` (EKS), `gcp` (GKE) or `existing` (a kubeconfig context).";
const regionDescription =
    "An AWS region (aws) or a Google Cloud region (gcp), one of the supported regions listed below the table, or a free-form location label (existing).";
/** A region from one cloud's supported list (config/regions.ts), with the nearest ones suggested. */
function supportedRegion(cloud: string, regions: readonly string[]) {
    return z.string().superRefine((region, ctx) => {
        if (!regions.includes(region)) {
            ctx.addIssue({
                code: "custom",
                input: region,
                message: `is not ${cloud} region the program supports; nearest: ${nearestRegions(region, regions).join(", ")} (every supported region: docs/configuration.md#regions)`,
            });
        }
    });
}
const versionField = kubernetesVersionField();
const namespaceName = z
    .string()
    .regex(
        /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
        "must be a Kubernetes namespace name: lowercase letters, digits and '-', at most 63 characters",
    );
const hostname = z
    .string()
    .regex(
        /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        "must be a DNS name such as platform.example.com (lowercase, no scheme, no trailing dot)",
    );
const githubOwner = z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/, "must be a GitHub user or organization name");
/** An OAuth scope or token claim name, written into Argo CD's settings as a list item. */
const claimName = z
    .string()
    .regex(/^[A-Za-z0-9_.:/-]{1,100}$/, "must be a scope or claim name: letters, digits and '_', '.', ':', '/', '-'");
const groupRule =
    "Names are written into Argo CD's `policy.csv`, so none may contain a line break, control character, ',', '\"' or '*', start with '#' or `role:`, or start or end with whitespace.";
/** What an error shows instead of a value that holds credentials. */
export const REDACTED = "a URL with credentials (not shown)";

/** A URL-valued string that must carry no credentials (see config/urls.ts). */
function withoutCredentials<T extends z.ZodType<string>>(url: T) {
    return url.superRefine((value, ctx) => {
        const problem = urlCredentialProblem(value);
        if (problem) {
            ctx.addIssue({
                code: "custom",
                input: REDACTED,
                params: { redact: true },
                message: `${problem}; ${CREDENTIALS_GO_ELSEWHERE}`,
            });
        }
    });
}
/** The host part of a repository URL or pattern (`github.com` of `git@github.com:acme/x`). */
function repositoryHost(url: string): string {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
    const rest = scheme ? url.slice(scheme[0].length) : url.replace(/^[^@/]*@/, "");
    const authority = rest.split(scheme ? /[/?#]/ : /[:/]/)[0];
    return authority.slice(authority.lastIndexOf("@") + 1);
}
const labelKey = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

const labels = z
    .record(
        z.string().regex(labelKey, "must be a Kubernetes label key"),
        z.string().regex(labelValue, "must be a Kubernetes label value"),
    )
    .default({})
    .meta({ description: "Kubernetes labels put on the pool's nodes.", example: { workload: "general" } });

const taints = z
    .array(
        z.strictObject({
            key: z
                .string()
                .regex(labelKey, "must be a Kubernetes taint key")
                .meta({ description: "Taint key.", example: "dedicated" }),
            value: z
                .string()
                .regex(labelValue, "must be a Kubernetes label value")
                .default("")
                .meta({ description: "Taint value.", example: "argocd" }),
            effect: z
                .enum(["NoSchedule", "PreferNoSchedule", "NoExecute"])
                .meta({ description: "What the taint does to pods that do not tolerate it." }),
        }),
    )
    .default([])
    .meta({
        description: "Taints put on the pool's nodes.",
        example: [{ key: "dedicated", value: "argocd", effect: "NoSchedule" }],
    });

const poolSizes = {
    minSize: z.number().int().min(0).max(1000).default(2).meta({ description: "Fewest nodes in the pool." }),
    maxSize: z.number().int().min(1).max(1000).default(4).meta({ description: "Most nodes in the pool." }),
    capacityType: z
        .enum(["ON_DEMAND", "SPOT"])
        .default("ON_DEMAND")
        .meta({ description: "On-demand or spot (preemptible) capacity." }),
    diskSizeGb: z.number().int().min(20).max(16384).default(50).meta({ description: "Root volume size in GiB." }),
    labels,
    taints,
};

const poolName = dnsLabel("a node pool name", 32).meta({
    description: "Pool name, unique within the cluster.",
    example: "system",
});

/** Rejects pools whose sizes contradict each other. */
function checkPoolSizes(pool: { minSize: number; maxSize: number; desiredSize?: number }, ctx: z.RefinementCtx): void {
    if (pool.minSize > pool.maxSize) {
        ctx.addIssue({
            code: "custom",
            path: ["minSize"],
            input: pool.minSize,
            message: `must not exceed maxSize (${pool.maxSize})`,
        });
    }
    const desired = pool.desiredSize;
    if (desired !== undefined && (desired < pool.minSize || desired > pool.maxSize)) {
        ctx.addIssue({
            code: "custom",
            path: ["desiredSize"],
            input: desired,
            message: `must be between minSize (${pool.minSize}) and maxSize (${pool.maxSize})`,
        });
    }
}

/** Array of named items whose names must be unique. */
function uniquelyNamed<T extends z.ZodType<{ name: string }>>(item: T, what: string) {
    return z.array(item).superRefine((items, ctx) => {
        const seen = new Set<string>();
        items.forEach((entry, index) => {
            if (seen.has(entry.name)) {
                ctx.addIssue({
                    code: "custom",
                    path: [index, "name"],
                    input: entry.name,
                    message: `${what} names must be unique`,
                });
            }
            seen.add(entry.name);
        });
    });
}

const awsNodePool = z
    .strictObject({
        name: poolName,
        instanceTypes: z
            .array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as m6i.large"))
            .min(1)
            .default(["m6i.large"])
            .meta({ description: "EC2 instance types, first is preferred." }),
        desiredSize: z
            .number()
            .int()
            .min(0)
            .max(1000)
            .optional()
            .meta({ description: "Initial node count; defaults to `minSize`.", example: 3 }),
        ...poolSizes,
    })
    .superRefine((pool, ctx) => {
        checkPoolSizes(pool, ctx);
        // One node group runs one AMI, so its instance types must share an architecture.
        if (mixesArchitectures(pool.instanceTypes)) {
            ctx.addIssue({
                code: "custom",
                path: ["instanceTypes"],
                input: pool.instanceTypes,
                message: "mixes Graviton (arm64) and x86 instance types; use one architecture per pool",
            });
        }
    });

const gcpNodePool = z
    .strictObject({
        name: poolName,
        machineType: z
            .string()
            .regex(/^[a-z][a-z0-9]*-[a-z0-9-]+$/, "must be a Compute Engine machine type such as e2-standard-4")
            .default("e2-standard-4")
            .meta({ description: "Compute Engine machine type." }),
        ...poolSizes,
    })
    .superRefine(checkPoolSizes);

/** The node pools of a Standard-mode GKE cluster whose config lists none. */
export function defaultGkeNodePools(): z.output<typeof gcpNodePool>[] {
    return [gcpNodePool.parse({ name: "system" })];
}

const nodePoolsDescription = "Node pools (EKS managed node groups or GKE node pools).";

const ipv4Cidr = z
    .string()
    .regex(
        /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/,
        "must be an IPv4 CIDR such as 203.0.113.0/24",
    )
    .superRefine((text, ctx) => {
        const cidr = parseCidr(text);
        if (cidr && !isNetworkAddress(cidr)) {
            ctx.addIssue({
                code: "custom",
                input: text,
                message: `is not a network address (host bits are set); the network of this prefix is ${cidr.network}`,
            });
        }
    });

/** Most CIDRs the API endpoint allow list takes: EKS accepts 40 public access CIDRs, GKE 50 authorized networks. */
export const MAX_ENDPOINT_CIDRS = { aws: 40, gcp: 50 } as const;

const endpointCidrsField = (cloud: keyof typeof MAX_ENDPOINT_CIDRS) =>
    z
        .array(ipv4Cidr)
        .max(MAX_ENDPOINT_CIDRS[cloud])
        .default([])
        .meta({
            description: `CIDRs allowed to reach the Kubernetes API endpoint from outside the network: on EKS the public endpoint's access list (required with \`endpointAccess: public\`, and it must cover \`deployer.egressCidrs\`); on GKE the authorized networks of the IP endpoints (the program reaches GKE through its IAM-authorised DNS endpoint). At most ${MAX_ENDPOINT_CIDRS[cloud]} network addresses; in prod none broader than a /${MIN_ALLOWED_PREFIX.ipv4} and together never the whole internet (0.0.0.0/0, or 0.0.0.0/1 + 128.0.0.0/1); elsewhere the policy pack flags them.`,
            example: ["203.0.113.0/24"],
        });

export { EKS_ADDONS };

const awsCluster = z.strictObject({
    name: clusterNameField,
    cloud: z.literal("aws").meta({ description: cloudDescription }),
    region: supportedRegion("an AWS", AWS_REGIONS).meta({ description: regionDescription, example: "eu-west-1" }),
    kubernetesVersion: versionField,
    availabilityZoneCount: z
        .number()
        .int()
        .min(2)
        .max(6)
        .default(3)
        .meta({ description: "Availability zones the new VPC spans (a private and a public subnet in each)." }),
    vpcCidr: ipv4Cidr
        .refine((cidr) => {
            const prefix = Number(cidr.split("/")[1]);
            return prefix >= 16 && prefix <= 20;
        }, "must be a /16 to /20 network")
        .default("10.0.0.0/16")
        .meta({ description: "Address range of the new VPC (/16 to /20)." }),
    natGateways: z.enum(["single", "perZone"]).optional().meta({
        description: "NAT gateways of the new VPC: one in total, or one per zone; defaults to perZone in prod.",
    }),
    existingVpc: z
        .strictObject({
            vpcId: z
                .string()
                .regex(/^vpc-[0-9a-f]+$/, "must be a VPC ID such as vpc-0abc123")
                .meta({ description: "ID of the VPC.", example: "vpc-0abc1234def567890" }),
            privateSubnetIds: z
                .array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet ID such as subnet-0abc123"))
                .min(2)
                .meta({
                    description: "Private subnets (in at least two zones) for nodes and the control plane.",
                    example: ["subnet-0a1", "subnet-0b2"],
                }),
            publicSubnetIds: z
                .array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet ID such as subnet-0abc123"))
                .default([])
                .meta({
                    description: "Public subnets for internet-facing load balancers.",
                    example: ["subnet-0c3", "subnet-0d4"],
                }),
        })
        .optional()
        .meta({
            description: "Use this VPC instead of creating one; its subnets get the load-balancer discovery tags.",
            example: { vpcId: "vpc-0abc1234def567890", privateSubnetIds: ["subnet-0a1", "subnet-0b2"] },
        }),
    endpointAccess: z.enum(EKS_ENDPOINT_ACCESS_MODES).default("public").meta({
        description:
            "How the deployer reaches the Kubernetes API: `public` (public endpoint restricted to `endpointPublicAccessCidrs`, which must cover `deployer.egressCidrs`) or `private` (private endpoint only; needs `existingVpc` holding or routed to the deployer, whose `deployer.privateCidrs` the cluster security group admits). The private endpoint is always on for nodes. See docs/eks.md#reaching-the-api-endpoint.",
    }),
    endpointPublicAccessCidrs: endpointCidrsField("aws"),
    deployerRoleArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN")
        .optional()
        .meta({
            description:
                "IAM role that runs `pulumi up` for this cluster (the CI deploy role); it gets the cluster-admin access entry the program needs. Required in prod. Unset, the entry goes to the role behind the current session, so it would follow whoever ran `up` last.",
            example: "arn:aws:iam::123456789012:role/platform-deployer",
        }),
    deletionProtection: z.boolean().optional().meta({
        description:
            "EKS deletion protection: `pulumi destroy` (or a replacement) cannot delete the cluster until it is turned off in a separate `up`. Defaults to true in prod, false elsewhere.",
        example: true,
    }),
    availabilityZoneIds: z
        .array(z.string().regex(/^[a-z]{2,}[a-z]*\d+-az\d+$/, "must be an availability zone ID such as euw1-az1"))
        .optional()
        .meta({
            description:
                "Zone IDs (not names: names map to different zones in every account) the new VPC's subnets go to, one per `availabilityZoneCount`. Unset, the first available zones are taken at creation and kept in state (never moved when a zone's state changes).",
            example: ["euw1-az1", "euw1-az2", "euw1-az3"],
        }),
    adminRoleArns: z
        .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN"))
        .default([])
        .meta({
            description: "IAM roles given cluster-admin access entries (besides the identity running Pulumi).",
            example: ["arn:aws:iam::123456789012:role/platform-admin"],
        }),
    addonVersions: z
        .partialRecord(
            z.enum(EKS_ADDONS),
            z
                .string()
                .regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, "must be an EKS add-on version such as v1.19.2-eksbuild.1"),
        )
        .default({})
        .meta({
            description:
                "EKS add-on versions that override the program's pins for the cluster's Kubernetes version (components/cluster/eks/addonVersions.ts); versions never float with AWS's default.",
            example: { "vpc-cni": "v1.19.2-eksbuild.1" },
        }),
    route53ZoneIds: z
        .array(z.string().regex(/^Z[A-Z0-9]+$/, "must be a Route 53 hosted zone ID such as Z0123456789ABC"))
        .default([])
        .meta({
            description:
                "Hosted zones external-dns and cert-manager may change; empty allows every zone of the account. With `argocd.ingress` on the platform's path, the first is the zone of `argocd.domain`, where Argo CD's ACM certificate is validated.",
            example: ["Z0123456789ABCDEFGHIJ"],
        }),
    nodePools: uniquelyNamed(awsNodePool, "node pool")
        .min(1)
        .prefault([{ name: "system" }])
        .meta({ description: nodePoolsDescription }),
});

const gcpCluster = z.strictObject({
    name: clusterNameField,
    cloud: z.literal("gcp").meta({ description: cloudDescription }),
    project: z
        .string()
        .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "must be a Google Cloud project ID such as acme-platform-prod")
        .meta({ description: "Google Cloud project ID.", example: "acme-platform-prod" }),
    region: supportedRegion("a Google Cloud", GCP_REGIONS).meta({
        description: regionDescription,
        example: "europe-west1",
    }),
    kubernetesVersion: versionField,
    zone: z
        .string()
        .regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, "must be a Google Cloud zone such as europe-west1-b")
        .optional()
        .meta({
            description: "Makes the cluster zonal, in this zone of the region (not in prod); regional when unset.",
            example: "europe-west1-b",
        }),
    releaseChannel: z
        .enum(["RAPID", "REGULAR", "STABLE"])
        .default("REGULAR")
        .meta({ description: "GKE release channel that upgrades the control plane and nodes." }),
    autopilot: z
        .boolean()
        .default(false)
        .meta({ description: "Autopilot mode (Google manages the nodes) instead of Standard mode with node pools." }),
    endpointPublicAccessCidrs: endpointCidrsField("gcp"),
    subnetCidr: ipv4Cidr.default("10.10.0.0/20").meta({ description: "Primary range of the new subnet (nodes)." }),
    podsCidr: ipv4Cidr.default("10.16.0.0/14").meta({ description: "Secondary range of the new subnet for pods." }),
    servicesCidr: ipv4Cidr
        .default("10.20.0.0/20")
        .meta({ description: "Secondary range of the new subnet for Services." }),
    masterCidr: ipv4Cidr
        .refine((cidr) => cidr.endsWith("/28"), "must be a /28")
        .default("172.16.0.0/28")
        .meta({ description: "/28 range for the control plane's private endpoint." }),
    existingNetwork: z
        .strictObject({
            network: z
                .string()
                .min(1)
                .meta({ description: "Name or self link of the VPC network.", example: "shared-vpc" }),
            subnetwork: z
                .string()
                .min(1)
                .meta({ description: "Name or self link of the subnet in the cluster's region.", example: "gke-prod" }),
            podsRangeName: z
                .string()
                .min(1)
                .meta({ description: "Secondary range of the subnet for pods.", example: "pods" }),
            servicesRangeName: z
                .string()
                .min(1)
                .meta({ description: "Secondary range of the subnet for Services.", example: "services" }),
        })
        .optional()
        .meta({
            description:
                "Use this network instead of creating one (subnetCidr, podsCidr and servicesCidr are then not used).",
            example: {
                network: "shared-vpc",
                subnetwork: "gke-prod",
                podsRangeName: "pods",
                servicesRangeName: "services",
            },
        }),
    cloudDnsZones: z
        .array(z.string().regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must be a Cloud DNS managed zone name"))
        .default([])
        .meta({
            description:
                "Managed zones external-dns and cert-manager may change records in; empty allows every zone of the project. Either way they get custom roles (record changes, zone listing), never DNS admin.",
            example: ["platform-example-com"],
        }),
    nodePools: uniquelyNamed(gcpNodePool, "node pool")
        .min(1)
        .optional()
        .meta({
            description: "Node pools; defaults to one `system` pool. Not used with autopilot.",
            example: [{ name: "system", machineType: "e2-standard-4" }],
        }),
});

const existingCluster = z.strictObject({
    name: clusterNameField,
    cloud: z.literal("existing").meta({ description: cloudDescription }),
    context: z
        .string()
        .min(1)
        .meta({ description: "kubeconfig context of the existing cluster.", example: "kind-platform" }),
    kubeconfig: z.string().min(1).optional().meta({
        description: "Path to the kubeconfig file; defaults to `$KUBECONFIG` or `~/.kube/config`.",
        example: "/home/me/.kube/kind",
    }),
    region: z.string().min(1).optional().meta({ description: regionDescription, example: "home-lab" }),
});

/** One cluster of the stack, by cloud. */
export const clusterSchema = z.discriminatedUnion("cloud", [awsCluster, gcpCluster, existingCluster]);

const teamSchema = z.strictObject({
    name: dnsLabel("a team name", 32)
        .superRefine((name, ctx) => {
            const problem = reservedTeamNameProblem(name);
            if (problem) ctx.addIssue({ code: "custom", input: name, message: problem });
        })
        .meta({
            description: "Team name; its Argo CD project and role are named after it.",
            example: "payments",
        }),
    groups: casbinGroupList(`SSO groups whose members act for the team. ${groupRule}`, ["acme:payments"]),
    namespaces: z
        .array(namespaceName)
        .min(1)
        .max(50)
        .optional()
        .meta({
            description: "Namespaces the team may deploy to; defaults to one named after the team.",
            example: ["payments"],
        }),
    sourceRepos: z
        .array(
            withoutCredentials(
                z
                    .string()
                    .regex(/^(https:\/\/|ssh:\/\/|git@|oci:\/\/)\S+$/, "must be a Git, Helm or OCI repository URL")
                    .refine(
                        (url) => !repositoryHost(url).includes("*"),
                        "must name its host without a wildcard (a pattern such as https://*/ lets the team deploy from any server); wildcards may follow the host, e.g. https://github.com/acme/*",
                    ),
            ),
        )
        .min(1)
        .max(50)
        .optional()
        .meta({
            description:
                "Repositories the team's Applications may use (Argo CD glob patterns after the host); defaults to the GitOps repository only. No credentials in the URL, no wildcard host.",
            example: ["https://charts.example.com"],
        }),
});

const ssoProviderDescription = "`oidc` (direct OIDC) or `github` (GitHub OAuth app through Dex).";
const ssoClientId = z
    .string()
    .min(1)
    .meta({ description: "OAuth client ID; its secret is the `ssoClientSecret` key.", example: "argocd" });

const oidcSso = z.strictObject({
    provider: z.literal("oidc").meta({ description: ssoProviderDescription }),
    issuer: withoutCredentials(z.url({ protocol: /^https$/, message: "must be the issuer's https:// URL" })).meta({
        description: "OIDC issuer URL.",
        example: "https://login.example.com",
    }),
    clientId: ssoClientId,
    scopes: z
        .array(claimName)
        .max(20)
        .default(["openid", "profile", "email", "groups"])
        .meta({ description: "OIDC scopes Argo CD requests." }),
});

const githubSso = z.strictObject({
    provider: z.literal("github").meta({ description: ssoProviderDescription }),
    clientId: ssoClientId,
    orgs: z
        .array(
            z.strictObject({
                name: githubOwner.meta({ description: "GitHub organization allowed to sign in.", example: "acme" }),
                teams: z
                    .array(
                        z
                            .string()
                            .regex(
                                /^[a-z0-9][a-z0-9_.-]{0,99}$/,
                                "must be a GitHub team slug: lowercase letters, digits, '-', '_' and '.'",
                            ),
                    )
                    .max(MAX_GROUPS)
                    .default([])
                    .meta({
                        description: "Only these teams of the organization (all when empty).",
                        example: ["platform"],
                    }),
            }),
        )
        .min(1)
        .meta({
            description: "GitHub organizations allowed to sign in.",
            example: [{ name: "acme", teams: ["platform"] }],
        }),
});

const argocdSchema = z.strictObject({
    chartVersion: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/, 'must be an exact chart version such as "10.1.1"')
        .default(DEFAULT_ARGOCD_CHART_VERSION)
        .meta({ description: "argo-cd Helm chart version (pinned); its minor is the Argo CD minor." }),
    version: argocdVersionField,
    ha: z.boolean().optional().meta({
        description:
            "High-availability install (redis-ha, replicas, PDBs); defaults to the environment: true in prod, false elsewhere.",
        example: true,
    }),
    domain: hostname.optional().meta({
        description: "Base DNS domain; each cluster's Argo CD is served at `argocd.<cluster>.<domain>`.",
        example: "platform.example.com",
    }),
    ingress: z
        .strictObject({
            className: z.string().min(1).optional().meta({
                description:
                    "IngressClass of your own controller that serves Argo CD and terminates TLS (then the chart's Ingress is used). Unset: the platform's own path, the `argocd-ingress` add-on (an ALB on EKS, the GKE Gateway on GKE, docs/addons.md); required with an `existing` cluster.",
                example: "traefik",
            }),
            annotations: z
                .record(z.string(), z.string())
                .superRefine((annotations, ctx) => {
                    for (const [key, value] of Object.entries(annotations)) {
                        const problem = ingressAnnotationProblem(key, value);
                        if (problem) ctx.addIssue({ code: "custom", path: [key], input: value, message: problem });
                    }
                })
                .default({})
                .meta({
                    description: "Annotations of the chart's Ingress (with `className` only), e.g. for cert-manager.",
                    example: { "cert-manager.io/cluster-issuer": "letsencrypt" },
                }),
        })
        .optional()
        .meta({
            description:
                "Serve the UI, API and ApplicationSet webhook at the cluster's hosts, TLS terminated in front of Argo CD; needs `domain`. `{}`: through the cloud's load balancer (docs/addons.md#argo-cd-at-its-host). Unset: not exposed (use port-forward).",
            example: {},
        }),
    expectedApplications: z.number().int().min(1).max(100000).default(100).meta({
        description:
            "How many Applications one Argo CD is expected to manage; sizes controller processors and repo-server parallelism.",
        example: 1000,
    }),
    prometheusOperator: z.boolean().default(false).meta({
        description:
            "Your own Prometheus Operator already runs on the clusters: the chart's metrics and ServiceMonitors for every component. Refused with the kube-prometheus-stack add-on, which ships Argo CD's ServiceMonitors and dashboard itself.",
    }),
    sso: z
        .discriminatedUnion("provider", [oidcSso, githubSso])
        .optional()
        .meta({
            description: "Single sign-on; when set, the local admin account is disabled.",
            example: { provider: "oidc", issuer: "https://login.example.com", clientId: "argocd" },
        }),
    rbac: z
        .strictObject({
            defaultRole: z.enum(["role:readonly", ""]).default("role:readonly").meta({
                description: 'Role of every signed-in user: `role:readonly` or `""` (none). Never `role:admin`.',
            }),
            adminGroups: casbinGroupList(`SSO groups bound to \`role:admin\`. ${groupRule}`, ["acme:platform"]),
            readonlyGroups: casbinGroupList(`SSO groups bound to \`role:readonly\`. ${groupRule}`, ["acme:auditors"]),
            scopes: z
                .array(claimName)
                .max(10)
                .min(1)
                .default(["groups"])
                .meta({ description: "Token claims Argo CD matches groups against." }),
        })
        .prefault({})
        .meta({ description: "Argo CD RBAC.", example: { adminGroups: ["acme:platform"] } }),
    notifications: z
        .strictObject({
            slack: z
                .strictObject({
                    channel: z.string().min(1).meta({
                        description: "Slack channel of the default subscriptions.",
                        example: "platform-alerts",
                    }),
                })
                .optional()
                .meta({
                    description: "Notify Slack; the bot token is the `slackToken` key.",
                    example: { channel: "platform-alerts" },
                }),
            teams: z
                .strictObject({
                    channel: z.string().min(1).meta({
                        description: "Name of the Microsoft Teams channel (its webhook is one URL).",
                        example: "platform",
                    }),
                })
                .optional()
                .meta({
                    description:
                        "Notify a Microsoft Teams channel through a Teams Workflows webhook (Argo CD's `teams-workflows` service); the webhook URL is the `teamsWebhookUrl` key.",
                    example: { channel: "platform" },
                }),
            webhook: z
                .strictObject({
                    name: z
                        .string()
                        .regex(/^[a-z][a-z0-9-]*$/, "must be lowercase letters, digits and '-'")
                        .meta({ description: "Name of the generic webhook.", example: "ops" }),
                })
                .optional()
                .meta({
                    description: "Notify a generic webhook; its URL is the `notificationWebhookUrl` key.",
                    example: { name: "ops" },
                }),
            triggers: z
                .array(z.enum(NOTIFICATION_TRIGGERS))
                .default([...NOTIFICATION_TRIGGERS])
                .meta({ description: "Triggers the default subscriptions listen to." }),
        })
        .prefault({})
        .meta({ description: "Argo CD notifications.", example: { slack: { channel: "platform-alerts" } } }),
});

const gitopsSchema = z
    .strictObject({
        owner: githubOwner.optional().meta({ description: "GitHub owner of the GitOps repository.", example: "acme" }),
        name: z
            .string()
            .regex(/^[A-Za-z0-9._-]{1,100}$/, "must be a GitHub repository name")
            .optional()
            .meta({ description: "GitHub repository name.", example: "platform-gitops" }),
        url: withoutCredentials(
            z
                .string()
                .regex(
                    /^(https:\/\/|ssh:\/\/|git@|file:\/\/|\/)\S+$/,
                    "must be a Git URL (https://, ssh://, git@host:path, file:// or an absolute path)",
                ),
        )
            .optional()
            .meta({
                description:
                    "Any Git URL instead of `owner`/`name`; no GitHub calls are made. No credentials in it: they would be stored in clear text.",
                example: "https://git.example.com/platform.git",
            }),
        branch: z
            .string()
            .regex(/^(?!.*\.\.)[A-Za-z0-9._/-]+$/, "must be a Git branch name")
            .default("main")
            .meta({ description: "Branch Argo CD follows." }),
        path: z
            .string()
            .regex(
                /^(?!\/)(?!.*\.\.)(?!.*\/$)[A-Za-z0-9._/-]*$/,
                "must be a relative path without '..' or a leading or trailing '/'",
            )
            .default("")
            .meta({
                description: "Folder of the repository that holds `clusters/`; empty for the root.",
                example: "platform",
            }),
        create: z
            .boolean()
            .default(false)
            .meta({ description: "Create the GitHub repository (private) instead of using an existing one." }),
        seed: z.boolean().default(false).meta({
            description:
                "Commit the initial layout (clusters/<cluster>/ and the folders it reads) on the first `up`; Git owns the files afterwards.",
        }),
        githubPlan: z.enum(["free", "paid"]).default("free").meta({
            description:
                "GitHub plan of `gitops.owner`: branch protection of the private repository needs a paid plan (Pro, Team, Enterprise); on `free` the branch stays unprotected and `up` says so.",
            example: "paid",
        }),
        selfManagement: z.boolean().default(true).meta({
            description:
                "Argo CD manages its own chart from Git after the first install (an `argocd` Application); off: Pulumi keeps owning the Helm release.",
        }),
        syncTimeoutMinutes: z
            .number()
            .int()
            .min(1)
            .max(180)
            .default(20)
            .meta({ description: "How long `pulumi up` waits for the root Application to be Synced and Healthy." }),
    })
    .superRefine((gitops, ctx) => {
        if (gitops.seed && gitops.url !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["seed"],
                input: true,
                message:
                    "commits through the GitHub API, so it needs gitops.owner and gitops.name; push the layout yourself for other Git servers",
            });
        }
        const onGitHub = gitops.owner !== undefined || gitops.name !== undefined;
        if (gitops.url !== undefined && onGitHub) {
            ctx.addIssue({
                code: "custom",
                path: ["url"],
                input: gitops.url,
                message:
                    "cannot be combined with gitops.owner/gitops.name; give either a GitHub owner and name, or a Git URL",
            });
        } else if (gitops.url === undefined) {
            for (const key of ["owner", "name"] as const) {
                if (gitops[key] === undefined) {
                    ctx.addIssue({
                        code: "custom",
                        path: [key],
                        input: undefined,
                        message: "is required unless gitops.url names a non-GitHub repository",
                    });
                }
            }
        }
        if (gitops.create && gitops.url !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["create"],
                input: true,
                message: "creates a GitHub repository, so it needs gitops.owner and gitops.name instead of gitops.url",
            });
        }
    });

const secretValue = (
    description: string,
    example: string,
    value: z.ZodString | z.ZodType<string> = z.string().min(1),
) => value.optional().meta({ description, example, secret: true });

/** Keys whose values must be Pulumi secrets (`pulumi config set --secret`). */
export const SECRET_KEYS = ["ssoClientSecret", "slackToken", "teamsWebhookUrl", "notificationWebhookUrl"] as const;
/** A key of {@link SECRET_KEYS}. */
export type SecretKey = (typeof SECRET_KEYS)[number];

/** The whole stack configuration, before cross-key rules. */
export const platformConfigShape = z.strictObject({
    environment: z
        .enum(["dev", "staging", "prod"])
        .meta({ description: "Environment of the stack; `prod` turns on the production rules of the policy pack." }),
    clusters: uniquelyNamed(clusterSchema, "cluster")
        .min(1)
        .meta({
            description: "Clusters of the stack; each gets its own Argo CD.",
            example: [{ name: "dev-eks", cloud: "aws", region: "eu-west-1" }],
        }),
    teams: uniquelyNamed(teamSchema, "team")
        .default([])
        .meta({
            description: "Application teams; each gets an Argo CD project and role.",
            example: [{ name: "payments", groups: ["acme:payments"] }],
        }),
    argocd: argocdSchema
        .superRefine(checkArgoCdVersions)
        .prefault({})
        .meta({ description: "Argo CD settings, the same for every cluster.", example: { ha: true } }),
    deployer: z
        .strictObject({
            egressCidrs: z
                .array(ipv4Cidr)
                .max(MAX_PUBLIC_ACCESS_CIDRS, `must list at most ${MAX_PUBLIC_ACCESS_CIDRS} CIDRs`)
                .default([])
                .meta({
                    description:
                        "Public ranges the deployer (CI's deploy runners, or your workstation) reaches the internet from, such as a GitHub larger-runner group's fixed IP range. Every EKS cluster with `endpointAccess: public` must list them in `endpointPublicAccessCidrs`.",
                    example: ["198.51.100.0/28"],
                }),
            privateCidrs: z
                .array(ipv4Cidr)
                .max(MAX_PUBLIC_ACCESS_CIDRS, `must list at most ${MAX_PUBLIC_ACCESS_CIDRS} CIDRs`)
                .default([])
                .meta({
                    description:
                        "Private ranges the deployer has inside (or routed to) the `existingVpc` of an EKS cluster with `endpointAccess: private`; the cluster security group admits them on 443.",
                    example: ["10.50.0.0/24"],
                }),
        })
        .prefault({})
        .meta({
            description:
                "Where `pulumi up`, verify, drift and teardown run from; config validation refuses a stack whose deployer has no path to an EKS cluster's API (docs/eks.md#reaching-the-api-endpoint).",
            example: { egressCidrs: ["198.51.100.0/28"] },
        }),
    addons: z
        .partialRecord(z.enum(ADDON_NAMES), z.boolean())
        .default({})
        .meta({
            description:
                "Switches add-ons of the catalogue (docs/addons.md) on (`true`) or off (`false`) for every cluster of the stack whose cloud runs them; unset keys take the catalogue's default for the cloud and environment. The cluster Secret's `enable_<addon>` labels follow this key.",
            example: { "kube-prometheus-stack": true, "external-dns": false },
        }),
    gitops: gitopsSchema.meta({
        description: "The GitOps repository Argo CD follows.",
        example: { owner: "acme", name: "platform-gitops" },
    }),
    ssoClientSecret: secretValue(
        "SSO client secret (OIDC client or GitHub OAuth app).",
        "pulumi config set --secret ssoClientSecret <secret>",
    ),
    slackToken: secretValue("Slack bot token for notifications.", "pulumi config set --secret slackToken xoxb-..."),
    teamsWebhookUrl: secretValue(
        "Microsoft Teams Workflows webhook URL for notifications (not an Office 365 connector URL: those were retired on 31 Mar 2026).",
        "pulumi config set --secret teamsWebhookUrl https://...powerautomate.com/...",
        z
            .string()
            .min(1)
            .refine(
                // The offline render cannot decrypt stack secrets and sees only the placeholder for them.
                (url) => TEAMS_WORKFLOWS_URL.test(url) || url === SECRET_PLACEHOLDER,
                "must be a Teams Workflows webhook URL (https, on api.powerautomate.com, api.powerplatform.com, flow.microsoft.com or webhook.office.com/workflows); Office 365 connector URLs stopped working on 31 Mar 2026: create a Workflows webhook (see docs/argocd.md)",
            ),
    ),
    notificationWebhookUrl: secretValue(
        "URL of the generic notification webhook.",
        "pulumi config set --secret notificationWebhookUrl https://...",
    ),
});

type ParsedShape = z.output<typeof platformConfigShape>;

/**
 * Which secret each setting needs, read from the `argocd` settings (raw or parsed: only the presence of a key
 * counts). One list for the schema, which names a missing one, and the offline render, which stands in for it.
 */
export const SECRET_REQUIREMENTS: readonly {
    key: SecretKey;
    neededBy: string;
    needed: (argocd: {
        sso?: unknown;
        notifications?: { slack?: unknown; teams?: unknown; webhook?: unknown };
    }) => boolean;
}[] = [
    { key: "ssoClientSecret", neededBy: "argocd.sso", needed: (a) => a.sso !== undefined },
    { key: "slackToken", neededBy: "argocd.notifications.slack", needed: (a) => a.notifications?.slack !== undefined },
    {
        key: "teamsWebhookUrl",
        neededBy: "argocd.notifications.teams",
        needed: (a) => a.notifications?.teams !== undefined,
    },
    {
        key: "notificationWebhookUrl",
        neededBy: "argocd.notifications.webhook",
        needed: (a) => a.notifications?.webhook !== undefined,
    },
];

/** The command that sets a secret key of this project. */
export function setSecretCommand(key: SecretKey): string {
    return `pulumi config set --secret gitops-platform:${key} <value>`;
}

function requireSecret(ctx: z.RefinementCtx, config: ParsedShape, key: SecretKey, neededBy: string): void {
    if (config[key] === undefined) {
        ctx.addIssue({
            code: "custom",
            path: [key],
            input: undefined,
            message: `is required because ${neededBy} is set; set it with \`${setSecretCommand(key)}\``,
        });
    }
}

/**
 * The ranges of a GKE cluster's network must not overlap: nodes (subnet), pods, Services and the control plane
 * each need their own addresses. With an existing network only the control plane's range is this program's.
 */
function checkGkeRanges(
    cluster: Extract<z.output<typeof clusterSchema>, { cloud: "gcp" }>,
    index: number,
    ctx: z.RefinementCtx,
): void {
    const keys = cluster.existingNetwork
        ? (["masterCidr"] as const)
        : (["subnetCidr", "podsCidr", "servicesCidr", "masterCidr"] as const);
    const ranges = keys.map((key) => ({ key, cidr: parseCidr(cluster[key]) }));
    ranges.forEach(({ key, cidr }, i) => {
        const clash = ranges.slice(0, i).find((other) => cidr && other.cidr && overlaps(cidr, other.cidr));
        if (clash) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, key],
                input: cluster[key],
                message: `overlaps ${clash.key} (${cluster[clash.key]}); nodes, pods, Services and the control plane each need their own range`,
            });
        }
    });
}

function checkGkeCluster(
    cluster: Extract<z.output<typeof clusterSchema>, { cloud: "gcp" }>,
    index: number,
    environment: string,
    ctx: z.RefinementCtx,
): void {
    if (cluster.zone !== undefined && !cluster.zone.startsWith(`${cluster.region}-`)) {
        ctx.addIssue({
            code: "custom",
            path: ["clusters", index, "zone"],
            input: cluster.zone,
            message: `must be a zone of region ${cluster.region}, such as ${cluster.region}-b`,
        });
    } else if (cluster.zone !== undefined && environment === "prod") {
        ctx.addIssue({
            code: "custom",
            path: ["clusters", index, "zone"],
            input: cluster.zone,
            message:
                "makes a zonal cluster, which prod never allows (one zone down takes the control plane); remove it",
        });
    }
    checkGkeRanges(cluster, index, ctx);
    // GKE creates a pool's initial nodes in every zone, so a regional pool starts with a multiple of its zones.
    const zones = poolZoneCount(cluster.zone !== undefined);
    (cluster.nodePools ?? []).forEach((pool, p) => {
        const starting = nodesAtCreation(poolSizing(pool, zones), zones);
        if (starting > pool.maxSize) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, "nodePools", p, "maxSize"],
                input: pool.maxSize,
                message: `is below the ${starting} nodes this regional pool starts with (at least ${starting / zones} in each of its ${zones} zones for minSize ${pool.minSize}); set maxSize to at least ${starting}, or minSize to a multiple of ${zones}`,
            });
        }
    });
    if (cluster.autopilot && cluster.nodePools !== undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["clusters", index, "nodePools"],
            input: cluster.nodePools,
            message: "cannot be set with autopilot, where Google manages the nodes; remove one of them",
        });
    }
}

/** Whether a stack turns an add-on on where its cloud runs it: the `addons` key, else its default environments. */
function stackRuns(config: ParsedShape, addon: keyof typeof ADDON_CLOUDS_OF): boolean {
    return config.addons[addon] ?? ADDON_DEFAULT_ENVIRONMENTS[addon].includes(config.environment);
}

/**
 * Where Karpenter runs: pool labels its NodePools can carry, and managed nodes for its controller, one
 * replica per node: with none it never starts (and no pool grows), and prod keeps both replicas so one
 * node's loss does not stop autoscaling.
 */
function checkKarpenter(
    cluster: Extract<z.output<typeof clusterSchema>, { cloud: "aws" }>,
    index: number,
    config: ParsedShape,
    ctx: z.RefinementCtx,
): void {
    if (!stackRuns(config, "karpenter")) return;
    cluster.nodePools.forEach((pool, p) => {
        for (const key of Object.keys(pool.labels).filter(restrictedNodePoolLabel)) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, "nodePools", p, "labels", key],
                input: pool.labels[key],
                message:
                    "is a label Karpenter keeps to itself (the karpenter.sh and karpenter.k8s.aws domains but karpenter.sh/capacity-type and karpenter.k8s.aws/instance-tenancy, and kubernetes.io/hostname); use a key of your own domain",
            });
        }
    });
    // An empty list is refused on its own.
    if (cluster.nodePools.length === 0) return;
    const hosts = karpenterHostNodes(cluster.nodePools);
    const needed = config.environment === "prod" ? 2 : 1;
    if (hosts >= needed) return;
    ctx.addIssue({
        code: "custom",
        path: ["clusters", index, "nodePools"],
        input: cluster.nodePools.map((pool) => ({
            name: pool.name,
            minSize: pool.minSize,
            desiredSize: pool.desiredSize,
            taints: pool.taints,
        })),
        message: `start with ${hosts} node(s) Karpenter's controller can run on, and ${config.environment === "prod" ? "prod needs 2 (one per replica)" : "it needs 1"}: give a pool without taints (other than CriticalAddonsOnly or PreferNoSchedule ones) a desiredSize (or minSize) of at least ${needed}, or set addons.karpenter to false`,
    });
}

/** EKS rules that span keys: a path from the deployer to the API, and the settings prod needs. */
function checkEksCluster(
    cluster: Extract<z.output<typeof clusterSchema>, { cloud: "aws" }>,
    index: number,
    config: ParsedShape,
    ctx: z.RefinementCtx,
): void {
    checkKarpenter(cluster, index, config, ctx);
    const settings = {
        endpointAccess: cluster.endpointAccess,
        endpointPublicAccessCidrs: cluster.endpointPublicAccessCidrs,
        existingVpc: cluster.existingVpc !== undefined,
    };
    apiReachabilityProblems(settings, config.deployer).forEach((problem) =>
        ctx.addIssue({
            code: "custom",
            path: problem.stackKey ? problem.path : ["clusters", index, ...problem.path],
            input: problem.stackKey ? config.deployer : cluster[problem.path[0] as keyof typeof cluster],
            message: problem.stackKey ? `${problem.message} (cluster ${cluster.name})` : problem.message,
        }),
    );
    const missing = unversionedAddons(cluster.kubernetesVersion, cluster.addonVersions);
    if (missing.length > 0) {
        ctx.addIssue({
            code: "custom",
            path: ["clusters", index, "addonVersions"],
            input: cluster.addonVersions,
            message: `has no version of ${missing.join(", ")} for Kubernetes ${cluster.kubernetesVersion} and the program pins none for that version (it pins ${Object.keys(EKS_ADDON_DEFAULT_VERSIONS).join(", ")}); pin each (\`aws eks describe-addon-versions --kubernetes-version ${cluster.kubernetesVersion} --addon-name <name>\`)`,
        });
    }
    if (config.environment === "prod" && cluster.deployerRoleArn === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["clusters", index, "deployerRoleArn"],
            input: undefined,
            message:
                "is required in prod: the cluster-admin access entry must belong to the CI deploy role, not follow whoever ran `up` last; set it to that role's ARN",
        });
    }
    if (cluster.existingVpc && cluster.natGateways !== undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["clusters", index, "natGateways"],
            input: cluster.natGateways,
            message: "applies only to a VPC this program creates; remove it or existingVpc",
        });
    }
    if (cluster.availabilityZoneIds !== undefined) {
        if (cluster.existingVpc !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, "availabilityZoneIds"],
                input: cluster.availabilityZoneIds,
                message: "applies only to a VPC this program creates; remove it or existingVpc",
            });
        } else if (cluster.availabilityZoneIds.length !== cluster.availabilityZoneCount) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, "availabilityZoneIds"],
                input: cluster.availabilityZoneIds,
                message: `lists ${cluster.availabilityZoneIds.length} zones but availabilityZoneCount is ${cluster.availabilityZoneCount}; list one zone ID per zone`,
            });
        }
        const prefix = awsZoneIdPrefix(cluster.region);
        cluster.availabilityZoneIds.forEach((zoneId, i) => {
            // A value that is not a zone ID at all is already reported by its pattern.
            if (/-az\d+$/.test(zoneId) && !zoneId.startsWith(`${prefix}-az`)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["clusters", index, "availabilityZoneIds", i],
                    input: zoneId,
                    message: `is not a zone of region ${cluster.region}, whose zone IDs look like ${prefix}-az1`,
                });
            }
        });
        if (new Set(cluster.availabilityZoneIds).size !== cluster.availabilityZoneIds.length) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, "availabilityZoneIds"],
                input: cluster.availabilityZoneIds,
                message: "lists a zone twice; each subnet pair needs its own zone",
            });
        }
    }
}

/** Pulumi creates each team's namespaces, so each belongs to one team and none is a system namespace. */
function checkTeamNamespaces(teams: ParsedShape["teams"], ctx: z.RefinementCtx): void {
    const owner = new Map<string, string>();
    const seen = new Set<string>();
    teams.forEach((team, index) => {
        // A repeated team name is reported as such; its namespaces would only repeat the message.
        if (seen.has(team.name)) return;
        seen.add(team.name);
        const explicit = team.namespaces !== undefined;
        (team.namespaces ?? [team.name]).forEach((namespace, i) => {
            const path = explicit ? ["teams", index, "namespaces", i] : ["teams", index, "name"];
            const problem =
                reservedNamespaceProblem(namespace) ??
                (owner.has(namespace)
                    ? `is already a namespace of team ${owner.get(namespace)}; a namespace belongs to one team`
                    : undefined);
            if (problem) ctx.addIssue({ code: "custom", path, input: namespace, message: problem });
            owner.set(namespace, owner.get(namespace) ?? team.name);
        });
    });
}

/**
 * In prod, external-dns and cert-manager may change records only in listed zones: with none listed their roles
 * cover every hosted zone of the account (every managed zone of the project), so one compromised add-on could
 * rewrite any domain's records, including the ones certificates are validated against.
 */
function checkProductionDnsZones(
    cluster: Exclude<z.output<typeof clusterSchema>, { cloud: "existing" }>,
    index: number,
    ctx: z.RefinementCtx,
): void {
    const [key, zones, what] =
        cluster.cloud === "aws"
            ? (["route53ZoneIds", cluster.route53ZoneIds, "Route 53 hosted zone IDs"] as const)
            : (["cloudDnsZones", cluster.cloudDnsZones, "Cloud DNS managed zone names"] as const);
    if (zones.length === 0) {
        ctx.addIssue({
            code: "custom",
            path: ["clusters", index, key],
            input: zones,
            message: `is empty, which lets external-dns and cert-manager change records in every zone; prod must list the ${what} they may change`,
        });
    }
}

/**
 * Prod never runs on capacity one failure takes away: a pool of at most one node, every pool of a cluster on
 * spot capacity, or one NAT gateway for every zone of a new VPC. Elsewhere the policy pack flags the same
 * (`node-pools-production-ready`, `eks-nat-gateway-per-zone`, production stacks only).
 */
function checkProductionCapacity(
    cluster: Exclude<z.output<typeof clusterSchema>, { cloud: "existing" }>,
    index: number,
    ctx: z.RefinementCtx,
): void {
    const pools: { maxSize: number; capacityType: string }[] =
        cluster.cloud === "gcp"
            ? cluster.autopilot
                ? []
                : (cluster.nodePools ?? defaultGkeNodePools())
            : cluster.nodePools;
    pools.forEach((pool, p) => {
        if (pool.maxSize < 2) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, "nodePools", p, "maxSize"],
                input: pool.maxSize,
                message:
                    "makes a pool of one node, which prod never allows (one node failure or upgrade takes it away); set at least 2",
            });
        }
    });
    if (pools.length > 0 && pools.every((pool) => pool.capacityType === "SPOT")) {
        ctx.addIssue({
            code: "custom",
            path: ["clusters", index, "nodePools"],
            input: pools.map((pool) => pool.capacityType),
            message:
                "are all spot capacity, which prod never allows (a spot reclaim can take every node at once); make at least one pool ON_DEMAND",
        });
    }
    if (cluster.cloud === "aws" && cluster.natGateways === "single") {
        ctx.addIssue({
            code: "custom",
            path: ["clusters", index, "natGateways"],
            input: cluster.natGateways,
            message:
                "puts every zone's egress behind one NAT gateway, which prod never allows (its zone down cuts all egress); use perZone (the prod default)",
        });
    }
}

/** The stack configuration schema with the rules that span several keys. */
/** The add-ons each cloud's load balancer path for Argo CD needs (docs/addons.md#argo-cd-at-its-host). */
const PLATFORM_INGRESS_NEEDS = {
    aws: ["aws-load-balancer-controller", "external-dns"],
    gcp: ["cert-manager", "external-dns"],
} as const;

/**
 * `argocd.ingress` without a className is the platform's own path: refused where it cannot work (an existing
 * cluster, annotations it would ignore, an add-on it needs switched off, no DNS zone for the certificate).
 */
function checkPlatformIngress(config: z.output<typeof platformConfigShape>, ctx: z.RefinementCtx): void {
    if (config.addons["argocd-ingress"] !== undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["addons", "argocd-ingress"],
            input: config.addons["argocd-ingress"],
            message: "follows argocd.ingress (set without className to turn it on); remove this key",
        });
    }
    const { ingress } = config.argocd;
    if (ingress === undefined || ingress.className !== undefined) return;
    if (Object.keys(ingress.annotations).length > 0) {
        ctx.addIssue({
            code: "custom",
            path: ["argocd", "ingress", "annotations"],
            input: ingress.annotations,
            message:
                "apply only to the chart's Ingress of argocd.ingress.className; the platform's ALB / GKE Gateway path sets its own, so remove them or set className",
        });
    }
    config.clusters.forEach((cluster, index) => {
        if (cluster.cloud === "existing") {
            ctx.addIssue({
                code: "custom",
                path: ["argocd", "ingress", "className"],
                input: undefined,
                message: `is required: cluster ${cluster.name} is an existing cluster, and the platform's own load balancer path exists only on EKS and GKE; name the IngressClass of its controller`,
            });
            return;
        }
        for (const addon of PLATFORM_INGRESS_NEEDS[cluster.cloud]) {
            if (config.addons[addon] === false) {
                ctx.addIssue({
                    code: "custom",
                    path: ["addons", addon],
                    input: false,
                    message: `is needed by argocd.ingress on ${cluster.cloud} (the platform's load balancer path for Argo CD); remove this key or give argocd.ingress a className`,
                });
            }
        }
        const [key, zones, what] =
            cluster.cloud === "aws"
                ? ([
                      "route53ZoneIds",
                      cluster.route53ZoneIds,
                      "the Route 53 hosted zone (first entry) where Argo CD's ACM certificate is validated",
                  ] as const)
                : ([
                      "cloudDnsZones",
                      cluster.cloudDnsZones,
                      "the Cloud DNS zone where cert-manager proves Argo CD's hosts",
                  ] as const);
        if (zones.length === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, key],
                input: zones,
                message: `needs ${what}, for argocd.ingress without className; add the zone of argocd.domain`,
            });
        }
    });
}

export const platformConfigSchema = platformConfigShape
    .superRefine((config, ctx) => {
        config.clusters.forEach((cluster, index) => {
            if (cluster.cloud === "existing") return;
            if (config.environment === "prod") {
                checkProductionCapacity(cluster, index, ctx);
                checkProductionDnsZones(cluster, index, ctx);
            }
            if (config.environment === "prod") {
                // Elsewhere the same arithmetic flags them through eks-endpoint-restricted and gke-authorized-networks.
                for (const { index: i, message } of allowListIssues(cluster.endpointPublicAccessCidrs)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["clusters", index, "endpointPublicAccessCidrs", ...(i === undefined ? [] : [i])],
                        input:
                            i === undefined ? cluster.endpointPublicAccessCidrs : cluster.endpointPublicAccessCidrs[i],
                        message: `must list only your own networks, which prod always requires: ${message}`,
                    });
                }
            }
            if (cluster.cloud === "gcp") {
                checkGkeCluster(cluster, index, config.environment, ctx);
                return;
            }
            checkEksCluster(cluster, index, config, ctx);
        });

        const clouds = new Set(config.clusters.map((cluster) => cluster.cloud));
        for (const [name, on] of Object.entries(config.addons) as [keyof typeof ADDON_CLOUDS_OF, boolean][]) {
            if (on && !ADDON_CLOUDS_OF[name].some((cloud) => clouds.has(cloud))) {
                ctx.addIssue({
                    code: "custom",
                    path: ["addons", name],
                    input: on,
                    message: `runs only on ${ADDON_CLOUDS_OF[name].join(", ")} clusters and the stack has none; remove it or set it to false`,
                });
            }
        }

        if (config.addons["karpenter-nodepools"] === true && !stackRuns(config, "karpenter")) {
            ctx.addIssue({
                code: "custom",
                path: ["addons", "karpenter-nodepools"],
                input: true,
                message: "needs the karpenter add-on, which serves its NodePools; remove addons.karpenter: false",
            });
        }

        checkTeamNamespaces(config.teams, ctx);

        const { argocd } = config;
        for (const key of ["sso", "ingress"] as const) {
            if (argocd[key] !== undefined && argocd.domain === undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: ["argocd", key],
                    input: argocd[key],
                    message: `needs argocd.domain, which gives Argo CD the URL ${key === "sso" ? "SSO redirects back to" : "the Ingress serves"}`,
                });
            }
        }
        checkPlatformIngress(config, ctx);
        const monitoringStack = config.clusters.find(
            (cluster) =>
                ADDON_CLOUDS_OF["kube-prometheus-stack"].includes(cluster.cloud) &&
                (config.addons["kube-prometheus-stack"] ??
                    ADDON_DEFAULT_ENVIRONMENTS["kube-prometheus-stack"].includes(config.environment)),
        );
        if (argocd.prometheusOperator && monitoringStack) {
            ctx.addIssue({
                code: "custom",
                path: ["argocd", "prometheusOperator"],
                input: true,
                message: `is for a Prometheus Operator of your own; cluster ${monitoringStack.name} runs the kube-prometheus-stack add-on, which already scrapes Argo CD (the chart's ServiceMonitors would scrape it twice): remove this key, or set addons.kube-prometheus-stack to false`,
            });
        }
        for (const { key, neededBy, needed } of SECRET_REQUIREMENTS) {
            if (needed(argocd)) requireSecret(ctx, config, key, neededBy);
        }
        if (!argocd.sso) {
            const groupKeys = ["adminGroups", "readonlyGroups"] as const;
            for (const key of groupKeys) {
                if (argocd.rbac[key].length > 0) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["argocd", "rbac", key],
                        input: argocd.rbac[key],
                        message: "binds SSO groups, so it needs argocd.sso; remove it or configure SSO",
                    });
                }
            }
        }
    })
    // Defaults that follow the environment.
    .transform((config) => ({
        ...config,
        argocd: { ...config.argocd, ha: config.argocd.ha ?? config.environment === "prod" },
    }));

/** The validated configuration as the schema returns it (secret values still plain strings). */
export type ParsedPlatformConfig = z.output<typeof platformConfigSchema>;
/** One validated cluster entry. */
export type ClusterConfig = ParsedPlatformConfig["clusters"][number];
/** Argo CD settings after defaults. */
export type ArgoCdConfig = ParsedPlatformConfig["argocd"];
/** GitOps repository settings after defaults. */
export type GitOpsConfig = ParsedPlatformConfig["gitops"];
/** One application team. */
export type TeamConfig = ParsedPlatformConfig["teams"][number];
