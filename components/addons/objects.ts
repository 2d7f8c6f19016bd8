import * as YAML from "yaml";
import { AddonCloud } from "./names";

/**
 * Cluster-wide objects that come with an add-on, as the chart's `extraObjects` (both cert-manager and
 * external-secrets render string items with `tpl`): applied by the add-on's own Application after its
 * controller (sync wave 1 inside it), with `SkipDryRunOnMissingResource` because their CRDs arrive in the same
 * sync. Values in `{{.metadata.annotations.x}}` are filled from the cluster Secret by the ApplicationSet.
 */

/** A Kubernetes object. */
export type KubernetesObject = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: unknown };

/** Name of the ClusterIssuer (prod's Argo CD Ingress asks for it with `cert-manager.io/cluster-issuer`). */
export const CLUSTER_ISSUER_NAME = "letsencrypt";
/** Name of the ClusterSecretStore of the cloud's secret manager. */
export const CLUSTER_SECRET_STORE_NAME = "cloud-secrets";
/** Let's Encrypt's production ACME directory. */
export const ACME_SERVER = "https://acme-v02.api.letsencrypt.org/directory";

const afterController = {
    "argocd.argoproj.io/sync-wave": "1",
    "argocd.argoproj.io/sync-options": "SkipDryRunOnMissingResource=true",
};

/**
 * ACME DNS-01 through Route 53 (EKS) or Cloud DNS (GKE), with cert-manager's own cloud identity (Pod Identity or
 * Workload Identity: ambient credentials, which ClusterIssuers may use by default). No e-mail: ACME does not
 * need one, and Let's Encrypt no longer sends expiry mail.
 */
export function clusterIssuer(cloud: AddonCloud): KubernetesObject {
    const solver =
        cloud === "gcp"
            ? { cloudDNS: { project: "{{.metadata.annotations.gcp_project_id}}" } }
            : { route53: { region: "{{.metadata.annotations.aws_region}}" } };
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: CLUSTER_ISSUER_NAME, annotations: afterController },
        spec: {
            acme: {
                server: ACME_SERVER,
                privateKeySecretRef: { name: `${CLUSTER_ISSUER_NAME}-account-key` },
                solvers: [{ dns01: solver }],
            },
        },
    };
}

/**
 * AWS Secrets Manager (EKS) or GCP Secret Manager (GKE) for every namespace, through external-secrets' own
 * cloud identity; its IAM lets it read only the cluster's own secrets (`<cluster>/...` or `<cluster>-...`).
 */
export function clusterSecretStore(cloud: AddonCloud): KubernetesObject {
    const provider =
        cloud === "gcp"
            ? { gcpsm: { projectID: "{{.metadata.annotations.gcp_project_id}}" } }
            : { aws: { service: "SecretsManager", region: "{{.metadata.annotations.aws_region}}" } };
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "ClusterSecretStore",
        metadata: { name: CLUSTER_SECRET_STORE_NAME, annotations: afterController },
        spec: { provider },
    };
}

/** The objects as `extraObjects` items: YAML text, which both charts pass through `tpl`. */
export function extraObjects(objects: readonly KubernetesObject[]): string[] {
    return objects.map((object) => YAML.stringify(object, { lineWidth: 0 }));
}

/** Path, in the GitOps repository, of the chart that renders an `objects` add-on's manifests. */
export const PLATFORM_OBJECTS_CHART = "charts/platform-objects";

/**
 * The files of {@link PLATFORM_OBJECTS_CHART}: every non-null entry of the map `.Values.objects` rendered as
 * one manifest, in key order. A map rather than a list because Helm merges maps across value files and
 * replaces lists: a cluster's values file changes or (with `null`) drops one object by its key.
 */
export function platformObjectsChartFiles(): { path: string; content: string }[] {
    return [
        {
            path: `${PLATFORM_OBJECTS_CHART}/Chart.yaml`,
            content: YAML.stringify({
                apiVersion: "v2",
                name: "platform-objects",
                description: "Kubernetes objects of the platform's add-ons, one per entry of the values map `objects`.",
                type: "application",
                version: "1.0.0",
            }),
        },
        { path: `${PLATFORM_OBJECTS_CHART}/values.yaml`, content: YAML.stringify({ objects: {} }) },
        {
            path: `${PLATFORM_OBJECTS_CHART}/templates/objects.yaml`,
            content: [
                "{{- range $key, $object := .Values.objects }}",
                "{{- if $object }}",
                "---",
                "{{ toYaml $object }}",
                "{{- end }}",
                "{{- end }}",
                "",
            ].join("\n"),
        },
    ];
}

/**
 * What {@link platformObjectsChartFiles}' template renders for these (already merged) values: the non-null
 * entries of `objects`, sorted by key as Go's `range` over a map is. The offline stand-in for `helm template`.
 */
export function renderPlatformObjects(values: { objects?: Record<string, unknown> }): KubernetesObject[] {
    return Object.entries(values.objects ?? {})
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .filter(([, object]) => object !== null && object !== undefined && object !== false)
        .map(([, object]) => object as KubernetesObject);
}
