import * as YAML from "yaml";

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
    const name = args.clusterName;
    return YAML.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            { name, cluster: { server: args.endpoint, "certificate-authority-data": args.certificateAuthorityData } },
        ],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", name, "--region", args.region, "--output", "json"],
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}
