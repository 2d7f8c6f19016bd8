import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { argocdImageVersion } from "../../config/argocdVersions";
import { PlatformConfig } from "../../config/load";
import { ArgoCdConfig, TeamConfig } from "../../config/schema";
import { NOTIFICATION_SECRET_KEYS } from "./notifications";
import {
    ARGOCD_NAMESPACE,
    ARGOCD_SECRET_NAME,
    NOTIFICATIONS_SECRET_NAME,
    SSO_SECRET_KEY,
    SSO_SECRET_NAME,
    applicationSetWebhookHost,
    argocdHelmValues,
    argocdHost,
} from "./values";

/** Helm repository of the argo-cd chart. */
export const ARGO_HELM_REPOSITORY = "https://argoproj.github.io/argo-helm";

/**
 * Every input of a Helm Release. Once Argo CD manages itself Pulumi ignores all of them: a change to any
 * (`timeout`, `atomic`, `maxHistory`...) would make Pulumi `helm upgrade` the release with the values of the
 * first install, over what Git has applied since. The `satisfies` keeps the list complete when the SDK adds one.
 */
export const RELEASE_INPUTS = Object.keys({
    allowNullValues: true,
    atomic: true,
    chart: true,
    cleanupOnFail: true,
    compat: true,
    createNamespace: true,
    dependencyUpdate: true,
    description: true,
    devel: true,
    disableCRDHooks: true,
    disableOpenapiValidation: true,
    disableWebhooks: true,
    forceUpdate: true,
    keyring: true,
    lint: true,
    manifest: true,
    maxHistory: true,
    name: true,
    namespace: true,
    postrender: true,
    recreatePods: true,
    renderSubchartNotes: true,
    replace: true,
    repositoryOpts: true,
    resetValues: true,
    resourceNames: true,
    reuseValues: true,
    skipAwait: true,
    skipCrds: true,
    takeOwnership: true,
    timeout: true,
    valueYamlFiles: true,
    values: true,
    verify: true,
    version: true,
    waitForJobs: true,
} satisfies Record<keyof k8s.helm.v3.ReleaseArgs, true>);

/** Arguments of {@link ArgoCd}. */
export interface ArgoCdArgs {
    /** Name of the cluster this Argo CD runs in (and manages). */
    clusterName: string;
    /** Argo CD settings from config. */
    argocd: ArgoCdConfig;
    /** Application teams, for RBAC. */
    teams: readonly TeamConfig[];
    /** Secret values from config (SSO client secret, notification credentials). */
    secrets: PlatformConfig["secrets"];
    /**
     * Argo CD manages its own chart from Git after the first install: Pulumi then stops pushing chart changes
     * and never deletes Argo CD (or what it needs) on destroy.
     */
    selfManaged: boolean;
    /** The cluster runs kube-prometheus-stack, which scrapes Argo CD's metrics Services. */
    metricsServices: boolean;
    /** The cluster runs the platform's Karpenter: Argo CD stays on the managed nodes. */
    offKarpenterNodes: boolean;
}

/**
 * Argo CD in one cluster: the argo-cd Helm chart (a `helm.v3.Release`, so the chart's Redis-secret hook runs)
 * with values from {@link argocdHelmValues}, and the Secrets the chart is told not to create. Give it the
 * cluster's Kubernetes provider through `providers`.
 */
export class ArgoCd extends pulumi.ComponentResource {
    /** The Helm release. */
    public readonly release: k8s.helm.v3.Release;
    /** Namespace Argo CD runs in. */
    public readonly namespace: string = ARGOCD_NAMESPACE;
    /** Public URL of the UI and API, when `argocd.domain` is set. */
    public readonly url: string | undefined;
    /** Public URL of the ApplicationSet controller's webhook endpoint, when Argo CD has an Ingress. */
    public readonly applicationSetWebhookUrl: string | undefined;
    /** Chart version installed. */
    public readonly chartVersion: string;
    /** Argo CD version installed (the image tag every component runs). */
    public readonly version: string;
    /** Shared secret GitHub signs webhook deliveries with (a Pulumi secret). */
    public readonly webhookSecret: pulumi.Output<string>;
    /** Password of the local admin account (a Pulumi secret); undefined when SSO replaces it. */
    public readonly adminPassword: pulumi.Output<string> | undefined;
    /** The chart values the release was installed with (no secrets in them). */
    public readonly values: Record<string, unknown>;

