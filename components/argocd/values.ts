import * as YAML from "yaml";
import { argocdImageVersion } from "../../config/argocdVersions";
import { ArgoCdConfig, TeamConfig } from "../../config/schema";
import { applicationHealthLua, applicationSetHealthLua } from "./health";
import { notificationsValues } from "./notifications";
import { rbacValues } from "./rbac";

/** Namespace Argo CD runs in. */
export const ARGOCD_NAMESPACE = "argocd";
/** Secret with Argo CD's own settings (admin password hash, webhook secret); Pulumi owns the keys it sets. */
export const ARGOCD_SECRET_NAME = "argocd-secret";
/** Secret with the SSO client secret, referenced from the SSO config as `$argocd-sso:clientSecret`. */
export const SSO_SECRET_NAME = "argocd-sso";
/** Key of the client secret in {@link SSO_SECRET_NAME}. */
export const SSO_SECRET_KEY = "clientSecret";
/** Secret with the notification services' credentials. */
export const NOTIFICATIONS_SECRET_NAME = "argocd-notifications-secret";

/** Release name of Argo CD, the same whether Pulumi or Argo CD itself installs the chart. */
export const ARGOCD_RELEASE_NAME = "argocd";

/**
 * Whether Argo CD is served through the platform's own path, the `argocd-ingress` add-on (`argocd.ingress`
 * without an IngressClass of the user's), rather than the chart's Ingress.
 */
export function platformIngress(argocd: Pick<ArgoCdConfig, "ingress" | "domain">): boolean {
    return argocd.ingress !== undefined && argocd.ingress.className === undefined && argocd.domain !== undefined;
}

/** Host of a cluster's Argo CD: `argocd.<cluster>.<domain>`. */
export function argocdHost(clusterName: string, domain: string): string {
    return `argocd.${clusterName}.${domain}`;
}

/**
 * Host of a cluster's ApplicationSet webhook (`argocd-applicationset.<cluster>.<domain>`): the ApplicationSet
 * controller serves its own `/api/webhook` (port 7000), which refreshes git generators; the API server's
 * webhook refreshes only Applications.
 */
export function applicationSetWebhookHost(clusterName: string, domain: string): string {
    return `argocd-applicationset.${clusterName}.${domain}`;
}

/**
 * What `global.domain` is without `argocd.domain`: the chart presets argocd-cm's `url` (and the notification
 * links) as `https://<global.domain>`, and its own default is `argocd.example.com`, someone else's site. The
 * documented way in without a domain is `kubectl port-forward svc/argocd-server 8080:443`, so links say that.
 */
export const PORT_FORWARD_ADDRESS = "localhost:8080";

/** Controller and repo-server concurrency for an expected number of Applications (HA guide: 50/25 for 1000). */
export function processorSizing(expectedApplications: number): {
    statusProcessors: number;
    operationProcessors: number;
    repoServerParallelism: number;
} {
    return {
        statusProcessors: Math.max(20, Math.ceil(expectedApplications / 20)),
        operationProcessors: Math.max(10, Math.ceil(expectedApplications / 40)),
        repoServerParallelism: Math.max(10, Math.ceil(expectedApplications / 50)),
    };
}

type Resources = { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
const resources = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string): Resources => ({
    requests: { cpu, memory },
    limits: { cpu: cpuLimit, memory: memoryLimit },
});

/** Requests and limits of every component, small for dev and sized for HA. */
export const COMPONENT_RESOURCES = {
    small: {
        controller: resources("250m", "512Mi", "1", "1Gi"),
        server: resources("50m", "128Mi", "500m", "256Mi"),
        repoServer: resources("100m", "256Mi", "1", "1Gi"),
        applicationSet: resources("50m", "64Mi", "250m", "256Mi"),
        notifications: resources("25m", "64Mi", "250m", "128Mi"),
        dex: resources("25m", "64Mi", "250m", "128Mi"),
        redis: resources("50m", "64Mi", "250m", "256Mi"),
        redisSecretInit: resources("25m", "32Mi", "100m", "64Mi"),
    },
    ha: {
        controller: resources("1", "2Gi", "2", "4Gi"),
        server: resources("100m", "256Mi", "1", "512Mi"),
        repoServer: resources("250m", "512Mi", "2", "2Gi"),
        applicationSet: resources("100m", "128Mi", "500m", "512Mi"),
        notifications: resources("50m", "64Mi", "250m", "256Mi"),
        dex: resources("50m", "64Mi", "250m", "128Mi"),
        redisHa: resources("100m", "256Mi", "1", "1Gi"),
        sentinel: resources("25m", "32Mi", "250m", "64Mi"),
        haproxy: resources("50m", "64Mi", "250m", "256Mi"),
        redisSecretInit: resources("25m", "32Mi", "100m", "64Mi"),
    },
};

