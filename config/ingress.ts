/**
 * Ingress annotations that would open Argo CD's UI and API: configuration snippets (raw controller config, the
 * vector of ingress-nginx's CVE-2025-1974 family and of NGINX Inc's `*-snippets`), a TLS redirect turned off,
 * and an AWS load balancer that listens on HTTP only. Argo CD carries credentials (SSO sessions, tokens), so
 * none of these is ever allowed: config refuses them in every environment.
 */

/** Why `key: value` may not annotate Argo CD's Ingress, or undefined when it may. */
export function ingressAnnotationProblem(key: string, value: string): string | undefined {
    const name = key.slice(key.lastIndexOf("/") + 1).toLowerCase();
    if (/snippets?$/.test(name)) {
        return "injects raw controller configuration (a snippet), which can bypass Argo CD's TLS and auth or read the controller's secrets; remove it";
    }
    if (key === "nginx.ingress.kubernetes.io/ssl-redirect" && value.trim().toLowerCase() === "false") {
        return "turns the HTTP-to-HTTPS redirect off, so browsers could send Argo CD sessions in clear text; remove it";
    }
    if (key === "alb.ingress.kubernetes.io/listen-ports" && !listensOnHttps(value)) {
        return 'makes the load balancer listen without HTTPS, so Argo CD sessions would cross the network in clear text; include {"HTTPS": 443}';
    }
    return undefined;
}

/** True when an ALB `listen-ports` value (a JSON list like `[{"HTTP": 80}, {"HTTPS": 443}]`) has an HTTPS port. */
function listensOnHttps(value: string): boolean {
    try {
        const ports: unknown = JSON.parse(value);
        return (
            Array.isArray(ports) &&
            ports.some(
                (p) => typeof p === "object" && p !== null && Object.keys(p).some((k) => k.toUpperCase() === "HTTPS"),
            )
        );
    } catch {
        return false;
    }
}