    constructor(name: string, args: ArgoCdArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gitops-platform:argocd:ArgoCd", name, {}, opts);
        const { argocd, secrets } = args;
        const child = { parent: this };
        // One owner: once Argo CD manages itself, deleting the stack must not pull it from under its workloads.
        const keep = { ...child, retainOnDelete: args.selfManaged };
        this.chartVersion = argocd.chartVersion;
        this.version = argocdImageVersion(argocd);
        this.url = argocd.domain ? `https://${argocdHost(args.clusterName, argocd.domain)}` : undefined;
        this.applicationSetWebhookUrl =
            argocd.domain && argocd.ingress
                ? `https://${applicationSetWebhookHost(args.clusterName, argocd.domain)}/api/webhook`
                : undefined;
        const partOfArgoCd = { "app.kubernetes.io/part-of": "argocd" };

        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: ARGOCD_NAMESPACE, labels: { "app.kubernetes.io/managed-by": "pulumi" } } },
            keep,
        );
        const inNamespace = { ...keep, dependsOn: [namespace] };

        const webhookSecret = new random.RandomPassword(
            `${name}-webhook-secret`,
            { length: 40, special: false },
            child,
        );
        this.webhookSecret = pulumi.secret(webhookSecret.result);
        const adminPassword =
            argocd.sso === undefined
                ? new random.RandomPassword(`${name}-admin-password`, { length: 24, special: false }, child)
                : undefined;
        this.adminPassword = adminPassword ? pulumi.secret(adminPassword.result) : undefined;

        const secretsForChart: k8s.core.v1.Secret[] = [
            new k8s.core.v1.Secret(
                `${name}-secret`,
                {
                    metadata: { name: ARGOCD_SECRET_NAME, namespace: ARGOCD_NAMESPACE, labels: partOfArgoCd },
                    type: "Opaque",
                    stringData: {
                        "webhook.github.secret": webhookSecret.result,
                        // Argo CD expects the bcrypt hash, never the password itself.
                        ...(adminPassword ? { "admin.password": adminPassword.bcryptHash } : {}),
                    },
                },
                inNamespace,
            ),
            new k8s.core.v1.Secret(
                `${name}-notifications-secret`,
                {
                    metadata: { name: NOTIFICATIONS_SECRET_NAME, namespace: ARGOCD_NAMESPACE, labels: partOfArgoCd },
                    type: "Opaque",
                    stringData: Object.fromEntries(
                        Object.entries(NOTIFICATION_SECRET_KEYS).flatMap(([configKey, secretKey]) => {
                            const value = secrets[configKey as keyof typeof NOTIFICATION_SECRET_KEYS];
                            return value ? [[secretKey, value]] : [];
                        }),
                    ),
                },
                inNamespace,
            ),
        ];
        if (argocd.sso && secrets.ssoClientSecret) {
            secretsForChart.push(
                new k8s.core.v1.Secret(
                    `${name}-sso-secret`,
                    {
                        metadata: { name: SSO_SECRET_NAME, namespace: ARGOCD_NAMESPACE, labels: partOfArgoCd },
                        type: "Opaque",
                        stringData: { [SSO_SECRET_KEY]: secrets.ssoClientSecret },
                    },
                    inNamespace,
                ),
            );
        }

        this.values = argocdHelmValues({
            argocd,
            teams: args.teams,
            clusterName: args.clusterName,
            metricsServices: args.metricsServices,
            offKarpenterNodes: args.offKarpenterNodes,
        });
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: "argocd",
                chart: "argo-cd",
                version: argocd.chartVersion,
                repositoryOpts: { repo: ARGO_HELM_REPOSITORY },
                namespace: ARGOCD_NAMESPACE,
                createNamespace: false,
                atomic: true,
                cleanupOnFail: true,
                skipCrds: false,
                timeout: 900,
                maxHistory: 10,
                values: this.values,
            },
            {
                ...keep,
                dependsOn: [namespace, ...secretsForChart],
                // After the first install the release changes through Git, not Pulumi.
                ignoreChanges: args.selfManaged ? RELEASE_INPUTS : [],
            },
        );

        this.registerOutputs({
            url: this.url,
            chartVersion: this.chartVersion,
            version: this.version,
            namespace: this.namespace,
        });
    }
}
