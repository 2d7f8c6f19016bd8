import { execKubeconfig } from "../kubeconfig";

/** What a kubeconfig for an EKS cluster needs. */
export interface EksKubeconfigArgs {
    clusterName: string;
    region: string;
    endpoint: string;
    /** Base64 certificate authority data, as EKS returns it. */
    certificateAuthorityData: string;
}

/**
 * A kubeconfig that authenticates with `aws eks get-token` (the caller's own AWS credentials), so it holds no
 * static credential. It is still exported only as a secret: it names the endpoint and CA of the cluster.
 */
export function eksKubeconfig(args: EksKubeconfigArgs): string {
    return execKubeconfig({
        name: args.clusterName,
        server: args.endpoint,
        certificateAuthorityData: args.certificateAuthorityData,
        exec: {
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", args.clusterName, "--region", args.region, "--output", "json"],
        },
    });
}