/** What the values depend on. */
export interface ArgoCdValuesArgs {
    argocd: ArgoCdConfig;
    teams: readonly TeamConfig[];
    clusterName: string;
    /**
     * The cluster runs the kube-prometheus-stack add-on, whose ServiceMonitors scrape Argo CD: turn on the
     * components' metrics Services (no CRD needed, unlike the chart's own ServiceMonitors).
     */
    metricsServices?: boolean;
    /**
     * The cluster runs the platform's Karpenter: keep Argo CD on the managed node groups' nodes, which Karpenter
     * never consolidates or drains, so Argo CD is not moved about by consolidation and still runs while a
     * teardown waits for Karpenter to remove its nodes.
     */
    offKarpenterNodes?: boolean;
}

/** Nodes Karpenter did not make: it labels every node of its own with the NodePool's name. */
export const NOT_KARPENTER_NODES = [{ key: "karpenter.sh/nodepool", operator: "DoesNotExist" }];

/** The SSO part of `argocd-cm`: direct OIDC, or GitHub through Dex; the client secret only as a reference. */
export function ssoValues(sso: ArgoCdConfig["sso"]): Record<string, string> {
    const clientSecret = `$${SSO_SECRET_NAME}:${SSO_SECRET_KEY}`;
    if (!sso) return {};
    if (sso.provider === "oidc") {
        return {
            "oidc.config": YAML.stringify({
                name: "SSO",
                issuer: sso.issuer,
                clientID: sso.clientId,
                clientSecret,
                requestedScopes: sso.scopes,
                requestedIDTokenClaims: { groups: { essential: true } },
            }),
        };
    }
    return {
        "dex.config": YAML.stringify({
            connectors: [
                {
                    type: "github",
                    id: "github",
                    name: "GitHub",
                    config: {
                        clientID: sso.clientId,
                        clientSecret,
                        // Groups are "<org>:<team slug>", as the RBAC bindings expect.
                        teamNameField: "slug",
                        orgs: sso.orgs.map((org) =>
                            org.teams.length > 0 ? { name: org.name, teams: org.teams } : { name: org.name },
                        ),
                    },
                },
            ],
        }),
    };
}

const HA_PDB = { enabled: true, maxUnavailable: 1 };
const ZONE_SPREAD = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" }];

/**
 * The argo-cd chart values for one cluster's Argo CD. Pure: no secret ever appears here (secrets live in
 * Kubernetes Secrets Pulumi creates, and the values only name them), so the values stay readable in a review.
 */
