/** Names and roles for GKE service accounts; pure and tested on their own. */

/** A platform add-on that calls Google Cloud APIs, with the Kubernetes service account it runs as. */
export interface GkeAddonIdentity {
    /** Add-on name, used in GitOps bridge keys. */
    name: string;
    /** Short name for the Google service account ID. */
    short: string;
    namespace: string;
    serviceAccount: string;
}

/** The platform add-ons that get a Google service account through Workload Identity. */
export const GKE_ADDON_IDENTITIES: readonly GkeAddonIdentity[] = [
    { name: "external-dns", short: "dns", namespace: "external-dns", serviceAccount: "external-dns" },
    { name: "cert-manager", short: "certs", namespace: "cert-manager", serviceAccount: "cert-manager" },
    { name: "external-secrets", short: "secrets", namespace: "external-secrets", serviceAccount: "external-secrets" },
];

/**
 * Predefined roles of the node service account: Google's least-privilege role for GKE nodes (logs, metrics,
 * metadata) and pulling images from Artifact Registry. Not the Compute Engine default account's Editor.
 */
export const NODE_SERVICE_ACCOUNT_ROLES = [
    "roles/container.defaultNodeServiceAccount",
    "roles/artifactregistry.reader",
];

/**
 * A Google service account ID (6 to 30 characters, starting with a letter) for `<cluster>-<purpose>`,
 * shortening the cluster name when needed.
 */
export function serviceAccountId(clusterName: string, purpose: string): string {
    const room = 30 - purpose.length - 1;
    const prefix = clusterName.slice(0, room).replace(/-+$/, "");
    return `${prefix}-${purpose}`;
}

/** The Workload Identity member for a Kubernetes service account of a project's clusters. */
export function workloadIdentityMember(project: string, namespace: string, serviceAccount: string): string {
    return `serviceAccount:${project}.svc.id.goog[${namespace}/${serviceAccount}]`;
}

/** The GKE service agent, which must be able to use the secrets-encryption key. */
export function gkeServiceAgent(projectNumber: string): string {
    return `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
}

/**
 * IAM condition limiting Secret Manager access to the cluster's own secrets, those named `<cluster>-...`,
 * so one cluster cannot read another's.
 */
export function ownSecretsCondition(projectNumber: string, clusterName: string): { title: string; expression: string } {
    return {
        title: `${clusterName}-secrets-only`,
        expression: `resource.name.startsWith("projects/${projectNumber}/secrets/${clusterName}-")`,
    };
}

/**
 * Cloud DNS permissions external-dns and cert-manager use on the zones they manage: list records, and change
 * them through a change (which needs the record permissions of what it adds or deletes), then read the change's
 * status. external-dns (provider/google) calls `resourceRecordSets.list` and `changes.create`; cert-manager
 * (pkg/issuer/acme/dns/clouddns) calls `resourceRecordSets.list`, `changes.create` and `changes.get`.
 */
export const DNS_RECORD_PERMISSIONS = [
    "dns.changes.create",
    "dns.changes.get",
    "dns.resourceRecordSets.create",
    "dns.resourceRecordSets.delete",
    "dns.resourceRecordSets.list",
    "dns.resourceRecordSets.update",
];

/**
 * Finding the managed zone of a name: both add-ons call `managedZones.list` on the project, which a zone-level
 * grant cannot give, so this is granted on the project on its own.
 */
export const DNS_ZONE_LIST_PERMISSIONS = ["dns.managedZones.list"];

/** A custom role ID (letters, digits, `_` and `.`, 3 to 64 characters) for one of a cluster's roles. */
export function customRoleId(clusterName: string, purpose: string): string {
    return `${clusterName.replace(/-/g, "_")}_${purpose}`.slice(0, 64);
}
