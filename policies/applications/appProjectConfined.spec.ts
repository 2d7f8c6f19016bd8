import { stringify } from "yaml";
import {
    DEVELOPMENT,
    expectMetadata,
    expectNotApplicable,
    expectPass,
    expectViolation,
    expectViolations,
} from "../lib/spec";
import { TYPES } from "../lib/types";
import { argocdAppProjectConfined as policy } from "./appProjectConfined";

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped */

const IN_CLUSTER = "https://kubernetes.default.svc";

/** A team AppProject as gitops-platform writes it. */
function teamProject(change: (spec: Record<string, any>) => void = () => undefined, name = "payments") {
    const spec: Record<string, any> = {
        sourceRepos: ["git@github.com:acme/platform-gitops.git"],
        destinations: [{ server: IN_CLUSTER, namespace: "payments" }],
        clusterResourceWhitelist: [],
        namespaceResourceBlacklist: [{ group: "", kind: "ResourceQuota" }],
    };
    change(spec);
    return { apiVersion: "argoproj.io/v1alpha1", kind: "AppProject", metadata: { name, namespace: "argocd" }, spec };
}

describe("argocd-appproject-confined", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-appproject-confined"));
    it("passes a team project as gitops-platform writes it", () => expectPass(policy, TYPES.appProject, teamProject()));
    it("passes its own Namespace by name, and repositories under one host", () =>
        expectPass(
            policy,
            TYPES.appProject,
            teamProject((s) => {
                s.clusterResourceWhitelist = [{ group: "", kind: "Namespace", name: "payments" }];
                s.sourceRepos = ["https://github.com/acme/*", "oci://ghcr.io/acme/charts"];
            }),
        ));
    it("passes the platform project, which may deploy anything by design", () =>
        expectPass(
            policy,
            TYPES.appProject,
            teamProject((s) => {
                s.sourceRepos = ["*"];
                s.destinations = [{ server: IN_CLUSTER, namespace: "*" }];
                s.clusterResourceWhitelist = [{ group: "*", kind: "*" }];
            }, "platform"),
        ));
    const violating: [string, (spec: Record<string, any>) => void, RegExp][] = [
        ["a wildcard source", (s) => (s.sourceRepos = ["*"]), /source repository "\*" allows any/],
        ["a wildcard host", (s) => (s.sourceRepos = ["https://*/acme/app.git"]), /allows any repository or server/],
        [
            "a wildcard namespace",
            (s) => (s.destinations = [{ server: IN_CLUSTER, namespace: "*" }]),
            /not one named namespace/,
        ],
        [
            "a namespace pattern",
            (s) => (s.destinations = [{ server: IN_CLUSTER, namespace: "pay*" }]),
            /not one named namespace/,
        ],
        [
            "Argo CD's namespace",
            (s) => s.destinations.push({ server: IN_CLUSTER, namespace: "argocd" }),
            /argocd belongs to the platform/,
        ],
        [
            "kube-system",
            (s) => s.destinations.push({ server: IN_CLUSTER, namespace: "kube-system" }),
            /kube-system belongs/,
        ],
        [
            "an add-on's namespace",
            (s) => s.destinations.push({ server: IN_CLUSTER, namespace: "external-secrets" }),
            /external-secrets belongs/,
        ],
        [
            "a wildcard server",
            (s) => (s.destinations = [{ server: "*", namespace: "payments" }]),
            /destination server "\*"/,
        ],
        [
            "every cluster-scoped kind",
            (s) => (s.clusterResourceWhitelist = [{ group: "*", kind: "*" }]),
            /cluster-scoped kind \*\/\*/,
        ],
        [
            "ClusterRoles",
            (s) => (s.clusterResourceWhitelist = [{ group: "rbac.authorization.k8s.io", kind: "ClusterRole" }]),
            /ClusterRole is allowed/,
        ],
        [
            "every Namespace",
            (s) => (s.clusterResourceWhitelist = [{ group: "", kind: "Namespace" }]),
            /core\/Namespace is allowed/,
        ],
        [
            "another team's Namespace",
            (s) => (s.clusterResourceWhitelist = [{ group: "", kind: "Namespace", name: "storefront" }]),
            /Namespace storefront is allowed/,
        ],
        ["no destinations", (s) => (s.destinations = []), /lists no destinations/],
    ];
    for (const [what, change, message] of violating) {
        it(`fails ${what}`, () => expectViolation(policy, TYPES.appProject, teamProject(change), message));
    }
    it("reports each problem of one project", () =>
        expectViolations(
            policy,
            TYPES.appProject,
            teamProject((s) => {
                s.sourceRepos = ["*"];
                s.destinations = [{ server: IN_CLUSTER, namespace: "*" }];
            }),
            [/source repository/, /destination namespace/],
        ));
    it("checks AppProjects in a YAML file Pulumi commits", () =>
        expectViolation(
            policy,
            TYPES.repositoryFile,
            { file: "projects/payments.yaml", content: stringify(teamProject((s) => (s.sourceRepos = ["*"]))) },
            /AppProject payments in projects\/payments\.yaml: source repository/,
        ));
    it("is advisory outside production", () =>
        expectViolation(
            policy,
            TYPES.appProject,
            teamProject((s) => (s.sourceRepos = ["*"])),
            /source/,
            {
                stack: DEVELOPMENT,
                level: "advisory",
            },
        ));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.helmRelease, { chart: "x" }));
});
