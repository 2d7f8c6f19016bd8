import { PLATFORM_PROJECT } from "../../config/reserved";
import { ARGOCD_NAMESPACE } from "../argocd/values";
import { ClusterMetadata } from "../cluster/types";
import type { ArgoCdConfig, ClusterConfig } from "../../config/schema";
import { AUTOMATED_SYNC, CASCADE_FINALIZER, SYNC_WAVE_ANNOTATION } from "../gitops/layout";
import { VALUES_REF_SOURCE, layeredValueFiles } from "../gitops/layering";
import { argocdIngressObjects, platformIngress } from "./argocdIngress";
import { argocdMonitoringValues } from "./argocdMonitoring";
import { karpenterNodePoolObjects, karpenterReplicas } from "./karpenter";
import { PLATFORM_OBJECTS_CHART, clusterIssuer, clusterSecretStore, extraObjects } from "./objects";
import { ADDON_CLOUDS, ADDON_CLOUDS_OF, ADDON_DEFAULT_ENVIRONMENTS, ADDON_NAMES, AddonCloud, AddonName } from "./names";

export { ADDON_CLOUDS, ADDON_NAMES };
export type { AddonCloud, AddonName };

/**
 * The day-1 add-on catalogue: per add-on its pinned chart (exactly the versions in ../shared/reference), the
 * namespace it runs in, its sync wave, the clouds it runs on, whether it is on by default, and the Helm values
 * it takes from the cluster Secret (the GitOps bridge). Seeded as one ApplicationSet per add-on and cloud in
 * `bootstrap/addons/`, each selecting the cluster Secret label `enable_<addon>: "true"` of its cloud.
 */

/**
 * A Helm chart in a Helm repository (an `oci://` registry, whose chart Argo CD pulls as an OCI artifact at
 * `<repoURL>/<chart>`), manifests at a path of a Git repository, or objects rendered by the
 * GitOps repository's own `charts/platform-objects` (every non-null entry of the values map `objects` becomes
 * one manifest, so a values layer can add, replace or, with `null`, remove one object by its key).
 */
export type AddonSource =
    | { kind: "helm"; repoURL: string; chart: string; version: string }
    | { kind: "git"; repoURL: string; revision: string; path: string }
    | { kind: "objects" };

/** A catalogue entry. */
export interface Addon {
    name: AddonName;
    /** Why the platform ships it (docs/addons.md). */
    purpose: string;
    source: AddonSource;
    /** Sync wave of its ApplicationSet in the root: after everything it needs. */
    wave: number;
    /** Clouds it runs on. */
    clouds: readonly AddonCloud[];
    /**
     * Namespace: a constant, or read from the cluster Secret's `<key>_namespace` annotation (add-ons whose
     * cloud identity is bound to a namespace and service account).
     */
    namespace: string | { fromAnnotation: string };
    /** On by default in these environments (the `addons` config key overrides it per stack). */
    defaultEnvironments: readonly string[];
    /** Helm values for a cloud, with `{{.x.y}}` references to cluster Secret parameters. */
    values(cloud: AddonCloud): Record<string, unknown>;
    /**
     * Values from the cluster's config, seeded as `clusters/<cluster>/addons/<addon>/values.yaml` where the
     * add-on runs: settings Git owns from then on (unlike the Secret's, which Pulumi keeps current).
     */
    clusterValues?(cluster: ClusterConfig): Record<string, unknown>;
}

/** The key of an add-on in the GitOps bridge: `external-dns` -> `external_dns`. */
export function bridgeKey(name: string): string {
    return name.replace(/-/g, "_");
}

/** The label that switches an add-on on for a cluster. */
export function enableLabel(name: string): string {
    return `enable_${bridgeKey(name)}`;
}

const annotation = (key: string) => `{{.metadata.annotations.${key}}}`;

