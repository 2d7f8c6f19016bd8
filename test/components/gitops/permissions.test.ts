import { strict as assert } from "assert";
import * as YAML from "yaml";
import { expandApplicationSet } from "../../../components/gitops/applicationSets";
import {
    AppProjectSpec,
    ApplicationManifest,
    Cluster,
    SyncResource,
    checkApplication,
    globMatch,
    isDestinationPermitted,
    isGroupKindPermitted,
    isSourcePermitted,
    normalizeGitUrl,
} from "../../../components/gitops/permissions";
import { Rendered, renderStack } from "../../helpers";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const IN_CLUSTER = "https://kubernetes.default.svc";
const inCluster: Cluster = { name: "c1", server: IN_CLUSTER };

describe("Argo CD project check (offline model)", () => {
    describe("source repositories, as upstream's own cases", () => {
        const cases: [string[], string, boolean][] = [
            [["*"], "https://github.com/argoproj/test.git", true],
            [["https://github.com/argoproj/test.git"], "https://github.com/argoproj/test.git", true],
            [["ssh://git@GITHUB.com:argoproj/test"], "ssh://git@github.com:argoproj/test", true],
            [["https://github.com/argoproj/*"], "https://github.com/argoproj/argoproj.git", true],
            [["https://github.com/argoproj/test1.git"], "https://github.com/argoproj/test2.git", false],
            [["https://github.com/argoproj/*.git"], "https://github.com/argoproj1/test2.git", false],
            [["https://github.com/argoproj/foo"], "https://github.com/argoproj/foo1", false],
            [["https://gitlab.com/group/*"], "https://gitlab.com/group/repo/owner", false],
            [["https://gitlab.com/group/*/*"], "https://gitlab.com/group/repo/owner", true],
            [["https://gitlab.com/group/**"], "https://gitlab.com/group/sub-group/repo/owner", true],
            [
                ["https://github.com/test1/test.git", "!https://github.com/test2/test.git"],
                "https://github.com/test2/test.git",
                false,
            ],
            [["!https://github.com/argoproj/*.git", "*"], "https://github.com/argoproj1/test2.git", true],
            [["git@github.com:acme/platform-gitops.git"], "git@github.com:Acme/platform-gitops", true],
            [["git@github.com:acme/platform-gitops.git"], "git@github.com:acme/platform-gitops-prod.git", false],
        ];
        for (const [patterns, repo, expected] of cases) {
            it(`${JSON.stringify(patterns)} ${expected ? "permits" : "refuses"} ${repo}`, () => {
                assert.equal(isSourcePermitted({ sourceRepos: patterns }, repo), expected);
            });
        }
        it("normalizes scp-like SSH URLs the way Argo CD does", () => {
            assert.equal(normalizeGitUrl("git@GitHub.com:acme/x.git"), "git@github.com/acme/x");
            assert.equal(normalizeGitUrl("https://github.com/acme/x.git"), "https://github.com/acme/x");
        });
    });

    describe("destinations", () => {
        const project: AppProjectSpec = { destinations: [{ server: IN_CLUSTER, namespace: "payments" }] };
        it("permits only the listed namespace on the listed server", () => {
            assert.ok(isDestinationPermitted(project, inCluster, "payments"));
            assert.ok(!isDestinationPermitted(project, inCluster, "storefront"));
            assert.ok(!isDestinationPermitted(project, { name: "other", server: "https://x" }, "payments"));
        });
        it("matches by cluster name as well, and lets deny patterns exclude", () => {
            assert.ok(isDestinationPermitted({ destinations: [{ name: "c1", namespace: "*" }] }, inCluster, "a"));
            const deny: AppProjectSpec = {
                destinations: [
                    { server: "*", namespace: "!kube-system" },
                    { server: "*", namespace: "*" },
                ],
            };
            assert.ok(!isDestinationPermitted(deny, inCluster, "kube-system"));
            assert.ok(isDestinationPermitted(deny, inCluster, "apps"));
        });
        it("treats the glob like gobwas: * spans the whole value without separators", () => {
            assert.ok(globMatch("team-*", "team-a-b", true));
            assert.ok(!globMatch("team-?", "team-ab", true));
            assert.ok(globMatch("{a,b}-ns", "b-ns", true));
        });
    });

    describe("resource kinds", () => {
        const deployment = { group: "apps", kind: "Deployment", name: "web", namespaced: true };
        const namespace = { group: "", kind: "Namespace", name: "payments", namespaced: false };
        it("allows every namespaced kind when there is no namespaced whitelist, none with an empty one", () => {
            assert.ok(isGroupKindPermitted({}, deployment));
            assert.ok(!isGroupKindPermitted({ namespaceResourceWhitelist: [] }, deployment));
            assert.ok(
                !isGroupKindPermitted({ namespaceResourceBlacklist: [{ group: "apps", kind: "*" }] }, deployment),
            );
        });
        it("allows no cluster-scoped kind unless whitelisted, by group/kind and optionally name", () => {
            assert.ok(!isGroupKindPermitted({}, namespace));
            assert.ok(!isGroupKindPermitted({ clusterResourceWhitelist: [] }, namespace));
            assert.ok(
                isGroupKindPermitted({ clusterResourceWhitelist: [{ group: "", kind: "Namespace" }] }, namespace),
            );
            const byName = { clusterResourceWhitelist: [{ group: "", kind: "Namespace", name: "pay*" }] };
            assert.ok(isGroupKindPermitted(byName, namespace));
            assert.ok(!isGroupKindPermitted(byName, { ...namespace, name: "kube-system" }));
            const blacklisted = {
                clusterResourceWhitelist: [{ group: "*", kind: "*" }],
                clusterResourceBlacklist: [{ group: "rbac.authorization.k8s.io", kind: "ClusterRole" }],
            };
            assert.ok(
                !isGroupKindPermitted(blacklisted, {
                    ...namespace,
                    group: "rbac.authorization.k8s.io",
                    kind: "ClusterRole",
                }),
            );
        });
    });

    describe("a sync", () => {
        // The team setup the first wave shipped: no cluster-scoped kinds, and CreateNamespace=true.
        const teamProject: AppProjectSpec = {
            sourceRepos: ["git@github.com:acme/platform-gitops.git"],
            destinations: [{ server: IN_CLUSTER, namespace: "payments" }],
            clusterResourceWhitelist: [],
        };
        const app = (syncOptions: string[], namespace = "payments"): ApplicationManifest => ({
            metadata: { name: "payments-api" },
            spec: {
                project: "payments",
                source: { repoURL: "git@github.com:acme/platform-gitops.git" },
                destination: { server: IN_CLUSTER, namespace },
                syncPolicy: { syncOptions },
            },
        });
        const deployment: SyncResource = { group: "apps", kind: "Deployment", name: "api", namespaced: true };
        const context = (live: string[]) => ({
            projects: new Map([["payments", teamProject]]),
            clusters: [inCluster],
            liveNamespaces: new Set(live),
        });

        it("refuses the first app of a team whose namespace CreateNamespace would create", () => {
            const verdict = checkApplication(app(["CreateNamespace=true"]), [deployment], context([]));
            assert.deepEqual(verdict.refusals, ["resource :Namespace is not permitted in project payments"]);
        });
        it("adds no Namespace when it exists already, or when the app does not ask for one", () => {
            assert.deepEqual(
                checkApplication(app(["CreateNamespace=true"]), [deployment], context(["payments"])).refusals,
                [],
            );
            assert.deepEqual(checkApplication(app([]), [deployment], context([])).refusals, []);
        });
        it("still syncs the Namespace when managedNamespaceMetadata is set, so it is checked", () => {
            const managed = app(["CreateNamespace=true"]);
            managed.spec.syncPolicy!.managedNamespaceMetadata = { labels: { a: "b" } };
            assert.equal(checkApplication(managed, [deployment], context(["payments"])).refusals.length, 1);
        });
        it("refuses another team's namespace, cluster-scoped kinds and foreign repositories", () => {
            assert.match(checkApplication(app([], "storefront"), [], context([])).refusals[0], /do not match any/);
            const escape = [{ ...deployment, namespace: "kube-system" }];
            assert.deepEqual(checkApplication(app([]), escape, context([])).refusals, [
                "namespace kube-system is not permitted in project 'payments'",
            ]);
            const clusterRole = {
                group: "rbac.authorization.k8s.io",
                kind: "ClusterRole",
                name: "x",
                namespaced: false,
            };
            assert.equal(checkApplication(app([]), [clusterRole], context([])).refusals.length, 1);
            const foreign = app([]);
            foreign.spec.source = { repoURL: "https://github.com/evil/charts" };
            assert.match(checkApplication(foreign, [], context([])).refusals[0], /not permitted in project/);
        });
        it("refuses an Application whose project does not exist", () => {
            const orphan = app([]);
            orphan.spec.project = "nobody";
            assert.match(checkApplication(orphan, [], context([])).refusals[0], /does not exist/);
        });
    });
});

