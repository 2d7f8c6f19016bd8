import { strict as assert } from "assert";
import * as fs from "fs";
import Ajv from "ajv";
import * as YAML from "yaml";
import { addonApplicationSets } from "../../../components/addons";
import { RELEASE_INPUTS } from "../../../components/argocd/argocd";
import { bootstrapManifests, repoPath, SYNC_OPTIONS } from "../../../components/gitops/layout";
import { mergeValues } from "../../../components/gitops/layering";
import { REDACTED } from "../../../render/engine";
import { toManifest } from "../../../render/files";
import { Rendered, awsCluster, baseConfig, renderConfig, renderStack } from "../../helpers";
import { describeWithReference } from "../../reference";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const prodLike = (gitops: Inputs = {}) => ({
    ...baseConfig(),
    "gitops-platform:environment": "prod",
    "gitops-platform:clusters": [awsCluster({ name: "prod-eks", region: "eu-west-1" })],
    "gitops-platform:teams": [
        { name: "payments", groups: ["acme:payments"] },
        { name: "web", namespaces: ["web", "web-jobs"] },
    ],
    "gitops-platform:argocd": { ha: true, domain: "platform.example.com", ingress: { className: "nginx" } },
    "gitops-platform:gitops": {
        owner: "acme",
        name: "platform-gitops",
        create: true,
        seed: true,
        githubPlan: "paid",
        ...gitops,
    },
});

/** Seeded files by repository path, parsed. */
function seededFiles(r: Rendered): Map<string, string> {
    return new Map(
        r
            .ofType("github:index/repositoryFile:RepositoryFile")
            .map((f) => [f.inputs.file as string, f.inputs.content as string]),
    );
}