/** Service account values of an add-on bound to a cloud identity (EKS Pod Identity or GKE Workload Identity). */
function identityValues(name: AddonName, cloud: AddonCloud): Record<string, unknown> {
    const key = bridgeKey(name);
    return {
        serviceAccount: {
            create: true,
            name: annotation(`${key}_service_account`),
            // Pod Identity binds by namespace and service account; Workload Identity needs the annotation.
            ...(cloud === "gcp"
                ? { annotations: { "iam.gke.io/gcp-service-account": annotation(`${key}_gcp_service_account`) } }
                : {}),
        },
    };
}

/** The catalogue, in wave order. */
export const CATALOGUE: readonly Addon[] = [
    {
        name: "gateway-api-crds",
        purpose: "Gateway API (standard channel) CRDs: the way in on EKS, served by the AWS Load Balancer Controller.",
        source: {
            kind: "git",
            repoURL: "https://github.com/kubernetes-sigs/gateway-api",
            revision: "v1.6.1",
            path: "config/crd/standard",
        },
        wave: 1,
        // GKE installs and upgrades the Gateway API CRDs itself when its Gateway controller is on.
        clouds: ADDON_CLOUDS_OF["gateway-api-crds"],
        namespace: "kube-system",
        defaultEnvironments: ADDON_DEFAULT_ENVIRONMENTS["gateway-api-crds"],
        values: () => ({}),
    },
    {
        name: "cert-manager",
        purpose: "Certificates from ACME (DNS-01 through Route 53 / Cloud DNS) for Ingresses and Gateways.",
        source: { kind: "helm", repoURL: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.21.1" },
        wave: 1,
        clouds: ADDON_CLOUDS_OF["cert-manager"],
        namespace: { fromAnnotation: "cert_manager_namespace" },
        defaultEnvironments: ADDON_DEFAULT_ENVIRONMENTS["cert-manager"],
        values: (cloud) => ({
            crds: { enabled: true },
            extraObjects: extraObjects([clusterIssuer(cloud)]),
            ...identityValues("cert-manager", cloud),
        }),
    },
    {
        name: "external-secrets",
        purpose: "Secrets from AWS Secrets Manager / GCP Secret Manager, so Git holds no plaintext.",
        source: {
            kind: "helm",
            repoURL: "https://charts.external-secrets.io",
            chart: "external-secrets",
            version: "2.9.0",
        },
        wave: 1,
        clouds: ADDON_CLOUDS_OF["external-secrets"],
        namespace: { fromAnnotation: "external_secrets_namespace" },
        defaultEnvironments: ADDON_DEFAULT_ENVIRONMENTS["external-secrets"],
        values: (cloud) => ({
            installCRDs: true,
            extraObjects: extraObjects([clusterSecretStore(cloud)]),
            ...identityValues("external-secrets", cloud),
        }),
    },
    {
        name: "metrics-server",
        purpose: "The resource metrics API, so HorizontalPodAutoscalers and `kubectl top` work on EKS.",
        source: {
            kind: "helm",
            repoURL: "https://kubernetes-sigs.github.io/metrics-server/",
            chart: "metrics-server",
            version: "3.13.1",
        },
        wave: 1,
        // GKE runs its own metrics-server.
        clouds: ADDON_CLOUDS_OF["metrics-server"],
        namespace: "kube-system",
        defaultEnvironments: ADDON_DEFAULT_ENVIRONMENTS["metrics-server"],
        values: () => ({}),
    },
    {
        name: "aws-load-balancer-controller",
        purpose: "ALBs/NLBs for Ingresses, Services and Gateways on EKS (no ingress-nginx).",
        source: {
            kind: "helm",
            repoURL: "https://aws.github.io/eks-charts",
            chart: "aws-load-balancer-controller",
            version: "3.5.0",
        },
        // After the Gateway API CRDs, which its Gateway controllers watch.
        wave: 2,
        clouds: ADDON_CLOUDS_OF["aws-load-balancer-controller"],
        namespace: { fromAnnotation: "aws_load_balancer_controller_namespace" },
        defaultEnvironments: ADDON_DEFAULT_ENVIRONMENTS["aws-load-balancer-controller"],
        values: (cloud) => ({
            clusterName: annotation("aws_cluster_name"),
            region: annotation("aws_region"),
            vpcId: annotation("aws_vpc_id"),
            ...identityValues("aws-load-balancer-controller", cloud),
        }),
    },
    {
        name: "karpenter",
        purpose:
            "Node autoscaling on EKS: nodes for pending pods up to each pool's maxSize, consolidation of idle ones, spot interruptions handled.",
        source: { kind: "helm", repoURL: "oci://public.ecr.aws/karpenter", chart: "karpenter", version: "1.14.1" },
        // Its CRDs (in the chart) before wave 3's NodePools; it needs nothing but the managed nodes to run on.
        wave: 2,
        clouds: ADDON_CLOUDS_OF.karpenter,
        namespace: { fromAnnotation: "karpenter_namespace" },
        defaultEnvironments: ADDON_DEFAULT_ENVIRONMENTS.karpenter,
        values: (cloud) => ({
            settings: {
                clusterName: annotation("aws_cluster_name"),
                interruptionQueue: annotation("karpenter_interruption_queue"),
            },
            // The node's resolver, not CoreDNS: CoreDNS may itself wait for a node only Karpenter can make.
            dnsPolicy: "Default",
            controller: {
                // Without AWS_REGION Karpenter asks IMDS, which pods cannot reach on nodes allowing one hop.
                env: [{ name: "AWS_REGION", value: annotation("aws_region") }],
                resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi" } },
            },
            ...identityValues("karpenter", cloud),
        }),
        clusterValues: (cluster) => (cluster.cloud === "aws" ? { replicas: karpenterReplicas(cluster) } : {}),
    },
    {
        name: "external-dns",
        purpose: "DNS records in Route 53 / Cloud DNS for Ingresses, Services and Gateways.",
        source: {
            kind: "helm",
            repoURL: "https://kubernetes-sigs.github.io/external-dns/",
            chart: "external-dns",
            version: "1.21.1",
        },
        // After the Gateway API CRDs (its gateway-httproute source watches them) and the load balancers.
        wave: 3,
        clouds: ADDON_CLOUDS_OF["external-dns"],
        namespace: { fromAnnotation: "external_dns_namespace" },
        defaultEnvironments: ADDON_DEFAULT_ENVIRONMENTS["external-dns"],
        values: (cloud) => ({
            provider: { name: cloud === "gcp" ? "google" : "aws" },
            // Records carry the cluster's name, so two clusters sharing a zone never take each other's.
            txtOwnerId: "{{.name}}",
            // GKE's Gateway controller is on (the cluster's gatewayApiConfig), so both clouds serve HTTPRoutes.
            sources: ["service", "ingress", "gateway-httproute"],
            ...(cloud === "gcp"
                ? { extraArgs: [`--google-project=${annotation("gcp_project_id")}`] }
                : // Nodes allow one IMDS hop, so pods cannot ask the instance for their region.
                  { env: [{ name: "AWS_DEFAULT_REGION", value: annotation("aws_region") }] }),
            ...identityValues("external-dns", cloud),
        }),
    },
    {
        name: "karpenter-nodepools",
        purpose:
            "An EC2NodeClass and a NodePool per EKS node pool, so Karpenter grows each pool from its managed nodes up to its maxSize.",
        source: { kind: "objects" },
        // After Karpenter (2), whose chart brings the NodePool and EC2NodeClass CRDs.
        wave: 3,
        clouds: ADDON_CLOUDS_OF["karpenter-nodepools"],
        namespace: "kube-system",
        defaultEnvironments: ADDON_DEFAULT_ENVIRONMENTS["karpenter-nodepools"],
        values: () => ({}),
        clusterValues: (cluster) => (cluster.cloud === "aws" ? { objects: karpenterNodePoolObjects(cluster) } : {}),
    },
    {
        name: "argocd-ingress",
        purpose:
            "Argo CD's UI, API and ApplicationSet webhook at its host through the cloud's load balancer (ALB / GKE Gateway), TLS terminated there.",
        source: { kind: "objects" },
        // After the load balancer controller (2) and external-dns (3); on GKE also after cert-manager (1).
        wave: 4,
        clouds: ADDON_CLOUDS_OF["argocd-ingress"],
        namespace: ARGOCD_NAMESPACE,
        defaultEnvironments: ADDON_DEFAULT_ENVIRONMENTS["argocd-ingress"],
        values: (cloud) => ({ objects: argocdIngressObjects(cloud) }),
    },
    {
        name: "kube-prometheus-stack",
        purpose: "Prometheus, Alertmanager and Grafana with the Prometheus Operator (ServiceMonitors).",
        source: {
            kind: "helm",
            repoURL: "https://prometheus-community.github.io/helm-charts",
            chart: "kube-prometheus-stack",
            version: "88.5.3",
        },
        wave: 5,
        clouds: ADDON_CLOUDS_OF["kube-prometheus-stack"],
        namespace: "monitoring",
        defaultEnvironments: ADDON_DEFAULT_ENVIRONMENTS["kube-prometheus-stack"],
        values: () => argocdMonitoringValues(),
    },
];

/** The catalogue entry of an add-on. */
export function addon(name: AddonName): Addon {
    return CATALOGUE.find((a) => a.name === name)!;
}

/**
 * The stack's add-on switches: the `addons` config key, plus `argocd-ingress`, which follows `argocd.ingress`
 * (the platform's own load balancer path when it names no IngressClass) and is not a key of its own, and
 * `karpenter-nodepools`, which follows `karpenter` unless set (its NodePools need Karpenter's CRDs).
 */
export function stackAddons(config: {
    addons: Partial<Record<AddonName, boolean>>;
    argocd: Pick<ArgoCdConfig, "ingress" | "domain">;
}): Partial<Record<AddonName, boolean>> {
    const nodePools = config.addons["karpenter-nodepools"] ?? config.addons.karpenter;
    return {
        ...config.addons,
        ...(nodePools === undefined ? {} : { "karpenter-nodepools": nodePools }),
        "argocd-ingress": platformIngress(config.argocd),
    };
}

/** Whether an add-on runs on a cluster of this cloud in this environment, given the `addons` config key. */
export function addonEnabled(
    entry: Addon,
    cloud: AddonCloud,
    environment: string,
    overrides: Partial<Record<AddonName, boolean>>,
): boolean {
    if (!entry.clouds.includes(cloud)) return false;
    return overrides[entry.name] ?? entry.defaultEnvironments.includes(environment);
}

/**
 * Whether a cluster runs an add-on, given the stack's switches: kube-prometheus-stack (whose ServiceMonitors
 * then scrape its Argo CD) or karpenter (its AWS side, its NodePools, Argo CD kept off its nodes).
 */
export function clusterRuns(
    name: AddonName,
    cluster: Pick<ClusterConfig, "cloud">,
    environment: string,
    overrides: Partial<Record<AddonName, boolean>>,
): boolean {
    return addonEnabled(addon(name), cluster.cloud, environment, overrides);
}

/** The `enable_<addon>` labels of a cluster of this cloud: exactly the add-ons that run there. */
export function addonLabels(
    cloud: AddonCloud,
    environment: string,
    overrides: Partial<Record<AddonName, boolean>>,
): Record<string, string> {
    return Object.fromEntries(
        CATALOGUE.filter((a) => addonEnabled(a, cloud, environment, overrides)).map((a) => [
            enableLabel(a.name),
            "true",
        ]),
    );
}

/**
 * The cluster Secret's metadata with the catalogue's `enable_*` labels in place of any the cloud layer set: the
 * labels the ApplicationSets select on are the ones config asks for, and no label promises an add-on the
 * catalogue does not seed.
 */
export function withAddonLabels(
    metadata: ClusterMetadata,
    cloud: AddonCloud,
    environment: string,
    overrides: Partial<Record<AddonName, boolean>>,
): ClusterMetadata {
    const kept = Object.entries(metadata.labels).filter(([key]) => !key.startsWith("enable_"));
    return {
        labels: { ...Object.fromEntries(kept), ...addonLabels(cloud, environment, overrides) },
        annotations: metadata.annotations,
    };
}

/** Name of an add-on's ApplicationSet for one cloud (and of its file in `bootstrap/addons/`). */
export function addonApplicationSetName(entry: Addon, cloud: AddonCloud): string {
    return entry.clouds.length > 1 ? `${entry.name}-${cloud}` : entry.name;
}

type Manifest = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> };

