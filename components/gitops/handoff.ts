import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";
import * as k8s from "@pulumi/kubernetes";
import * as tls from "@pulumi/tls";
import { GitOpsConfig, TeamConfig } from "../../config/schema";
import { ARGOCD_NAMESPACE } from "../argocd/values";
import { ClusterMetadata } from "../cluster/types";
import { appProjects, clusterSecret, rootApplication, teamNamespaces } from "./layout";
import { GitOpsRepository } from "./repository";

/** Name of the Argo CD repository Secret that holds the GitOps repository's URL and deploy key. */
export const REPOSITORY_SECRET_NAME = "gitops-repository";

/** Arguments of {@link GitOpsHandOff}. */
export interface GitOpsHandOffArgs {
    clusterName: string;
    gitops: GitOpsConfig;
    teams: readonly TeamConfig[];
    /** The shared GitOps repository. */
    repository: GitOpsRepository;
    /** What the cloud layer knows about the cluster (the GitOps bridge). */
    metadata: pulumi.Input<ClusterMetadata>;
    /** The cluster's Argo CD Helm release; everything here waits for it. */
    argocdRelease: pulumi.Resource;
    /** Public URL of the cluster's Argo CD, when it has one (then GitHub gets a webhook). */
    argocdUrl: string | undefined;
    /** Public URL of the ApplicationSet controller's webhook, when it has one (then GitHub gets a second one). */
    applicationSetWebhookUrl: string | undefined;
    /** Secret GitHub signs webhook deliveries with (Argo CD checks it). */
    webhookSecret: pulumi.Output<string>;
}

/**
 * What Argo CD needs to take over a cluster, and no more: the repository's credentials (a read-only deploy
 * key), push webhooks (API server and ApplicationSet controller), the AppProjects, the teams' namespaces, the
 * cluster Secret with the bridge metadata, and the root Application. Give it the cluster's Kubernetes provider
 * through `providers`. Deploy keys and webhooks are the cluster's: destroy removes them with it.
 */
export class GitOpsHandOff extends pulumi.ComponentResource {
    /** The root Application (app of apps). */
    public readonly rootApplication: k8s.apiextensions.CustomResource;

    constructor(name: string, args: GitOpsHandOffArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gitops-platform:gitops:GitOpsHandOff", name, {}, opts);
        const { gitops, repository } = args;
        const child = { parent: this };
        const afterArgoCd = { ...child, dependsOn: [args.argocdRelease] };
        const onGitHub = repository.githubProvider !== undefined && repository.repositoryName !== undefined;

        let repositoryCredentials: Record<string, pulumi.Input<string>> = {};
        const inGit: pulumi.Resource[] = [...repository.seededFiles];
        if (onGitHub) {
            const githubOpts = { parent: this, provider: repository.githubProvider };
            const key = new tls.PrivateKey(`${name}-ssh-key`, { algorithm: "ED25519" }, child);
            const deployKey = new github.RepositoryDeployKey(
                `${name}-deploy-key`,
                {
                    repository: repository.repositoryName!,
                    title: `argocd-${args.clusterName}`,
                    key: key.publicKeyOpenssh,
                    readOnly: true,
                },
                githubOpts,
            );
            repositoryCredentials = { sshPrivateKey: key.privateKeyOpenssh };
            inGit.push(deployKey);
            // Both endpoints check the same `webhook.github.secret` of argocd-secret.
            const webhook = (suffix: string, url: string) =>
                new github.RepositoryWebhook(
                    `${name}-${suffix}`,
                    {
                        repository: repository.repositoryName!,
                        events: ["push"],
                        active: true,
                        configuration: { url, contentType: "json", secret: args.webhookSecret, insecureSsl: false },
                    },
                    githubOpts,
                );
            if (args.argocdUrl) webhook("webhook", `${args.argocdUrl}/api/webhook`);
            if (args.applicationSetWebhookUrl) webhook("applicationset-webhook", args.applicationSetWebhookUrl);
            if (!args.argocdUrl) {
                void pulumi.log.info(
                    `No webhook for cluster ${args.clusterName}: its Argo CD has no public URL (set argocd.domain and argocd.ingress), so Applications notice a commit within 3 minutes (timeout.reconciliation) and ApplicationSet git generators within 3 minutes (requeueAfterSeconds).`,
                    this,
                );
            }
        }

        const repositorySecret = new k8s.core.v1.Secret(
            `${name}-repository-secret`,
            {
                metadata: {
                    name: REPOSITORY_SECRET_NAME,
                    namespace: ARGOCD_NAMESPACE,
                    labels: { "argocd.argoproj.io/secret-type": "repository", "app.kubernetes.io/part-of": "argocd" },
                },
                type: "Opaque",
                stringData: { type: "git", url: repository.url, ...repositoryCredentials },
            },
            afterArgoCd,
        );

        const projects = appProjects(gitops, args.teams).map(
            (project) =>
                new k8s.apiextensions.CustomResource(
                    `${name}-project-${(project.metadata as { name: string }).name}`,
                    project,
                    afterArgoCd,
                ),
        );

        // The teams' namespaces are the platform's: team projects may not create (or relabel) a Namespace.
        const namespaces = args.teams.flatMap((team) =>
            teamNamespaces(team).map(
                (namespace) =>
                    new k8s.core.v1.Namespace(
                        `${name}-namespace-${namespace}`,
                        {
                            metadata: {
                                name: namespace,
                                labels: { "app.kubernetes.io/managed-by": "pulumi", "platform.gitops/team": team.name },
                            },
                        },
                        afterArgoCd,
                    ),
            ),
        );

        const manifest = pulumi
            .output(args.metadata)
            .apply((metadata) => clusterSecret(args.clusterName, metadata, gitops));
        const bridge = new k8s.core.v1.Secret(
            `${name}-cluster-secret`,
            {
                metadata: manifest.metadata as pulumi.Output<k8s.types.input.meta.v1.ObjectMeta>,
                type: "Opaque",
                stringData: manifest.stringData,
            },
            afterArgoCd,
        );

        this.rootApplication = new k8s.apiextensions.CustomResource(
            `${name}-root-application`,
            rootApplication(gitops),
            {
                ...child,
                // Everything the first sync reads: Argo CD, its access to Git, the files there, and the fences.
                dependsOn: [args.argocdRelease, repositorySecret, bridge, ...projects, ...namespaces, ...inGit],
            },
        );
        this.registerOutputs({});
    }
}