export function argocdHelmValues(args: ArgoCdValuesArgs): Record<string, unknown> {
    const { argocd, teams, clusterName } = args;
    const host = argocd.domain ? argocdHost(clusterName, argocd.domain) : undefined;
    const url = host ? `https://${host}` : undefined;
    const size = argocd.ha ? COMPONENT_RESOURCES.ha : COMPONENT_RESOURCES.small;
    const sizing = processorSizing(argocd.expectedApplications);
    const monitored = argocd.prometheusOperator
        ? { metrics: { enabled: true, serviceMonitor: { enabled: true } } }
        : args.metricsServices
          ? { metrics: { enabled: true } }
          : {};
    const pdb = argocd.ha ? { pdb: HA_PDB } : {};
    const twoOrMore = argocd.ha ? { autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5 } } : { replicas: 1 };
    const dex = argocd.sso?.provider === "github";
    const offKarpenterAffinity = args.offKarpenterNodes
        ? {
              additionalAffinities: {
                  nodeAffinity: {
                      requiredDuringSchedulingIgnoredDuringExecution: {
                          nodeSelectorTerms: [{ matchExpressions: NOT_KARPENTER_NODES }],
                      },
                  },
              },
          }
        : {};

    return {
        global: {
            domain: host ?? PORT_FORWARD_ADDRESS,
            // The chart's appVersion is Argo CD's unpatched v3.4.4; the tag moves every component to the patch.
            image: { tag: argocdImageVersion(argocd) },
            networkPolicy: { create: true, defaultDenyIngress: true },
            ...(argocd.ha || args.offKarpenterNodes
                ? {
                      // The chart's preset applies to every component without an affinity of its own.
                      affinity: {
                          ...(argocd.ha ? { podAntiAffinity: "soft" } : {}),
                          ...(args.offKarpenterNodes
                              ? { nodeAffinity: { type: "hard", matchExpressions: NOT_KARPENTER_NODES } }
                              : {}),
                      },
                  }
                : {}),
            ...(argocd.ha ? { topologySpreadConstraints: ZONE_SPREAD } : {}),
        },
        crds: { install: true, keep: true },
        configs: {
            cm: {
                ...(url ? { url } : {}),
                "admin.enabled": argocd.sso === undefined,
                "users.anonymous.enabled": false,
                "exec.enabled": false,
                "statusbadge.enabled": false,
                "resource.customizations.health.argoproj.io_Application": applicationHealthLua(),
                "resource.customizations.health.argoproj.io_ApplicationSet": applicationSetHealthLua(),
                ...ssoValues(argocd.sso),
            },
            // Chart 9 removed every default here; these are the ones the platform depends on.
            // ConfigMap data, so strings. Behind the chart's Ingress, TLS ends there; elsewhere (the platform's
            // ALB / GKE Gateway re-encrypt to the pod, or port-forward) the server keeps its own.
            params: {
                "server.insecure": String(argocd.ingress?.className !== undefined),
                "controller.diff.server.side": "true",
                "controller.status.processors": String(sizing.statusProcessors),
                "controller.operation.processors": String(sizing.operationProcessors),
                "reposerver.parallelism.limit": String(sizing.repoServerParallelism),
                "applicationsetcontroller.policy": "sync",
            },
            rbac: rbacValues(argocd.rbac, teams),
            // Pulumi owns argocd-secret's keys it sets (admin password hash, webhook secret).
            secret: { createSecret: false },
        },
        controller: {
            // One Argo CD per cluster manages only its own cluster: sharding by cluster means one replica.
            replicas: 1,
            resources: size.controller,
            ...pdb,
            ...monitored,
        },
        server: {
            ...twoOrMore,
            resources: size.server,
            // GKE's Gateway speaks HTTPS to a Service port that says so.
            ...(platformIngress(argocd) ? { service: { servicePortHttpsAppProtocol: "HTTPS" } } : {}),
            ...pdb,
            ...monitored,
            // The chart's Ingress only on an IngressClass of the user's; the platform's path is the argocd-ingress
            // add-on (a later wave: an Ingress here would hold Argo CD's wave 0 until its load balancer exists).
            ...(argocd.ingress?.className && host
                ? {
                      ingress: {
                          enabled: true,
                          ingressClassName: argocd.ingress.className,
                          hostname: host,
                          annotations: argocd.ingress.annotations,
                          tls: true,
                      },
                  }
                : {}),
        },
        repoServer: { ...twoOrMore, resources: size.repoServer, ...pdb, ...monitored },
        applicationSet: {
            replicas: argocd.ha ? 2 : 1,
            resources: size.applicationSet,
            ...pdb,
            ...monitored,
            ...(argocd.ingress?.className && argocd.domain
                ? {
                      ingress: {
                          enabled: true,
                          ingressClassName: argocd.ingress.className,
                          hostname: applicationSetWebhookHost(clusterName, argocd.domain),
                          annotations: argocd.ingress.annotations,
                          tls: true,
                      },
                  }
                : {}),
        },
        notifications: {
            ...notificationsValues(argocd.notifications, url),
            resources: size.notifications,
            ...pdb,
            ...monitored,
        },
        dex: { enabled: dex, ...(dex ? { resources: size.dex, ...pdb, ...monitored } : {}) },
        redisSecretInit: { resources: size.redisSecretInit },
        ...(argocd.ha
            ? {
                  redis: { enabled: false },
                  "redis-ha": {
                      enabled: true,
                      auth: true,
                      topologySpreadConstraints: { enabled: true },
                      // The keys below belong to the redis-ha subchart (4.38.0) and pass through to it.
                      networkPolicy: { enabled: true },
                      podDisruptionBudget: { maxUnavailable: 1 },
                      redis: { resources: COMPONENT_RESOURCES.ha.redisHa },
                      // redis-ha takes no preset; its templates add these beside their pod anti-affinity.
                      ...offKarpenterAffinity,
                      sentinel: { resources: COMPONENT_RESOURCES.ha.sentinel },
                      haproxy: {
                          resources: COMPONENT_RESOURCES.ha.haproxy,
                          ...offKarpenterAffinity,
                          podDisruptionBudget: { maxUnavailable: 1 },
                          networkPolicy: {
                              enabled: true,
                              ingressRules: [
                                  {
                                      selectors: [
                                          { podSelector: { matchLabels: { "app.kubernetes.io/part-of": "argocd" } } },
                                      ],
                                  },
                              ],
                          },
                          ...(argocd.prometheusOperator
                              ? { metrics: { enabled: true, serviceMonitor: { enabled: true } } }
                              : {}),
                      },
                      ...(argocd.prometheusOperator
                          ? { exporter: { enabled: true, serviceMonitor: { enabled: true } } }
                          : {}),
                  },
              }
            : {
                  redis: {
                      enabled: true,
                      resources: COMPONENT_RESOURCES.small.redis,
                      ...(argocd.prometheusOperator
                          ? {
                                exporter: { enabled: true },
                                metrics: { enabled: true, serviceMonitor: { enabled: true } },
                            }
                          : {}),
                  },
              }),
    };
}