/** What each seeded Application would apply: a Deployment in its namespace (team and platform apps alike). */
const WORKLOAD: SyncResource[] = [{ group: "apps", kind: "Deployment", name: "workload", namespaced: true }];

/** Every Application of a rendered stack's seeded layout, per cluster, with the verdict on each. */
function layoutVerdicts(r: Rendered) {
    const kind = (t: string) => r.ofType(`kubernetes:${t}`).map((x) => x.inputs as Inputs);
    const projects = new Map(
        kind("argoproj.io/v1alpha1:AppProject").map((p) => [p.metadata.name as string, p.spec as AppProjectSpec]),
    );
    const liveNamespaces = new Set(kind("core/v1:Namespace").map((n) => n.metadata.name as string));
    const files = r.ofType("github:index/repositoryFile:RepositoryFile").map((f) => ({
        path: f.inputs.file as string,
        content: f.inputs.content as string,
    }));
    const clusterSecrets = kind("core/v1:Secret").filter(
        (s) => s.metadata.labels?.["argocd.argoproj.io/secret-type"] === "cluster",
    );
    const verdicts = [];
    for (const secret of clusterSecrets) {
        const cluster: Cluster = {
            name: secret.metadata.labels.cluster_name,
            server: IN_CLUSTER,
            labels: secret.metadata.labels,
            annotations: secret.metadata.annotations,
        };
        const teams = [...projects.keys()].filter((p) => p !== "platform");
        const directories = [
            "infrastructure/ingress-nginx",
            "monitoring/prometheus",
            ...teams.map((t) => `apps/${t}/web`),
        ];
        // bootstrap/ is what the root Application applies on every cluster.
        const manifests = files
            .filter((f) => f.path.startsWith("bootstrap/") && f.path.endsWith(".yaml"))
            .map((f) => YAML.parse(f.content));
        const applications: ApplicationManifest[] = [
            ...r
                .ofType("kubernetes:argoproj.io/v1alpha1:Application")
                .map((a) => a.inputs as unknown as ApplicationManifest),
            ...manifests.filter((m) => m.kind === "Application"),
            ...manifests
                .filter((m) => m.kind === "ApplicationSet")
                .flatMap((set) => expandApplicationSet(set, { clusters: [cluster], directories })),
        ];
        for (const application of applications) {
            verdicts.push(checkApplication(application, WORKLOAD, { projects, clusters: [cluster], liveNamespaces }));
        }
    }
    return verdicts;
}

describe("the seeded layout under Argo CD's project check", () => {
    for (const stack of ["dev", "dev-gke", "prod"]) {
        it(`lets every Application of stack ${stack} sync, team apps included`, async () => {
            const verdicts = layoutVerdicts(await renderStack(stack));
            assert.ok(verdicts.length >= 4, `only ${verdicts.length} Applications checked`);
            assert.deepEqual(
                verdicts.filter((v) => v.refusals.length > 0),
                [],
            );
        });
    }

    it("checks the team Applications of prod in their own projects", async () => {
        const verdicts = layoutVerdicts(await renderStack("prod"));
        const teamApps = verdicts.filter((v) => v.project === "payments" || v.project === "storefront");
        assert.deepEqual(teamApps.map((v) => v.application).sort(), [
            "payments-web",
            "payments-web",
            "storefront-web",
            "storefront-web",
        ]);
    });
});
