import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { ClusterConfig, defaultGkeNodePools } from "../../../config/schema";
import {
    ClusterMetadata,
    ClusterSummary,
    PlatformCluster,
    StackContext,
    addonBridgeAnnotations,
    ownershipLabels,
} from "../types";
import {
    DNS_RECORD_PERMISSIONS,
    DNS_ZONE_LIST_PERMISSIONS,
    GKE_ADDON_IDENTITIES,
    NODE_SERVICE_ACCOUNT_ROLES,
    customRoleId,
    gkeServiceAgent,
    ownSecretsCondition,
    serviceAccountId,
    workloadIdentityMember,
} from "./identity";
import { gkeKubeconfig } from "./kubeconfig";
import { poolSizing, poolZoneCount } from "./nodes";

/** Arguments of {@link GkeCluster}. */
export interface GkeClusterArgs {
    /** The cluster's config entry (`cloud: gcp`). */
    cluster: Extract<ClusterConfig, { cloud: "gcp" }>;
    /** Stack-wide facts for labels and environment defaults. */
    context: StackContext;
}

const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** Kubernetes taint effect to the GKE API's spelling. */
const TAINT_EFFECT = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
} as const;

/**
 * A GKE cluster, secure by default: private nodes, a private IP endpoint (or one restricted to authorized
 * networks) and the IAM-authorised DNS-based endpoint that Pulumi and CI reach it through, Workload Identity, Dataplane V2, Shielded Nodes, application-layer secrets encryption
 * with a Cloud KMS key, no legacy ABAC or client certificate, the default node pool removed, hardened node
 * pools under a dedicated least-privilege service account, and Google service accounts for the platform
 * add-ons. Every Google Cloud resource goes through the cluster's own `gcp.Provider`.
 */
export class GkeCluster extends pulumi.ComponentResource implements PlatformCluster {
    public readonly clusterName: string;
    public readonly cloud = "gcp" as const;
    /** The Google Cloud provider for this cluster's project and region. */
    public readonly gcpProvider: gcp.Provider;
    /** The GKE cluster. */
    public readonly gkeCluster: gcp.container.Cluster;
    /** Node pools (none with Autopilot). */
    public readonly nodePools: gcp.container.NodePool[];
    public readonly kubernetesProvider: k8s.Provider;
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly summary: pulumi.Output<ClusterSummary>;
    public readonly metadata: pulumi.Output<ClusterMetadata>;

    constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gitops-platform:cluster:GkeCluster", name, {}, opts);
        const { cluster, context } = args;
        const production = context.environment === "prod";
        const location = cluster.zone ?? cluster.region;
        this.clusterName = cluster.name;
        this.gcpProvider = new gcp.Provider(
            `${name}-gcp`,
            { project: cluster.project, region: cluster.region, defaultLabels: ownershipLabels(context, cluster.name) },
            { parent: this },
        );
        const child = { parent: this, provider: this.gcpProvider };
        const projectNumber = gcp.organizations.getProjectOutput({ projectId: cluster.project }, child).number;

        // Network: a VPC-native subnet with secondary ranges for pods and Services, and Cloud NAT for private nodes.
        let network: pulumi.Input<string>;
        let subnetwork: pulumi.Input<string>;
        let podsRangeName = "pods";
        let servicesRangeName = "services";
        if (cluster.existingNetwork) {
            ({ network, subnetwork, podsRangeName, servicesRangeName } = cluster.existingNetwork);
        } else {
            const vpc = new gcp.compute.Network(
                `${name}-network`,
                { name: cluster.name, autoCreateSubnetworks: false, routingMode: "REGIONAL" },
                child,
            );
            const subnet = new gcp.compute.Subnetwork(
                `${name}-subnet`,
                {
                    name: cluster.name,
                    network: vpc.id,
                    region: cluster.region,
                    ipCidrRange: cluster.subnetCidr,
                    privateIpGoogleAccess: true,
                    secondaryIpRanges: [
                        { rangeName: podsRangeName, ipCidrRange: cluster.podsCidr },
                        { rangeName: servicesRangeName, ipCidrRange: cluster.servicesCidr },
                    ],
                },
                child,
            );
            const router = new gcp.compute.Router(
                `${name}-router`,
                { name: cluster.name, network: vpc.id, region: cluster.region },
                child,
            );
            new gcp.compute.RouterNat(
                `${name}-nat`,
                {
                    name: cluster.name,
                    router: router.name,
                    region: cluster.region,
                    natIpAllocateOption: "AUTO_ONLY",
                    sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
                    logConfig: { enable: true, filter: "ERRORS_ONLY" },
                },
                child,
            );
            network = vpc.id;
            subnetwork = subnet.id;
        }

        // Application-layer secrets encryption. Key rings cannot be deleted in Google Cloud: see docs/gke.md.
        const keyRing = new gcp.kms.KeyRing(
            `${name}-keyring`,
            { name: `${cluster.name}-gke`, location: cluster.region },
            child,
        );
        const secretsKey = new gcp.kms.CryptoKey(
            `${name}-secrets`,
            { name: "kubernetes-secrets", keyRing: keyRing.id, purpose: "ENCRYPT_DECRYPT", rotationPeriod: "7776000s" },
            child,
        );
        const keyAccess = new gcp.kms.CryptoKeyIAMMember(
            `${name}-secrets-gke-agent`,
            {
                cryptoKeyId: secretsKey.id,
                role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
                member: projectNumber.apply(gkeServiceAgent),
            },
            child,
        );

