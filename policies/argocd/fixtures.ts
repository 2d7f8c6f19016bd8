/* Argo CD install inputs for the specs: a Helm release and the same values carried by an Application. */

/* eslint-disable @typescript-eslint/no-explicit-any -- Helm values are untyped */

/** Values that pass every Argo CD policy on a production stack (shaped like gitops-platform's prod values). */
export function secureValues(): Record<string, any> {
    const pdb = { enabled: true, maxUnavailable: 1 };
    return {
        global: { image: { tag: "v3.4.15" }, networkPolicy: { create: true, defaultDenyIngress: true } },
        configs: {
            cm: {
                "admin.enabled": false,
                "users.anonymous.enabled": false,
                "exec.enabled": false,
                "dex.config":
                    "connectors:\n  - type: github\n    id: github\n    config:\n      clientID: Iv1.abc\n      clientSecret: $argocd-sso:clientSecret\n",
            },
            params: { "server.insecure": "true" },
            rbac: { "policy.default": "role:readonly" },
            secret: { createSecret: false },
        },
        controller: { replicas: 1, pdb },
        server: {
            autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5 },
            pdb,
            ingress: { enabled: true, ingressClassName: "nginx", hostname: "argocd.example.com", tls: true },
        },
        repoServer: { autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5 }, pdb },
        applicationSet: { replicas: 2, pdb },
        notifications: {
            secret: { create: false },
            notifiers: { "service.slack": "token: $slack-token\n" },
        },
        "redis-ha": { enabled: true, networkPolicy: { enabled: true }, haproxy: { networkPolicy: { enabled: true } } },
    };
}

/** Helm release inputs of the argo-cd chart with these values. */
export function release(values: Record<string, any> = secureValues(), version = "10.1.1"): Record<string, any> {
    return {
        name: "argocd",
        chart: "argo-cd",
        version,
        repositoryOpts: { repo: "https://argoproj.github.io/argo-helm" },
        values,
    };
}

/** An Application (Argo CD managing itself) installing the argo-cd chart with these values. */
export function selfManagedApplication(
    values: Record<string, any> = secureValues(),
    version = "10.1.1",
): Record<string, any> {
    return {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: "argocd", namespace: "argocd" },
        spec: {
            project: "platform",
            source: {
                repoURL: "https://argoproj.github.io/argo-helm",
                chart: "argo-cd",
                targetRevision: version,
                helm: { valuesObject: values },
            },
            destination: { server: "https://kubernetes.default.svc", namespace: "argocd" },
        },
    };
}