/** The Argo CD source(s) of an add-on: the chart with its layered values files and inline bridge values. */
function addonSources(entry: Addon, cloud: AddonCloud): Record<string, unknown>[] {
    const values = entry.values(cloud);
    const helm = {
        releaseName: entry.name,
        valueFiles: layeredValueFiles(`addons/${entry.name}`),
        ignoreMissingValueFiles: true,
        ...(Object.keys(values).length > 0 ? { valuesObject: values } : {}),
    };
    const source = entry.source;
    if (source.kind === "git") {
        return [{ repoURL: source.repoURL, targetRevision: source.revision, path: source.path }];
    }
    if (source.kind === "objects") {
        const chart = {
            repoURL: VALUES_REF_SOURCE.repoURL,
            targetRevision: VALUES_REF_SOURCE.targetRevision,
            path: `{{.metadata.annotations.addons_repo_basepath}}${PLATFORM_OBJECTS_CHART}`,
        };
        return [{ ...chart, helm }, VALUES_REF_SOURCE];
    }
    // Argo CD (since 3.1) pulls a chart from an OCI registry as an OCI source of path `.`, with no repository
    // Secret; the older Helm-over-OCI form needs a Secret with enableOCI.
    const chart = source.repoURL.startsWith("oci://")
        ? { repoURL: `${source.repoURL}/${source.chart}`, path: ".", targetRevision: source.version }
        : { repoURL: source.repoURL, chart: source.chart, targetRevision: source.version };
    return [{ ...chart, helm }, VALUES_REF_SOURCE];
}

