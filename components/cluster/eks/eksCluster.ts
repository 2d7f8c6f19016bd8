import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { eksVersionToDeploy } from "../../../config/kubernetesVersions";
import { ClusterConfig } from "../../../config/schema";
import { compareKubernetesMinors } from "../../../policies/lib/kubernetesReleases";
import { EKS_ADDONS, EksAddonName, eksAddonVersion } from "./addonVersions";
import { DeployerNetwork, eksEndpointConfig, privateEndpointSources } from "./apiAccess";
import {
    ClusterMetadata,
    ClusterSummary,
    PlatformCluster,
    StackContext,
    addonBridgeAnnotations,
    ownershipLabels,
} from "../types";
import {
    PLATFORM_ADDON_IDENTITIES,
    PolicyDocument,
    managedPolicyArn,
    partitionOf,
    podIdentityTrustPolicy,
    serviceTrustPolicy,
} from "./iam";
import { argocdCertificate } from "./certificate";
import { KARPENTER_IDENTITY, KarpenterInfrastructure } from "./karpenter";
import { eksKubeconfig } from "./kubeconfig";
import { ROLE_AND_RULE_NAME_LIMIT, fittingName } from "./naming";
import { EksNetwork, createVpc, useExistingVpc } from "./network";
import { amiTypeFor, eksTaintEffect } from "./nodes";
import { managedNodes } from "../../addons/karpenter";

