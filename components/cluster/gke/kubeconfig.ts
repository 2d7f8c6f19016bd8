import * as YAML from "yaml";

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
    const name = `gke_${args.project}_${args.location}_${args.clusterName}`;
    return YAML.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            { name, cluster: { server: `https://${args.endpoint}`, "certificate-authority-data": args.caCertificate } },
        ],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "gke-gcloud-auth-plugin",
                        installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                        provideClusterInfo: true,
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}
