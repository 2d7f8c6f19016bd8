import type { ArgoCdConfig } from "../../config/schema";
import {
    ARGOCD_NAMESPACE,
    ARGOCD_RELEASE_NAME,
    applicationSetWebhookHost,
    argocdHost,
    platformIngress,
} from "../argocd/values";

export { platformIngress };
import { AddonCloud } from "./names";
import { CLUSTER_ISSUER_NAME, KubernetesObject } from "./objects";

/**
 * Argo CD's UI, API and ApplicationSet webhook exposed through the cloud's own load balancer: on EKS an ALB
 * the AWS Load Balancer Controller makes from two Ingresses (class `alb`, one ALB for both through an
 * IngressGroup, TLS with the ACM certificate Pulumi validates), on GKE the built-in Gateway controller's global
 * external Application Load Balancer (a Gateway, two HTTPRoutes, a cert-manager certificate). Both terminate
 * the clients' TLS and open their own to argocd-server, and external-dns publishes the hosts.
 *
 * This is the `argocd-ingress` add-on, after the controllers it needs (wave 4): not part of Argo CD's own chart,
 * whose Application syncs in wave 0, because Argo CD reports an Ingress or Gateway healthy only once its load
 * balancer exists, which would hold wave 0 (and every wave after it) for a controller that comes later.
 */

/** Argo CD's Services as the argo-cd chart names them for release `argocd` (`nameOverride: argocd`). */
export const ARGOCD_SERVICES = {
    /**
     * `argocd-server`: port 443 (`https`, appProtocol HTTPS) to container port 8080, which serves TLS (no
     * `server.insecure` on this path: the load balancer re-encrypts to the pod) and `/healthz`.
     */
    server: {
        name: `${ARGOCD_RELEASE_NAME}-server`,
        port: 443,
        protocol: "HTTPS",
        healthPort: 8080,
        healthPath: "/healthz",
    },
    /**
     * `argocd-applicationset-controller`: port 7000 (`http-webhook`, plain HTTP: the controller has no TLS)
     * serves only `/api/webhook`, so the load balancer checks the probe port 8081 (controller-runtime's
     * `/healthz`).
     */
    applicationSet: {
        name: `${ARGOCD_RELEASE_NAME}-applicationset-controller`,
        port: 7000,
        protocol: "HTTP",
        healthPort: 8081,
        healthPath: "/healthz",
    },
} as const;

/** The path the ApplicationSet controller serves its webhook on. */
export const APPLICATIONSET_WEBHOOK_PATH = "/api/webhook";

/** The hosts a cluster's Argo CD answers on through the platform's path (certificate names), or none. */
export function platformIngressHosts(clusterName: string, argocd: Pick<ArgoCdConfig, "ingress" | "domain">) {
    return platformIngress(argocd) && argocd.domain
        ? [argocdHost(clusterName, argocd.domain), applicationSetWebhookHost(clusterName, argocd.domain)]
        : [];
}

/** The cluster Secret annotations the add-on reads: its two hosts. */
export function argocdIngressAnnotations(
    clusterName: string,
    argocd: Pick<ArgoCdConfig, "ingress" | "domain">,
): Record<string, string> {
    const [host, webhookHost] = platformIngressHosts(clusterName, argocd);
    return host ? { argocd_host: host, argocd_applicationset_webhook_host: webhookHost } : {};
}

const HOST = "{{.metadata.annotations.argocd_host}}";
const WEBHOOK_HOST = "{{.metadata.annotations.argocd_applicationset_webhook_host}}";

/** The ApplicationSet controller's webhook and probe ports, which the chart's default-deny policy closes. */
function webhookNetworkPolicy(): KubernetesObject {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "argocd-applicationset-webhook", namespace: ARGOCD_NAMESPACE },
        spec: {
            // The chart's own selector labels of the ApplicationSet controller's pods.
            podSelector: { matchLabels: { "app.kubernetes.io/name": "argocd-applicationset-controller" } },
            policyTypes: ["Ingress"],
            // The load balancer's addresses are the cloud's (ALB nodes, Google front ends): any source.
            ingress: [
                {
                    ports: [
                        { protocol: "TCP", port: ARGOCD_SERVICES.applicationSet.port },
                        { protocol: "TCP", port: ARGOCD_SERVICES.applicationSet.healthPort },
                    ],
                },
            ],
        },
    };
}

