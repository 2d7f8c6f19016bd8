/* Secure GKE inputs, shaped like gitops-platform's own, for the specs to vary. */

/** A node config that passes every node-level GKE policy. */
export const secureNodeConfig = {
    serviceAccount: "gke-nodes@acme.iam.gserviceaccount.com",
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    workloadMetadataConfig: { mode: "GKE_METADATA" },
};

/** A Standard cluster that passes every GKE policy. */
export const secureCluster = {
    privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: true,
        masterIpv4CidrBlock: "172.16.0.0/28",
    },
    masterAuthorizedNetworksConfig: { cidrBlocks: [], gcpPublicCidrsAccessEnabled: false },
    workloadIdentityConfig: { workloadPool: "acme.svc.id.goog" },
    enableShieldedNodes: true,
    releaseChannel: { channel: "REGULAR" },
    databaseEncryption: { state: "ENCRYPTED", keyName: "projects/acme/locations/europe-west1/keyRings/r/cryptoKeys/k" },
    enableLegacyAbac: false,
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
    deletionProtection: true,
    nodeConfig: secureNodeConfig,
};

/** An Autopilot cluster that passes every GKE policy. */
export const secureAutopilotCluster = {
    ...secureCluster,
    nodeConfig: undefined,
    enableShieldedNodes: undefined,
    enableAutopilot: true,
    clusterAutoscaling: { autoProvisioningDefaults: { serviceAccount: secureNodeConfig.serviceAccount } },
};

/** A node pool that passes every GKE policy. */
export const securePool = { name: "system", nodeConfig: secureNodeConfig };