/** Control-plane log types sent to CloudWatch: who called the API, what it did, and how they authenticated. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator"];

/** Add-ons installed before nodes join (networking and credentials); the rest need nodes to run on. */
const ADDONS_BEFORE_NODES: ReadonlySet<string> = new Set(["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]);

/**
 * The Kubernetes version an EKS cluster of this name runs now, or undefined when there is none yet. Lists the
 * region's clusters first, because describing a cluster that does not exist fails the whole preview.
 */
export function liveEksVersion(clusterName: string, opts: pulumi.InvokeOptions): pulumi.Output<string | undefined> {
    return aws.eks
        .getClustersOutput({}, opts)
        .names.apply(async (names): Promise<string | undefined> =>
            names.includes(clusterName) ? (await aws.eks.getCluster({ name: clusterName }, opts)).version : undefined,
        );
}

/** Arguments of {@link EksCluster}. */
export interface EksClusterArgs {
    /** The cluster's config entry (`cloud: aws`). */
    cluster: Extract<ClusterConfig, { cloud: "aws" }>;
    /** Stack-wide facts for tags and environment defaults. */
    context: StackContext;
    /** Where the deployer runs from (`deployer`): the private endpoint admits its private ranges. */
    deployer: DeployerNetwork;
    /** Argo CD's hosts behind the platform's ALB (none: not exposed that way): they get an ACM certificate. */
    argocdHosts: readonly string[];
    /** Whether the cluster runs the karpenter add-on: then its roles, access entry and interruption queue exist. */
    karpenter: boolean;
}

/**
 * An EKS cluster, secure by default: private API endpoint (public only for listed CIDRs), secrets encrypted
 * with a rotating customer-managed KMS key, audit logs, access entries only (no aws-auth ConfigMap, no
 * implicit creator admin), managed node groups with IMDSv2 in private subnets, and EKS Pod Identity roles for
 * the platform add-ons. Every AWS resource goes through the cluster's own `aws.Provider` for its region.
 */
export class EksCluster extends pulumi.ComponentResource implements PlatformCluster {
    public readonly clusterName: string;
    public readonly cloud = "aws" as const;
    /** The AWS provider for this cluster's region. */
    public readonly awsProvider: aws.Provider;
    /** The EKS control plane. */
    public readonly eksCluster: aws.eks.Cluster;
    /** One managed node group per configured pool. */
    public readonly nodeGroups: aws.eks.NodeGroup[];
    public readonly kubernetesProvider: k8s.Provider;
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly summary: pulumi.Output<ClusterSummary>;
    public readonly metadata: pulumi.Output<ClusterMetadata>;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gitops-platform:cluster:EksCluster", name, {}, opts);
        const { cluster, context, deployer } = args;
        const production = context.environment === "prod";
        const partition = partitionOf(cluster.region);
        this.clusterName = cluster.name;
        this.awsProvider = new aws.Provider(
            `${name}-aws`,
            { region: cluster.region as aws.Region, defaultTags: { tags: ownershipLabels(context, cluster.name) } },
            { parent: this },
        );
        const child = { parent: this, provider: this.awsProvider };
        const invoke = { parent: this, provider: this.awsProvider };

        const network: EksNetwork = cluster.existingVpc
            ? useExistingVpc(name, { clusterName: cluster.name, ...cluster.existingVpc }, child)
            : createVpc(
                  name,
                  {
                      clusterName: cluster.name,
                      vpcCidr: cluster.vpcCidr,
                      zoneCount: cluster.availabilityZoneCount,
                      zoneIds: cluster.availabilityZoneIds
                          ? { ids: pulumi.output(cluster.availabilityZoneIds), pinned: true }
                          : {
                                ids: aws.getAvailabilityZonesOutput({ state: "available" }, invoke).zoneIds,
                                pinned: false,
                            },
                      natGateways: cluster.natGateways ?? (production ? "perZone" : "single"),
                  },
                  child,
              );

        const secretsKey = new aws.kms.Key(
            `${name}-secrets`,
            {
                description: `Envelope encryption of Kubernetes secrets in EKS cluster ${cluster.name}`,
                enableKeyRotation: true,
                deletionWindowInDays: production ? 30 : 7,
            },
            child,
        );
        new aws.kms.Alias(
            `${name}-secrets-alias`,
            { name: `alias/eks/${cluster.name}-secrets`, targetKeyId: secretsKey.keyId },
            child,
        );
        // EKS would create this group itself, with no retention; creating it first bounds the log bill.
        const controlPlaneLogs = new aws.cloudwatch.LogGroup(
            `${name}-control-plane`,
            { name: `/aws/eks/${cluster.name}/cluster`, retentionInDays: production ? 90 : 14 },
            child,
        );

        const role = (roleName: string, assumeRolePolicy: PolicyDocument) =>
            new aws.iam.Role(
                roleName,
                {
                    assumeRolePolicy: JSON.stringify(assumeRolePolicy),
                    ...fittingName(roleName, ROLE_AND_RULE_NAME_LIMIT),
                },
                child,
            );
        const clusterRole = role(`${name}-cluster-role`, serviceTrustPolicy("eks.amazonaws.com"));
        const clusterRolePolicy = new aws.iam.RolePolicyAttachment(
            `${name}-cluster-policy`,
            { role: clusterRole.name, policyArn: managedPolicyArn(partition, "AmazonEKSClusterPolicy") },
            child,
        );

        const endpointSettings = {
            endpointAccess: cluster.endpointAccess,
            endpointPublicAccessCidrs: cluster.endpointPublicAccessCidrs,
            existingVpc: cluster.existingVpc !== undefined,
        };
        // Config is a minimum: with upgradePolicy STANDARD, EKS upgrades a cluster at the end of standard
        // support, and pinning the configured version after that would ask for a downgrade on every `up`.
        const kubernetesVersion = liveEksVersion(cluster.name, invoke).apply((live) => {
            const version = eksVersionToDeploy(cluster.kubernetesVersion, live);
            if (compareKubernetesMinors(version, cluster.kubernetesVersion) < 0) {
                void pulumi.log.warn(
                    `EKS cluster ${cluster.name} runs ${live}: upgrading it to ${version} first (EKS upgrades one minor at a time); run \`pulumi up\` again to reach ${cluster.kubernetesVersion}.`,
                    this,
                );
            }
            return version;
        });
        this.eksCluster = new aws.eks.Cluster(
            `${name}-eks`,
            {
                name: cluster.name,
                version: kubernetesVersion,
                roleArn: clusterRole.arn,
                vpcConfig: { subnetIds: network.privateSubnetIds, ...eksEndpointConfig(endpointSettings) },
                encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
                enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
                upgradePolicy: { supportType: "STANDARD" },
                // The add-ons below are managed explicitly, with versions and settings of our choosing.
                bootstrapSelfManagedAddons: false,
                deletionProtection: cluster.deletionProtection ?? production,
            },
            { ...child, dependsOn: [controlPlaneLogs, clusterRolePolicy] },
        );
        const eksName = this.eksCluster.name;
        new aws.ec2.Tag(
            `${name}-karpenter-sg`,
            {
                resourceId: this.eksCluster.vpcConfig.clusterSecurityGroupId,
                key: "karpenter.sh/discovery",
                value: cluster.name,
            },
            child,
        );

        // A deployer in a network routed to the VPC reaches the private endpoint through the cluster security group.
        privateEndpointSources(endpointSettings, deployer).forEach(
            (cidr, index) =>
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-deployer-api-${index}`,
                    {
                        securityGroupId: this.eksCluster.vpcConfig.clusterSecurityGroupId,
                        cidrIpv4: cidr,
                        ipProtocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        description: "Deployer to the Kubernetes API (private endpoint)",
                    },
                    child,
                ),
        );

        // Access entries: the deployer (so it can install Argo CD) and the configured admins. The deployer is the
        // configured role, else the role behind this session (which would follow whoever ran `up` last).
        const caller = aws.getCallerIdentityOutput({}, invoke);
        const deployerRoleArn =
            cluster.deployerRoleArn ?? aws.iam.getSessionContextOutput({ arn: caller.arn }, invoke).issuerArn;
        const clusterAdmin = (id: string, principalArn: pulumi.Input<string>) => {
            const entry = new aws.eks.AccessEntry(
                `${name}-access-${id}`,
                { clusterName: eksName, principalArn, type: "STANDARD" },
                child,
            );
            return new aws.eks.AccessPolicyAssociation(
                `${name}-admin-${id}`,
                {
                    clusterName: eksName,
                    principalArn,
                    policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
                    accessScope: { type: "cluster" },
                },
                { ...child, dependsOn: [entry] },
            );
        };
        const deployerAccess = clusterAdmin("deployer", deployerRoleArn);
        cluster.adminRoleArns.forEach((arn) => clusterAdmin(arn.split("/").pop()!.toLowerCase(), arn));

        const nodeRole = role(`${name}-node-role`, serviceTrustPolicy("ec2.amazonaws.com"));
        const nodeRolePolicies = [
            "AmazonEKSWorkerNodePolicy",
            "AmazonEC2ContainerRegistryReadOnly",
            "AmazonEKS_CNI_Policy",
        ].map(
            (policy) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-node-${policy}`,
                    { role: nodeRole.name, policyArn: managedPolicyArn(partition, policy) },
                    child,
                ),
        );

        const ebsCsiRole = role(`${name}-ebs-csi-role`, podIdentityTrustPolicy());
        new aws.iam.RolePolicyAttachment(
            `${name}-ebs-csi-policy`,
            { role: ebsCsiRole.name, policyArn: managedPolicyArn(partition, "service-role/AmazonEBSCSIDriverPolicy") },
            child,
        );
        const addon = (addonName: EksAddonName, dependsOn: pulumi.Resource[]) =>
            new aws.eks.Addon(
                `${name}-${addonName}`,
                {
                    clusterName: eksName,
                    addonName,
                    // Pinned for the version the control plane runs (config, or newer when EKS upgraded it).
                    addonVersion: this.eksCluster.version.apply((version) =>
                        eksAddonVersion(addonName, version, cluster.addonVersions),
                    ),
                    configurationValues:
                        addonName === "vpc-cni" ? JSON.stringify({ enableNetworkPolicy: "true" }) : undefined,
                    podIdentityAssociations:
                        addonName === "aws-ebs-csi-driver"
                            ? [{ roleArn: ebsCsiRole.arn, serviceAccount: "ebs-csi-controller-sa" }]
                            : undefined,
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "PRESERVE",
                },
                { ...child, dependsOn },
            );
        const networkingAddons = EKS_ADDONS.filter((a) => ADDONS_BEFORE_NODES.has(a)).map((a) => addon(a, []));

        this.nodeGroups = cluster.nodePools.map((pool) => {
            const launchTemplate = new aws.ec2.LaunchTemplate(
                `${name}-${pool.name}-template`,
                {
                    description: `Nodes of pool ${pool.name} in EKS cluster ${cluster.name}`,
                    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                    blockDeviceMappings: [
                        {
                            deviceName: "/dev/xvda",
                            ebs: {
                                volumeSize: pool.diskSizeGb,
                                volumeType: "gp3",
                                encrypted: "true",
                                deleteOnTermination: "true",
                            },
                        },
                    ],
                    tagSpecifications: ["instance", "volume"].map((resourceType) => ({
                        resourceType,
                        tags: { Name: `${cluster.name}-${pool.name}`, ...ownershipLabels(context, cluster.name) },
                    })),
                    updateDefaultVersion: true,
                },
                child,
            );
            return new aws.eks.NodeGroup(
                `${name}-${pool.name}`,
                {
                    clusterName: eksName,
                    nodeGroupNamePrefix: `${pool.name}-`,
                    // Nodes follow the control plane, also after EKS upgraded it on its own.
                    version: this.eksCluster.version,
                    nodeRoleArn: nodeRole.arn,
                    subnetIds: network.privateSubnetIds,
                    instanceTypes: pool.instanceTypes,
                    amiType: amiTypeFor(pool.instanceTypes),
                    capacityType: pool.capacityType,
                    scalingConfig: {
                        minSize: pool.minSize,
                        maxSize: pool.maxSize,
                        desiredSize: managedNodes(pool),
                    },
                    labels: pool.labels,
                    taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: eksTaintEffect(t.effect) })),
                    launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
                    updateConfig: { maxUnavailablePercentage: 33 },
                },
                {
                    ...child,
                    dependsOn: [...nodeRolePolicies, ...networkingAddons, ...network.egress],
                    // The group keeps the count it started with: Karpenter adds the nodes up to maxSize, and a
                    // count changed by hand (or by EKS during an update) is not reset.
                    ignoreChanges: ["scalingConfig.desiredSize"],
                },
            );
        });
        const workloadAddons = EKS_ADDONS.filter((a) => !ADDONS_BEFORE_NODES.has(a)).map((a) =>
            addon(a, this.nodeGroups),
        );

        const scope = {
            partition,
            region: cluster.region,
            accountId: caller.accountId,
            clusterName: cluster.name,
            route53ZoneIds: cluster.route53ZoneIds,
        };
        const addonRoles = PLATFORM_ADDON_IDENTITIES.map((identity) => {
            const addonRole = role(`${name}-${identity.name}-role`, podIdentityTrustPolicy());
            new aws.iam.RolePolicy(
                `${name}-${identity.name}-policy`,
                {
                    role: addonRole.name,
                    policy: pulumi.output(scope).apply((s) => JSON.stringify(identity.policy(s))),
                },
                child,
            );
            const association = new aws.eks.PodIdentityAssociation(
                `${name}-${identity.name}-pod-identity`,
                {
                    clusterName: eksName,
                    namespace: identity.namespace,
                    serviceAccount: identity.serviceAccount,
                    roleArn: addonRole.arn,
                },
                child,
            );
            // The association's output, so the cluster Secret (and the add-on's pods) wait for it: Pod Identity
            // gives credentials only to pods created after their association exists.
            return { identity, roleArn: association.roleArn };
        });

        const karpenter = args.karpenter
            ? new KarpenterInfrastructure(
                  `${name}-karpenter`,
                  {
                      clusterName: cluster.name,
                      eksClusterName: eksName,
                      partition,
                      region: cluster.region,
                      accountId: caller.accountId,
                  },
                  { parent: this, providers: [this.awsProvider] },
              )
            : undefined;

        this.kubeconfig = pulumi.secret(
            pulumi
                .all([this.eksCluster.endpoint, this.eksCluster.certificateAuthority.data])
                .apply(([endpoint, certificateAuthorityData]) =>
                    eksKubeconfig({
                        clusterName: cluster.name,
                        region: cluster.region,
                        endpoint,
                        certificateAuthorityData,
                    }),
                ),
        );
        // Everything in the cluster waits for nodes, cluster DNS and the deployer's access, so the first
        // `up` never races an unready cluster; on destroy the same edges remove in-cluster objects first.
        this.kubernetesProvider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig },
            { parent: this, dependsOn: [...this.nodeGroups, ...workloadAddons, deployerAccess] },
        );

        this.summary = pulumi.output({
            cloud: this.cloud,
            region: cluster.region,
            kubernetesVersion: this.eksCluster.version,
        });
        // Config validation requires route53ZoneIds with the platform's ALB path: the first is argocd.domain's.
        const certificateArn =
            args.argocdHosts.length > 0
                ? argocdCertificate(name, args.argocdHosts, cluster.route53ZoneIds[0], child)
                : undefined;
        this.metadata = pulumi
            .all([
                caller.accountId,
                network.vpcId,
                certificateArn ?? "",
                pulumi.all(addonRoles.map((r) => r.roleArn)),
                karpenter
                    ? pulumi.all([karpenter.controllerRoleArn, karpenter.nodeRoleName, karpenter.interruptionQueueName])
                    : undefined,
            ])
            .apply(([accountId, vpcId, argocdCertificateArn, roleArns, karpenterOutputs]): ClusterMetadata => {
                const addonAnnotations = addonBridgeAnnotations(
                    addonRoles.map((r) => r.identity),
                    roleArns,
                    "iam_role_arn",
                );
                const karpenterAnnotations = karpenterOutputs
                    ? {
                          ...addonBridgeAnnotations([KARPENTER_IDENTITY], [karpenterOutputs[0]], "iam_role_arn"),
                          karpenter_node_role: karpenterOutputs[1],
                          karpenter_interruption_queue: karpenterOutputs[2],
                      }
                    : {};
                return {
                    labels: {
                        cloud: "aws",
                        environment: context.environment,
                        cluster_name: cluster.name,
                    },
                    annotations: {
                        aws_account_id: accountId,
                        aws_region: cluster.region,
                        aws_vpc_id: vpcId,
                        aws_cluster_name: cluster.name,
                        ...(argocdCertificateArn ? { argocd_certificate_arn: argocdCertificateArn } : {}),
                        ...addonAnnotations,
                        ...karpenterAnnotations,
                    },
                };
            });
        this.registerOutputs({
            kubeconfig: this.kubeconfig,
            summary: this.summary,
            metadata: this.metadata,
        });
    }
}
