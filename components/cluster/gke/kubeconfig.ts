import { execKubeconfig } from "../kubeconfig";

/** What a kubeconfig for a GKE cluster needs. */
export interface GkeKubeconfigArgs {
    clusterName: string;
    project: string;
    location: string;
    endpoint: string;
    /** Base64 cluster CA certificate, as GKE returns it. */
    caCertificate: string;
}

/**
 * A kubeconfig that authenticates with `gke-gcloud-auth-plugin` (the caller's own gcloud credentials), so it
 * holds no static token. Still exported only as a secret.
 */
export function gkeKubeconfig(args: GkeKubeconfigArgs): string {
    return execKubeconfig({
        name: `gke_${args.project}_${args.location}_${args.clusterName}`,
        server: `https://${args.endpoint}`,
        certificateAuthorityData: args.caCertificate,
        exec: {
            command: "gke-gcloud-auth-plugin",
            installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
            provideClusterInfo: true,
        },
    });
}