describe("GitOps hand-off", () => {
    describe("on GitHub, seeded, self-managed (prod-like)", () => {
        let r: Rendered;
        let revealed: Rendered;
        before(async () => {
            r = await renderConfig(prodLike());
            revealed = await renderConfig(prodLike(), "test", { ssoClientSecret: "unused" });
        });

        it("creates a private repository whose default branch needs a reviewed pull request", () => {
            const repository = r.named("gitops-repository-repository").inputs as Inputs;
            assert.equal(repository.visibility, "private");
            assert.equal(repository.name, "platform-gitops");
            assert.equal((r.named("gitops-repository-default-branch").inputs as Inputs).branch, "main");
            const protection = r.named("gitops-repository-branch-protection").inputs as Inputs;
            assert.equal(protection.pattern, "main");
            assert.deepEqual(protection.requiredPullRequestReviews, [
                { dismissStaleReviews: true, requiredApprovingReviewCount: 1 },
            ]);
            assert.equal(protection.allowsForcePushes, false);
        });

        it("keeps the repository, its default branch, its protection and the seeded files on destroy", () => {
            for (const name of [
                "gitops-repository-repository",
                "gitops-repository-default-branch",
                "gitops-repository-branch-protection",
            ]) {
                assert.equal(r.result.options[name]?.retainOnDelete, true, name);
            }
            // A cluster's deploy key and webhooks are credentials of a cluster that is gone: they go with it.
            for (const name of ["prod-eks-gitops-deploy-key", "prod-eks-gitops-webhook"]) {
                assert.equal(r.result.options[name]?.retainOnDelete, undefined, name);
            }
        });

        it("protects the branch only after the seed commits", () => {
            const deps = r.named("gitops-repository-branch-protection").dependsOn;
            for (const file of r.ofType("github:index/repositoryFile:RepositoryFile"))
                assert.ok(deps.includes(file.name), file.name);
        });

        it("seeds bootstrap/, Argo CD's layered values and the folders the ApplicationSets read, then leaves them to Git", () => {
            assert.deepEqual([...seededFiles(r).keys()].sort(), [
                "README.md",
                "apps/payments/README.md",
                "apps/web/README.md",
                ...Object.keys(addonApplicationSets())
                    .map((file) => `bootstrap/${file}`)
                    .sort(),
                "bootstrap/apps.yaml",
                "bootstrap/argocd.yaml",
                "bootstrap/infrastructure.yaml",
                "bootstrap/monitoring.yaml",
                "charts/platform-objects/Chart.yaml",
                "charts/platform-objects/templates/objects.yaml",
                "charts/platform-objects/values.yaml",
                // Karpenter's replicas and the NodePools come from the cluster's node pools.
                "clusters/prod-eks/addons/karpenter-nodepools/values.yaml",
                "clusters/prod-eks/addons/karpenter/values.yaml",
                // One cluster: its Argo CD values differ from nothing, so it has no Argo CD file of its own.
                "defaults/argocd/values.yaml",
                "environments/prod/argocd/values.yaml",
                "infrastructure/README.md",
                "monitoring/README.md",
            ]);
            for (const file of r.ofType("github:index/repositoryFile:RepositoryFile")) {
                assert.equal(file.inputs.branch, "main");
                assert.equal(file.inputs.overwriteOnCreate, true, "in the repository it created (autoInit README)");
                assert.deepEqual(
                    r.result.options[file.name],
                    { ignoreChanges: ["content", "commitMessage"], retainOnDelete: true },
                    file.name,
                );
            }
        });

        it("seeds ApplicationSets in waves: infrastructure 1, monitoring 5, apps 6, and Argo CD itself at 0", () => {
            const files = seededFiles(r);
            const waveOf = (path: string) =>
                YAML.parse(files.get(path)!).metadata.annotations["argocd.argoproj.io/sync-wave"];
            assert.equal(waveOf("bootstrap/argocd.yaml"), "0");
            assert.equal(waveOf("bootstrap/infrastructure.yaml"), "1");
            assert.equal(waveOf("bootstrap/monitoring.yaml"), "5");
            assert.equal(waveOf("bootstrap/apps.yaml"), "6");
            const infra = YAML.parse(files.get("bootstrap/infrastructure.yaml")!);
            const [clustersGen, gitGen] = infra.spec.generators[0].matrix.generators;
            // Each Argo CD has one cluster Secret (its own), so bootstrap/ is the same for every cluster.
            assert.deepEqual(clustersGen, {
                clusters: { selector: { matchLabels: { "argocd.argoproj.io/secret-type": "cluster" } } },
            });
            assert.deepEqual(gitGen.git.directories, [{ path: "infrastructure/*" }]);
            assert.equal(infra.spec.template.spec.project, "platform");
            const apps = YAML.parse(files.get("bootstrap/apps.yaml")!);
            assert.deepEqual(apps.spec.generators[0].matrix.generators[0].list.elements, [
                { team: "payments", namespace: "payments" },
                { team: "web", namespace: "web" },
            ]);
            assert.equal(apps.spec.template.spec.project, "{{.team}}");
            assert.deepEqual(apps.spec.generators[0].matrix.generators[1].git.directories, [
                { path: "apps/{{.team}}/*" },
            ]);
        });

        it("lets Argo CD manage its own chart: the same version, and layered values that compose to the release's", () => {
            const files = seededFiles(r);
            const set = YAML.parse(files.get("bootstrap/argocd.yaml")!);
            const release = r.named("prod-eks-argocd-release").inputs as Inputs;
            const [chart, values] = set.spec.template.spec.sources;
            assert.equal(chart.chart, "argo-cd");
            assert.equal(chart.targetRevision, release.version);
            assert.equal(chart.repoURL, "https://argoproj.github.io/argo-helm");
            assert.equal(chart.helm.releaseName, release.name);
            assert.equal(set.spec.template.spec.destination.namespace, release.namespace);
            assert.deepEqual(values, {
                repoURL: "{{.metadata.annotations.addons_repo_url}}",
                targetRevision: "{{.metadata.annotations.addons_repo_revision}}",
                ref: "values",
            });
            assert.deepEqual(chart.helm.valueFiles, [
                "$values/{{.metadata.annotations.addons_repo_basepath}}defaults/argocd/values.yaml",
                "$values/{{.metadata.annotations.addons_repo_basepath}}environments/{{.metadata.labels.environment}}/argocd/values.yaml",
                "$values/{{.metadata.annotations.addons_repo_basepath}}clusters/{{.name}}/argocd/values.yaml",
            ]);
            const composed = mergeValues(
                YAML.parse(files.get("defaults/argocd/values.yaml")!),
                YAML.parse(files.get("environments/prod/argocd/values.yaml")!),
            );
            assert.deepEqual(composed, release.values);
            assert.equal(set.spec.template.metadata.finalizers, undefined, "deleting it never deletes Argo CD");
        });

        it("ignores every Release input after the first install and keeps Argo CD on destroy", () => {
            const options = r.result.options["prod-eks-argocd-release"] as { ignoreChanges: string[] };
            assert.deepEqual(options, { ignoreChanges: RELEASE_INPUTS, retainOnDelete: true });
            for (const input of Object.keys(r.named("prod-eks-argocd-release").inputs)) {
                assert.ok(options.ignoreChanges.includes(input), `${input} is not ignored`);
            }
            // Every input the SDK declares, read from its typings, not only those the program sets today.
            const typings = fs.readFileSync(require.resolve("@pulumi/kubernetes/helm/v3/release.d.ts"), "utf8");
            const declared = /export interface ReleaseArgs \{([\s\S]*?)\n\}/.exec(typings)![1];
            const keys = [...declared.matchAll(/^\s{4}(\w+)\??:/gm)].map((m) => m[1]);
            assert.deepEqual([...options.ignoreChanges].sort(), keys.sort());
            assert.deepEqual(r.result.options["prod-eks-argocd-namespace"], { retainOnDelete: true });
            assert.deepEqual(r.result.options["prod-eks-argocd-secret"], { retainOnDelete: true });
        });

        it("gives each cluster a read-only deploy key, its private half only in the repository Secret", () => {
            const deployKey = revealed.named("prod-eks-gitops-deploy-key").inputs as Inputs;
            assert.equal(deployKey.readOnly, true);
            assert.equal(deployKey.repository, "platform-gitops");
            assert.equal(deployKey.title, "argocd-prod-eks");
            assert.match(deployKey.key, /^ssh-ed25519 /);
            const secret = revealed.named("prod-eks-gitops-repository-secret").inputs as Inputs;
            assert.equal(secret.metadata.labels["argocd.argoproj.io/secret-type"], "repository");
            assert.equal(secret.stringData.url, "git@github.com:acme/platform-gitops.git");
            assert.equal(secret.stringData.type, "git");
            assert.match(secret.stringData.sshPrivateKey, /BEGIN OPENSSH PRIVATE KEY/);
            assert.equal((r.named("prod-eks-gitops-repository-secret").inputs as Inputs).stringData, REDACTED);
        });

        it("also points a push webhook at the ApplicationSet controller, which refreshes git generators", () => {
            const webhook = revealed.named("prod-eks-gitops-applicationset-webhook").inputs as Inputs;
            assert.deepEqual(webhook.events, ["push"]);
            assert.equal(
                webhook.configuration.url,
                "https://argocd-applicationset.prod-eks.platform.example.com/api/webhook",
            );
            assert.equal(webhook.configuration.contentType, "json", "the only payload type it accepts");
            const ingress = (r.named("prod-eks-argocd-release").inputs as Inputs).values.applicationSet.ingress;
            assert.deepEqual(ingress, {
                enabled: true,
                ingressClassName: "nginx",
                hostname: "argocd-applicationset.prod-eks.platform.example.com",
                annotations: {},
                tls: true,
            });
        });

        it("points a push webhook at Argo CD with the generated secret and TLS verification", () => {
            const webhook = revealed.named("prod-eks-gitops-webhook").inputs as Inputs;
            assert.deepEqual(webhook.events, ["push"]);
            assert.equal(webhook.active, true);
            assert.deepEqual(webhook.configuration, {
                contentType: "json",
                insecureSsl: false,
                secret: "mock-password-of-prod-eks-argocd-webhook-secret",
                url: "https://argocd.prod-eks.platform.example.com/api/webhook",
            });
            const argocdSecret = (revealed.named("prod-eks-argocd-secret").inputs as Inputs).stringData;
            assert.equal(
                argocdSecret["webhook.github.secret"],
                webhook.configuration.secret,
                "Argo CD checks the same secret",
            );
            assert.equal((r.named("prod-eks-gitops-webhook").inputs as Inputs).configuration, REDACTED);
        });

        it("keeps the private key and the webhook secret out of every rendered file", () => {
            const everything = r
                .files()
                .map((f) => f.content)
                .join("\n");
            assert.doesNotMatch(everything, /PRIVATE KEY|mock-password/);
        });

        it("fences teams into their projects, and keeps the platform project for infrastructure", () => {
            const project = (name: string) => (r.named(`prod-eks-gitops-project-${name}`).inputs as Inputs).spec;
            assert.deepEqual(project("platform").clusterResourceWhitelist, [{ group: "*", kind: "*" }]);
            assert.deepEqual(project("payments"), {
                description: "Applications of team payments.",
                sourceRepos: ["git@github.com:acme/platform-gitops.git"],
                destinations: [{ namespace: "payments", server: "https://kubernetes.default.svc" }],
                clusterResourceWhitelist: [],
                namespaceResourceBlacklist: [
                    { group: "", kind: "ResourceQuota" },
                    { group: "", kind: "LimitRange" },
                ],
            });
            assert.deepEqual(
                project("web").destinations.map((d: Inputs) => d.namespace),
                ["web", "web-jobs"],
            );
            const projects = r
                .ofType("kubernetes:argoproj.io/v1alpha1:AppProject")
                .map((p) => (p.inputs as Inputs).metadata.name);
            assert.ok(!projects.includes("default"));
        });

        it("puts nothing in the default project", () => {
            const applications = [
                ...r.ofType("kubernetes:argoproj.io/v1alpha1:Application").map((a) => a.inputs),
                ...[...seededFiles(r)].filter(([p]) => /^bootstrap\/.*\.yaml$/.test(p)).map(([, c]) => YAML.parse(c)),
            ];
            for (const app of applications) {
                const project = app.kind === "ApplicationSet" ? app.spec.template.spec.project : app.spec.project;
                assert.notEqual(project, "default", app.metadata.name);
            }
        });

        it("starts the root Application at the cluster's folder with automated, retried sync", () => {
            const root = r.named("prod-eks-gitops-root-application").inputs as Inputs;
            assert.equal(root.metadata.name, "root");
            assert.equal(root.metadata.namespace, "argocd");
            assert.deepEqual(root.spec.source, {
                repoURL: "git@github.com:acme/platform-gitops.git",
                targetRevision: "main",
                path: "bootstrap",
                directory: { recurse: true },
            });
            assert.equal(root.spec.project, "platform");
            assert.deepEqual(root.spec.destination, { namespace: "argocd", server: "https://kubernetes.default.svc" });
            assert.deepEqual(root.spec.syncPolicy, {
                automated: { prune: true, selfHeal: true },
                retry: { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } },
                syncOptions: ["CreateNamespace=true", "ServerSideApply=true", "RespectIgnoreDifferences=true"],
            });
            assert.ok(!root.spec.syncPolicy.syncOptions.some((o: string) => o.startsWith("ApplyOutOfSyncOnly")));
            assert.deepEqual(root.metadata.finalizers, ["resources-finalizer.argocd.argoproj.io"]);
        });

        it("makes `pulumi up` wait until the root is Synced and Healthy, for the configured time", () => {
            const annotations = (r.named("prod-eks-gitops-root-application").inputs as Inputs).metadata.annotations;
            assert.deepEqual(JSON.parse(annotations["pulumi.com/waitFor"]), [
                "jsonpath={.status.sync.status}=Synced",
                "jsonpath={.status.health.status}=Healthy",
            ]);
            assert.equal(annotations["pulumi.com/timeoutSeconds"], "1200");
        });

        it("creates the root after Argo CD, its Git access, the seeded files, the projects and namespaces", () => {
            const deps = r.named("prod-eks-gitops-root-application").dependsOn;
            for (const name of [
                "prod-eks-argocd-release",
                "prod-eks-gitops-repository-secret",
                "prod-eks-gitops-deploy-key",
                "prod-eks-gitops-cluster-secret",
                "prod-eks-gitops-project-platform",
                "prod-eks-gitops-namespace-web-jobs",
                ...r.ofType("github:index/repositoryFile:RepositoryFile").map((f) => f.name),
            ]) {
                assert.ok(deps.includes(name), name);
            }
        });

        it("creates every team namespace, so team Applications never create one", () => {
            const namespaces = r
                .ofType("kubernetes:core/v1:Namespace")
                .map((n) => (n.inputs as Inputs).metadata)
                .filter((m) => m.labels["platform.gitops/team"]);
            assert.deepEqual(
                namespaces.map((m) => `${m.labels["platform.gitops/team"]}/${m.name}`),
                ["payments/payments", "web/web", "web/web-jobs"],
            );
            const apps = YAML.parse(seededFiles(r).get("bootstrap/apps.yaml")!);
            assert.ok(!apps.spec.template.spec.syncPolicy.syncOptions.includes("CreateNamespace=true"));
        });

        it("carries the bridge metadata on the in-cluster cluster Secret", () => {
            const secret = revealed.named("prod-eks-gitops-cluster-secret").inputs as Inputs;
            assert.equal(secret.metadata.labels["argocd.argoproj.io/secret-type"], "cluster");
            assert.equal(secret.metadata.labels.cluster_name, "prod-eks");
            assert.equal(secret.metadata.labels.environment, "prod");
            assert.equal(secret.metadata.labels.enable_external_dns, "true");
            assert.equal(secret.metadata.annotations.aws_region, "eu-west-1");
            assert.equal(secret.metadata.annotations.aws_account_id, "123456789012");
            assert.equal(
                secret.metadata.annotations.external_secrets_iam_role_arn,
                "arn:aws:iam::123456789012:role/prod-eks-external-secrets-role",
            );
            assert.equal(secret.metadata.annotations.addons_repo_url, "git@github.com:acme/platform-gitops.git");
            assert.deepEqual(secret.stringData, {
                name: "prod-eks",
                server: "https://kubernetes.default.svc",
                config: JSON.stringify({ tlsClientConfig: { insecure: false } }),
            });
        });
    });

    it("puts seeded paths under gitops.path", async () => {
        const r = await renderConfig(prodLike({ path: "platform" }));
        assert.ok(seededFiles(r).has("platform/bootstrap/infrastructure.yaml"));
        assert.ok(seededFiles(r).has("platform/environments/prod/argocd/values.yaml"));
        assert.equal(
            (r.named("prod-eks-gitops-root-application").inputs as Inputs).spec.source.path,
            "platform/bootstrap",
        );
        const secret = r.named("prod-eks-gitops-cluster-secret").inputs as Inputs;
        assert.equal(secret.metadata.annotations.addons_repo_basepath, "platform/", "concatenated in templates");
        assert.equal(repoPath({ path: "" } as never, "clusters", "a"), "clusters/a");
    });

    it("leaves the branch unprotected on GitHub's free plan, and says so", async () => {
        const warnings: string[] = [];
        const warn = console.warn;
        console.warn = (message: string) => warnings.push(message);
        let r: Rendered;
        try {
            r = await renderConfig(prodLike({ githubPlan: "free" }));
        } finally {
            console.warn = warn;
        }
        assert.equal(r.ofType("github:index/branchProtection:BranchProtection").length, 0);
        assert.ok(r.ofType("github:index/repositoryFile:RepositoryFile").length > 0, "still seeded");
        assert.ok(
            warnings.some((w) => /main of acme\/platform-gitops stays unprotected.*githubPlan/.test(w)),
            warnings.join("\n"),
        );
    });

    it("never overwrites a file in a repository this stack did not create", async () => {
        const r = await renderConfig(prodLike({ create: false }));
        const files = r.ofType("github:index/repositoryFile:RepositoryFile");
        assert.ok(files.length > 0);
        for (const file of files) assert.equal(file.inputs.overwriteOnCreate, false, file.name);
        assert.equal(r.ofType("github:index/repository:Repository").length, 0);
    });

    it("does not give Argo CD someone else's URL when it has no domain", async () => {
        const r = await renderConfig(baseConfig());
        const values = (r.named("dev-eks-argocd-release").inputs as Inputs).values;
        // The chart presets argocd-cm `url` as https://<global.domain> (its own default: argocd.example.com);
        // an empty configs.cm.url does not override it (mergeOverwrite keeps non-empty presets).
        const presetUrl = values.configs.cm.url || `https://${values.global.domain ?? "argocd.example.com"}`;
        assert.equal(presetUrl, "https://localhost:8080", "the documented port-forward address");
        assert.equal(values.applicationSet.ingress, undefined);
    });

    it("skips the webhook when Argo CD has no public URL", async () => {
        const r = await renderConfig({ ...prodLike(), "gitops-platform:argocd": { domain: "platform.example.com" } });
        assert.throws(() => r.named("prod-eks-gitops-webhook"));
        assert.throws(() => r.named("prod-eks-gitops-applicationset-webhook"));
        assert.ok(r.named("prod-eks-gitops-deploy-key"));
    });

    it("uses an existing GitHub repository without creating, protecting or seeding it", async () => {
        const r = await renderConfig({ ...baseConfig() });
        for (const type of [
            "github:index/repository:Repository",
            "github:index/branchProtection:BranchProtection",
            "github:index/repositoryFile:RepositoryFile",
        ]) {
            assert.equal(r.ofType(type).length, 0, type);
        }
        assert.ok(r.named("dev-eks-gitops-deploy-key"));
    });

    it("leaves the Helm release to Pulumi when self-management is off", async () => {
        const r = await renderConfig(prodLike({ selfManagement: false }));
        assert.ok(!seededFiles(r).has("bootstrap/argocd.yaml"));
        assert.ok(![...seededFiles(r).keys()].some((p) => p.includes("argocd/values.yaml")));
        assert.equal(r.result.options["prod-eks-argocd-release"], undefined);
    });

    it("uses any Git URL with no GitHub calls (local)", async () => {
        const r = await renderStack("local");
        assert.equal(
            r.resources.filter((x) => x.type.startsWith("github:") || x.type === "pulumi:providers:github").length,
            0,
        );
        const root = r.named("local-gitops-root-application").inputs as Inputs;
        assert.equal(root.spec.source.repoURL, "https://github.com/acme/platform-gitops-local.git");
    });
});

