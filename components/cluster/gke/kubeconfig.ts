import { execKubeconfig } from "../kubeconfig";

/** What a kubeconfig for a GKE cluster needs. */
export interface GkeKubeconfigArgs {
    clusterName: string;
    project: string;
    location: string;
    /** The cluster's DNS-based control-plane endpoint, `gke-<id>.<region>.gke.goog`. */
    dnsEndpoint: string;
}

/**
 * A kubeconfig for the DNS-based endpoint, as `gcloud container clusters get-credentials --dns-endpoint` writes
 * it: it authenticates with `gke-gcloud-auth-plugin` (the caller's own gcloud credentials, no static token),
 * and carries no certificate authority, because that endpoint presents a certificate from a public CA (Google
 * Trust Services) rather than the cluster's own CA, which signs only the IP endpoints. Still exported only as a
 * secret.
 */
export function gkeKubeconfig(args: GkeKubeconfigArgs): string {
    return execKubeconfig({
        name: `gke_${args.project}_${args.location}_${args.clusterName}`,
        server: `https://${args.dnsEndpoint}`,
        exec: {
            command: "gke-gcloud-auth-plugin",
            installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
            provideClusterInfo: true,
        },
    });
}
