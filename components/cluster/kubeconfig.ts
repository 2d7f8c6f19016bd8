import * as YAML from "yaml";

/** A kubeconfig for one cluster whose user authenticates by running a credential plugin. */
export interface ExecKubeconfigArgs {
    /** Name of the cluster, context and user entries. */
    name: string;
    /** API server URL. */
    server: string;
    /**
     * Base64 certificate authority data of a server whose certificate the cluster's own CA signs; omitted for a
     * server with a publicly trusted certificate, which the system's roots verify.
     */
    certificateAuthorityData?: string;
    /** The `exec` credential plugin (command, args, ...); no static credential is ever written. */
    exec: Record<string, unknown> & { command: string };
}

/** Writes a kubeconfig whose only credential is an exec plugin run with the caller's own cloud login. */
export function execKubeconfig(args: ExecKubeconfigArgs): string {
    const { name } = args;
    return YAML.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name,
                cluster: {
                    server: args.server,
                    ...(args.certificateAuthorityData !== undefined && {
                        "certificate-authority-data": args.certificateAuthorityData,
                    }),
                },
            },
        ],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        ...args.exec,
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}