/**
 * The ApplicationSet of an add-on on one cloud: a clusters generator selecting this Argo CD's cluster Secret
 * when it says `enable_<addon>: "true"` and `cloud: <cloud>`, one Application `<addon>` in the platform
 * project, Go templates with `missingkey=error` (a missing annotation fails the generation loudly).
 */
export function addonApplicationSet(entry: Addon, cloud: AddonCloud): Manifest {
    const namespace =
        typeof entry.namespace === "string" ? entry.namespace : annotation(entry.namespace.fromAnnotation);
    return {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "ApplicationSet",
        metadata: {
            name: addonApplicationSetName(entry, cloud),
            namespace: ARGOCD_NAMESPACE,
            annotations: { [SYNC_WAVE_ANNOTATION]: String(entry.wave) },
        },
        spec: {
            goTemplate: true,
            goTemplateOptions: ["missingkey=error"],
            generators: [
                {
                    clusters: {
                        selector: {
                            matchLabels: {
                                "argocd.argoproj.io/secret-type": "cluster",
                                cloud,
                                [enableLabel(entry.name)]: "true",
                            },
                        },
                    },
                },
            ],
            template: {
                metadata: { name: entry.name, finalizers: [CASCADE_FINALIZER] },
                spec: {
                    project: PLATFORM_PROJECT,
                    sources: addonSources(entry, cloud),
                    destination: { server: "{{.server}}", namespace },
                    syncPolicy: AUTOMATED_SYNC,
                },
            },
        },
    };
}

/** Every add-on ApplicationSet of the catalogue, by file name under `bootstrap/addons/`. */
export function addonApplicationSets(): Record<string, Manifest> {
    return Object.fromEntries(
        CATALOGUE.flatMap((entry) =>
            entry.clouds.map((cloud) => [
                `addons/${addonApplicationSetName(entry, cloud)}.yaml`,
                addonApplicationSet(entry, cloud),
            ]),
        ),
    );
}
