import { stringify } from "yaml";
import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { application, applicationSet, specWith } from "./fixtures";
import { applicationNotDefaultProject as policy } from "./notDefaultProject";

describe("argocd-application-not-default-project", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-application-not-default-project"));
    it("passes an Application in its own project", () => expectPass(policy, TYPES.application, application()));
    it("passes an ApplicationSet templating a team project", () =>
        expectPass(policy, TYPES.applicationSet, applicationSet(specWith((s) => (s.project = "{{.team}}")))));
    const teamsSet = (teams: string[]) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are untyped
        const set: any = applicationSet(specWith((s) => (s.project = "{{.team}}")));
        set.spec.generators = [{ list: { elements: teams.map((team) => ({ team, namespace: team })) } }];
        return set;
    };
    it("passes a {{.team}} template whose every element names a team project", () =>
        expectPass(policy, TYPES.applicationSet, teamsSet(["payments", "storefront"])));
    it("fails a {{.team}} template that resolves to default for one element", () =>
        expectViolation(
            policy,
            TYPES.applicationSet,
            teamsSet(["payments", "default"]),
            /`spec.project` \{\{\.team\}\} resolves to default for generator element \{"team":"default"/,
        ));
    it("fails a template whose element lacks the key (an empty project is default)", () => {
        const set = teamsSet(["payments"]);
        set.spec.generators[0].list.elements.push({ namespace: "x" });
        set.spec.template.spec.project = "{{ .team }}";
        return expectViolation(policy, TYPES.applicationSet, set, /resolves to nothing/);
    });
    it("fails an element of a matrix generator", () => {
        const set = teamsSet([]);
        set.spec.generators = [
            { matrix: { generators: [{ list: { elements: [{ team: "default" }] } }, { clusters: {} }] } },
        ];
        return expectViolation(policy, TYPES.applicationSet, set, /resolves to default/);
    });
    it("fails an Application in the default project", () =>
        expectViolation(
            policy,
            TYPES.application,
            application(specWith((s) => (s.project = "default"))),
            /Application root: `spec.project` is default/,
        ));
    it("fails an Application without a project", () =>
        expectViolation(policy, TYPES.application, application(specWith((s) => delete s.project)), /is unset/));
    it("fails an ApplicationSet template in the default project", () =>
        expectViolation(
            policy,
            TYPES.applicationSet,
            applicationSet(specWith((s) => (s.project = "default"))),
            /ApplicationSet apps \(template\)/,
        ));
    it("checks every Application in a YAML file Pulumi commits", () =>
        expectViolation(
            policy,
            TYPES.repositoryFile,
            {
                file: "clusters/dev/apps.yaml",
                content: [
                    stringify(application()),
                    stringify(applicationSet(specWith((s) => (s.project = "default")))),
                ].join("---\n"),
            },
            /ApplicationSet apps in clusters\/dev\/apps\.yaml \(template\)/,
        ));
    it("does not apply to other files", () =>
        expectNotApplicable(policy, TYPES.repositoryFile, {
            file: "apps/payments/README.md",
            content: "kind: Application",
        }));
    it("does not apply to other Kubernetes objects in YAML", () =>
        expectNotApplicable(policy, TYPES.repositoryFile, {
            file: "infrastructure/ns.yaml",
            content: "kind: Namespace\nmetadata:\n  name: x\n",
        }));
});
