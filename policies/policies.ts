import * as applications from "./applications";
import * as argocd from "./argocd";
import * as eks from "./eks";
import * as github from "./github";
import * as gke from "./gke";
import * as kms from "./kms";
import { PlatformPolicy } from "./lib/policy";

/**
 * Every policy of the pack, in the order the docs list them. Importing this module constructs nothing:
 * `new PolicyPack` (in index.ts) starts a gRPC server, so specs and the offline check import this list instead.
 */
export const ALL_POLICIES: PlatformPolicy[] = [
    eks.eksEndpointRestricted,
    eks.eksSecretsEncryption,
    eks.eksControlPlaneLogging,
    eks.eksAccessEntriesOnly,
    eks.eksNodeImdsV2,
    eks.eksNodesPrivateSubnets,
    eks.eksStandardSupport,
    eks.eksDeletionProtection,
    eks.eksNatGatewayPerZone,
    eks.nodePoolsProductionReady,
    kms.kmsKeyRotation,
    gke.gkePrivateNodes,
    gke.gkeAuthorizedNetworks,
    gke.gkeWorkloadIdentity,
    gke.gkeShieldedNodes,
    gke.gkeReleaseChannel,
    gke.gkeStandardSupport,
    gke.gkeSecretsEncryption,
    gke.gkeNoLegacyAuth,
    gke.gkeNodeServiceAccount,
    gke.gkeDeletionProtection,
    argocd.argocdChartVersion,
    argocd.argocdHighAvailability,
    argocd.argocdRbacDefaultNotAdmin,
    argocd.argocdAdminDisabledWithSso,
    argocd.argocdAnonymousAccessDisabled,
    argocd.argocdExecDisabled,
    argocd.argocdServerInsecureBehindTls,
    argocd.argocdNetworkPolicies,
    argocd.argocdNoLiteralSecrets,
    argocd.argocdSsoInProduction,
    argocd.argocdRbacGroupsNotRoles,
    applications.applicationNotDefaultProject,
    applications.applicationAutomatedSync,
    applications.applicationServerSideApply,
    applications.applicationNoApplyOutOfSyncOnly,
    applications.argocdAppProjectConfined,
    github.githubDeployKeyReadOnly,
    github.githubWebhookSecure,
    github.githubRepositoryPrivate,
];
