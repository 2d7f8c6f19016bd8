/** Pulumi type tokens the policies look at. */
export const TYPES = {
    eksCluster: "aws:eks/cluster:Cluster",
    eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    subnet: "aws:ec2/subnet:Subnet",
    awsKmsKey: "aws:kms/key:Key",
    gkeCluster: "gcp:container/cluster:Cluster",
    gkeNodePool: "gcp:container/nodePool:NodePool",
    gcpCryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    helmRelease: "kubernetes:helm.sh/v3:Release",
    application: "kubernetes:argoproj.io/v1alpha1:Application",
    applicationSet: "kubernetes:argoproj.io/v1alpha1:ApplicationSet",
    appProject: "kubernetes:argoproj.io/v1alpha1:AppProject",
    repository: "github:index/repository:Repository",
    repositoryFile: "github:index/repositoryFile:RepositoryFile",
    deployKey: "github:index/repositoryDeployKey:RepositoryDeployKey",
    webhook: "github:index/repositoryWebhook:RepositoryWebhook",
} as const;