        const nodeAccount = new gcp.serviceaccount.Account(
            `${name}-nodes`,
            { accountId: serviceAccountId(cluster.name, "nodes"), displayName: `Nodes of GKE cluster ${cluster.name}` },
            child,
        );
        const nodeRoles = NODE_SERVICE_ACCOUNT_ROLES.map(
            (role) =>
                new gcp.projects.IAMMember(
                    `${name}-nodes-${role.split("/")[1]}`,
                    { project: cluster.project, role, member: pulumi.interpolate`serviceAccount:${nodeAccount.email}` },
                    child,
                ),
        );
        const shielded = { enableSecureBoot: true, enableIntegrityMonitoring: true };
        const nodeConfig = {
            serviceAccount: nodeAccount.email,
            oauthScopes: [CLOUD_PLATFORM_SCOPE],
            imageType: "COS_CONTAINERD",
            shieldedInstanceConfig: shielded,
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            metadata: { "disable-legacy-endpoints": "true" },
        };

        const authorizedCidrs = cluster.endpointPublicAccessCidrs;
        this.gkeCluster = new gcp.container.Cluster(
            `${name}-gke`,
            {
                name: cluster.name,
                location,
                network,
                subnetwork,
                networkingMode: "VPC_NATIVE",
                ipAllocationPolicy: {
                    clusterSecondaryRangeName: podsRangeName,
                    servicesSecondaryRangeName: servicesRangeName,
                },
                releaseChannel: { channel: cluster.releaseChannel },
                minMasterVersion: cluster.kubernetesVersion,
                privateClusterConfig: {
                    enablePrivateNodes: true,
                    enablePrivateEndpoint: authorizedCidrs.length === 0,
                    masterIpv4CidrBlock: cluster.masterCidr,
                },
                masterAuthorizedNetworksConfig: {
                    cidrBlocks: authorizedCidrs.map((cidrBlock) => ({ cidrBlock, displayName: cidrBlock })),
                    gcpPublicCidrsAccessEnabled: false,
                },
                // The way in for Pulumi, CI and people, from any network: Google's front end checks IAM
                // (`container.clusters.connect`) before a request reaches the API server, so the private IP
                // endpoint can stay private.
                controlPlaneEndpointsConfig: {
                    dnsEndpointConfig: { allowExternalTraffic: true },
                    ipEndpointsConfig: { enabled: true },
                },
                workloadIdentityConfig: { workloadPool: `${cluster.project}.svc.id.goog` },
                // GKE's own Gateway controller and its Gateway API CRDs (standard channel): the way in on GKE,
                // for Argo CD (the argocd-ingress add-on) and for teams' HTTPRoutes.
                gatewayApiConfig: { channel: "CHANNEL_STANDARD" },
                databaseEncryption: { state: "ENCRYPTED", keyName: secretsKey.id },
                enableLegacyAbac: false,
                masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
                loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "WORKLOADS"] },
                monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: true } },
                deletionProtection: production,
                ...(cluster.autopilot
                    ? {
                          enableAutopilot: true,
                          clusterAutoscaling: {
                              autoProvisioningDefaults: {
                                  serviceAccount: nodeAccount.email,
                                  oauthScopes: [CLOUD_PLATFORM_SCOPE],
                              },
                          },
                      }
                    : {
                          datapathProvider: "ADVANCED_DATAPATH",
                          enableShieldedNodes: true,
                          // GKE needs a first pool to create the cluster; it is removed once the cluster exists.
                          removeDefaultNodePool: true,
                          initialNodeCount: 1,
                          nodeConfig,
                      }),
            },
            {
                ...child,
                dependsOn: [keyAccess, ...nodeRoles],
                // These only shape the default pool, removed right after creation; GKE then reports no node
                // config, and a diff on either would replace the whole cluster (terraform-provider-google#3409).
                ignoreChanges: cluster.autopilot ? [] : ["nodeConfig", "initialNodeCount"],
            },
        );

        const zones = poolZoneCount(cluster.zone !== undefined);
        const pools = cluster.autopilot ? [] : (cluster.nodePools ?? defaultGkeNodePools());
        this.nodePools = pools.map((pool) => {
            const sizing = poolSizing(pool, zones);
            return new gcp.container.NodePool(
                `${name}-${pool.name}`,
                {
                    name: pool.name,
                    cluster: this.gkeCluster.name,
                    location,
                    initialNodeCount: sizing.initialNodeCountPerZone,
                    autoscaling: {
                        totalMinNodeCount: sizing.totalMinNodeCount,
                        totalMaxNodeCount: sizing.totalMaxNodeCount,
                        locationPolicy: "BALANCED",
                    },
                    management: { autoRepair: true, autoUpgrade: true },
                    upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
                    nodeConfig: {
                        ...nodeConfig,
                        machineType: pool.machineType,
                        diskSizeGb: pool.diskSizeGb,
                        diskType: "pd-balanced",
                        spot: pool.capacityType === "SPOT",
                        labels: pool.labels,
                        taints: pool.taints.map((t) => ({
                            key: t.key,
                            value: t.value,
                            effect: TAINT_EFFECT[t.effect],
                        })),
                    },
                },
                // The autoscaler owns the node count once the pool exists.
                { ...child, ignoreChanges: ["initialNodeCount"] },
            );
        });

        // Workload Identity: a Google service account per add-on, usable only by its Kubernetes service account.
        // The DNS add-ons get two custom roles instead of DNS admin: changing records (on the listed zones, or
        // the project when none are listed) and listing zones (always the project: a zone cannot grant it).
        const dnsRole = (id: string, title: string, permissions: string[]) =>
            new gcp.projects.IAMCustomRole(
                `${name}-${id}`,
                {
                    project: cluster.project,
                    roleId: customRoleId(cluster.name, id.replace(/-/g, "_")),
                    title: `${title} (GKE cluster ${cluster.name})`,
                    permissions,
                },
                child,
            );
        const recordEditor = dnsRole("dns-records", "DNS record editor", DNS_RECORD_PERMISSIONS);
        const zoneLister = dnsRole("dns-zone-list", "DNS zone lister", DNS_ZONE_LIST_PERMISSIONS);
        const dnsRoles = (member: pulumi.Output<string>, id: string) => {
            new gcp.projects.IAMMember(
                `${name}-${id}-dns-zone-list`,
                { project: cluster.project, role: zoneLister.name, member },
                child,
            );
            if (cluster.cloudDnsZones.length === 0) {
                new gcp.projects.IAMMember(
                    `${name}-${id}-dns-records`,
                    { project: cluster.project, role: recordEditor.name, member },
                    child,
                );
            }
            for (const zone of cluster.cloudDnsZones) {
                new gcp.dns.DnsManagedZoneIamMember(
                    `${name}-${id}-${zone}`,
                    { project: cluster.project, managedZone: zone, role: recordEditor.name, member },
                    child,
                );
            }
        };
        const addonAccounts = GKE_ADDON_IDENTITIES.map((identity) => {
            const account = new gcp.serviceaccount.Account(
                `${name}-${identity.name}`,
                {
                    accountId: serviceAccountId(cluster.name, identity.short),
                    displayName: `${identity.name} of GKE cluster ${cluster.name}`,
                },
                child,
            );
            const member = pulumi.interpolate`serviceAccount:${account.email}`;
            if (identity.name === "external-secrets") {
                new gcp.projects.IAMMember(
                    `${name}-${identity.name}-accessor`,
                    {
                        project: cluster.project,
                        role: "roles/secretmanager.secretAccessor",
                        member,
                        condition: projectNumber.apply((n) => ownSecretsCondition(n, cluster.name)),
                    },
                    child,
                );
            } else {
                dnsRoles(member, identity.name);
            }
            // The workload pool exists once the cluster does.
            new gcp.serviceaccount.IAMMember(
                `${name}-${identity.name}-workload-identity`,
                {
                    serviceAccountId: account.name,
                    role: "roles/iam.workloadIdentityUser",
                    member: workloadIdentityMember(cluster.project, identity.namespace, identity.serviceAccount),
                },
                { ...child, dependsOn: [this.gkeCluster] },
            );
            return { identity, email: account.email };
        });

        this.kubeconfig = pulumi.secret(
            pulumi.output(this.gkeCluster.controlPlaneEndpointsConfig).apply((endpoints) =>
                gkeKubeconfig({
                    clusterName: cluster.name,
                    project: cluster.project,
                    location,
                    dnsEndpoint: endpoints.dnsEndpointConfig?.endpoint ?? "",
                }),
            ),
        );
        // Everything in the cluster waits for its nodes, so the first `up` never races an unready cluster.
        this.kubernetesProvider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig },
            { parent: this, dependsOn: this.nodePools.length > 0 ? this.nodePools : [this.gkeCluster] },
        );

        this.summary = pulumi.output({
            cloud: this.cloud,
            region: cluster.region,
            kubernetesVersion: cluster.kubernetesVersion,
        });
        this.metadata = pulumi.all(addonAccounts.map((a) => a.email)).apply((emails): ClusterMetadata => {
            const addonAnnotations = addonBridgeAnnotations(
                addonAccounts.map((a) => a.identity),
                emails,
                "gcp_service_account",
            );
            return {
                labels: {
                    cloud: "gcp",
                    environment: context.environment,
                    cluster_name: cluster.name,
                },
                annotations: {
                    gcp_project_id: cluster.project,
                    gcp_region: cluster.region,
                    gcp_cluster_name: cluster.name,
                    gcp_network: cluster.existingNetwork?.network ?? cluster.name,
                    ...addonAnnotations,
                },
            };
        });
        this.registerOutputs({ kubeconfig: this.kubeconfig, summary: this.summary, metadata: this.metadata });
    }
}