describeWithReference(
    "Argo CD manifests against the CRD schemas",
    [
        "argo-cd-v3.4.4/crds/application-crd.yaml",
        "argo-cd-v3.4.4/crds/applicationset-crd.yaml",
        "argo-cd-v3.4.4/crds/appproject-crd.yaml",
    ],
    (crdFiles) => {
        const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
        const validators = new Map(
            crdFiles.map((file) => {
                const crd = YAML.parse(fs.readFileSync(file, "utf8"));
                const version = crd.spec.versions.find((v: Inputs) => v.name === "v1alpha1");
                return [crd.spec.names.kind as string, ajv.compile(version.schema.openAPIV3Schema)];
            }),
        );
        const validate = (manifest: Inputs) => {
            const check = validators.get(manifest.kind)!;
            assert.ok(check, `no CRD for ${manifest.kind}`);
            assert.ok(check(manifest), `${manifest.kind} ${manifest.metadata?.name}: ${ajv.errorsText(check.errors)}`);
        };

        it("accept what the program creates and seeds in every stack", async () => {
            let checked = 0;
            for (const stack of ["dev", "dev-gke", "prod", "local"]) {
                const r = await renderStack(stack);
                for (const resource of r.resources.filter((x) => x.type.startsWith("kubernetes:argoproj.io/"))) {
                    validate(toManifest(resource));
                    checked++;
                }
                for (const file of r
                    .ofType("github:index/repositoryFile:RepositoryFile")
                    // Manifests live in bootstrap/; the other YAML files are Helm values.
                    .filter((f) => /^bootstrap\/.*\.yaml$/.test(String(f.inputs.file)))) {
                    validate(YAML.parse(file.inputs.content as string));
                    checked++;
                }
            }
            assert.ok(checked >= 15, `only ${checked} manifests checked`);
        });

        it("accept the seeded layout of every combination of options", () => {
            const gitops = {
                branch: "main",
                path: "",
                create: false,
                seed: true,
                githubPlan: "free" as const,
                selfManagement: true,
                syncTimeoutMinutes: 20,
                owner: "a",
                name: "b",
            };
            const manifests = bootstrapManifests({
                gitops,
                teams: [{ name: "t", groups: [] }],
                argocdChartVersion: "10.1.1",
            });
            for (const manifest of Object.values(manifests)) validate(manifest as Inputs);
        });

        it("reject a manifest that breaks the schema", () => {
            const check = validators.get("Application")!;
            assert.equal(
                check({
                    apiVersion: "argoproj.io/v1alpha1",
                    kind: "Application",
                    metadata: { name: "x" },
                    spec: { project: 1 },
                }),
                false,
            );
        });

        it("keep the sync options the platform requires", () => {
            assert.deepEqual(SYNC_OPTIONS, [
                "CreateNamespace=true",
                "ServerSideApply=true",
                "RespectIgnoreDifferences=true",
            ]);
        });
    },
);