/** An ALB Ingress of the IngressGroup `argocd` for one host and Service. */
function albIngress(
    name: string,
    host: string,
    path: { path: string; pathType: "Prefix" | "Exact" },
    service: (typeof ARGOCD_SERVICES)[keyof typeof ARGOCD_SERVICES],
): KubernetesObject {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: {
            name,
            namespace: ARGOCD_NAMESPACE,
            annotations: {
                "alb.ingress.kubernetes.io/group.name": "argocd",
                "alb.ingress.kubernetes.io/scheme": "internet-facing",
                // Pod IPs as targets: no NodePort, and the pods' own readiness decides.
                "alb.ingress.kubernetes.io/target-type": "ip",
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
                "alb.ingress.kubernetes.io/certificate-arn": "{{.metadata.annotations.argocd_certificate_arn}}",
                "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "alb.ingress.kubernetes.io/backend-protocol": service.protocol,
                "alb.ingress.kubernetes.io/healthcheck-protocol": service.protocol,
                "alb.ingress.kubernetes.io/healthcheck-port": String(service.healthPort),
                "alb.ingress.kubernetes.io/healthcheck-path": service.healthPath,
            },
        },
        spec: {
            ingressClassName: "alb",
            rules: [
                {
                    host,
                    http: {
                        paths: [
                            { ...path, backend: { service: { name: service.name, port: { number: service.port } } } },
                        ],
                    },
                },
            ],
        },
    };
}

/** The GKE global external Application Load Balancer's Gateway class (a built-in class of GKE's controller). */
export const GKE_GATEWAY_CLASS = "gke-l7-global-external-managed";

/** A GKE health check for one of Argo CD's Services (the default, `/` on the serving port, fails the webhook). */
function healthCheckPolicy(service: (typeof ARGOCD_SERVICES)[keyof typeof ARGOCD_SERVICES]): KubernetesObject {
    return {
        apiVersion: "networking.gke.io/v1",
        kind: "HealthCheckPolicy",
        metadata: { name: service.name, namespace: ARGOCD_NAMESPACE },
        spec: {
            default: {
                config: {
                    type: service.protocol,
                    [service.protocol === "HTTPS" ? "httpsHealthCheck" : "httpHealthCheck"]: {
                        portSpecification: "USE_FIXED_PORT",
                        port: service.healthPort,
                        requestPath: service.healthPath,
                    },
                },
            },
            targetRef: { group: "", kind: "Service", name: service.name },
        },
    };
}

/** An HTTPRoute from the Gateway `argocd` to one of Argo CD's Services. */
function httpRoute(
    name: string,
    host: string,
    match: { type: "PathPrefix" | "Exact"; value: string },
    service: (typeof ARGOCD_SERVICES)[keyof typeof ARGOCD_SERVICES],
): KubernetesObject {
    return {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name, namespace: ARGOCD_NAMESPACE },
        spec: {
            parentRefs: [{ name: "argocd", sectionName: "https" }],
            hostnames: [host],
            rules: [
                {
                    matches: [{ path: match }],
                    backendRefs: [{ name: service.name, port: service.port }],
                },
            ],
        },
    };
}

/** Name of the Secret cert-manager writes the Gateway's certificate into. */
export const GATEWAY_TLS_SECRET = "argocd-gateway-tls";

/** The objects of the `argocd-ingress` add-on on a cloud, keyed for the platform-objects chart. */
export function argocdIngressObjects(cloud: AddonCloud): Record<string, KubernetesObject> {
    const webhookPath = { path: APPLICATIONSET_WEBHOOK_PATH, pathType: "Exact" as const };
    if (cloud === "aws") {
        return {
            "ingress-server": albIngress(
                "argocd-server",
                HOST,
                { path: "/", pathType: "Prefix" },
                ARGOCD_SERVICES.server,
            ),
            "ingress-applicationset-webhook": albIngress(
                "argocd-applicationset-webhook",
                WEBHOOK_HOST,
                webhookPath,
                ARGOCD_SERVICES.applicationSet,
            ),
            "networkpolicy-applicationset-webhook": webhookNetworkPolicy(),
        };
    }
    return {
        certificate: {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: "argocd-gateway", namespace: ARGOCD_NAMESPACE },
            spec: {
                secretName: GATEWAY_TLS_SECRET,
                dnsNames: [HOST, WEBHOOK_HOST],
                issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: CLUSTER_ISSUER_NAME },
            },
        },
        gateway: {
            apiVersion: "gateway.networking.k8s.io/v1",
            kind: "Gateway",
            metadata: { name: "argocd", namespace: ARGOCD_NAMESPACE },
            spec: {
                gatewayClassName: GKE_GATEWAY_CLASS,
                listeners: [
                    {
                        name: "https",
                        protocol: "HTTPS",
                        port: 443,
                        tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: GATEWAY_TLS_SECRET }] },
                        allowedRoutes: { namespaces: { from: "Same" } },
                    },
                ],
            },
        },
        "httproute-server": httpRoute(
            "argocd-server",
            HOST,
            { type: "PathPrefix", value: "/" },
            ARGOCD_SERVICES.server,
        ),
        "httproute-applicationset-webhook": httpRoute(
            "argocd-applicationset-webhook",
            WEBHOOK_HOST,
            { type: "Exact", value: APPLICATIONSET_WEBHOOK_PATH },
            ARGOCD_SERVICES.applicationSet,
        ),
        "healthcheck-server": healthCheckPolicy(ARGOCD_SERVICES.server),
        "healthcheck-applicationset": healthCheckPolicy(ARGOCD_SERVICES.applicationSet),
        "networkpolicy-applicationset-webhook": webhookNetworkPolicy(),
    };
}
