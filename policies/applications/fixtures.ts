/* Argo CD Application inputs for the specs. */

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped */

/** A spec that passes every Application policy. */
export function secureSpec(): Record<string, any> {
    return {
        project: "platform",
        source: {
            repoURL: "git@github.com:acme/platform-gitops.git",
            path: "clusters/prod-eks",
            targetRevision: "main",
        },
        destination: { server: "https://kubernetes.default.svc", namespace: "argocd" },
        syncPolicy: {
            automated: { prune: true, selfHeal: true },
            retry: { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } },
            syncOptions: ["CreateNamespace=true", "ServerSideApply=true"],
        },
    };
}

/** An Application resource with this spec. */
export const application = (spec: Record<string, any> = secureSpec()) => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "root", namespace: "argocd" },
    spec,
});

/** An ApplicationSet whose template has this spec. */
export const applicationSet = (spec: Record<string, any> = secureSpec()) => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name: "apps", namespace: "argocd" },
    spec: { generators: [{ list: { elements: [] } }], template: { metadata: { name: "{{.name}}" }, spec } },
});

/** A spec changed by `change`. */
export function specWith(change: (spec: Record<string, any>) => void): Record<string, any> {
    const spec = secureSpec();
    change(spec);
    return spec;
}
