import * as assert from "assert";
import { stringify } from "yaml";
import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { FIRST_FIXED_CHART_VERSION, argocdChartVersion as policy } from "./chartVersion";
import { release, secureValues, selfManagedApplication } from "./fixtures";

describe("argocd-chart-version", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-chart-version"));
    it("defaults its floor to chart 8.5.8 (Argo CD v3.1.8)", () => {
        assert.strictEqual(FIRST_FIXED_CHART_VERSION, "8.5.8");
        assert.strictEqual(policy.configSchema?.properties.minimumChartVersion.default, "8.5.8");
    });
    it("passes the pinned chart", () => expectPass(policy, TYPES.helmRelease, release()));
    it("passes the floor itself", () => expectPass(policy, TYPES.helmRelease, release(secureValues(), "8.5.8")));
    it("fails a chart below the floor (Argo CD v3.1.7, still vulnerable to CVE-2025-59538)", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            release(secureValues(), "8.5.7"),
            /chart 8\.5\.7 is older than 8\.5\.8/,
        ));
    it("fails an old major line", () =>
        expectViolation(policy, TYPES.helmRelease, release(secureValues(), "7.7.11"), /7\.7\.11 is older/));
    it("fails an unpinned chart", () =>
        expectViolation(policy, TYPES.helmRelease, { ...release(), version: undefined }, /not pinned/));
    it("fails a version range", () =>
        expectViolation(policy, TYPES.helmRelease, release(secureValues(), ">=8.0.0"), /not an exact release/));
    it("uses the floor from the pack config", () =>
        expectViolation(policy, TYPES.helmRelease, release(), /older than 11\.0\.0/, {
            config: { "argocd-chart-version": { minimumChartVersion: "11.0.0" } },
        }));
    it("checks the Application through which Argo CD manages itself", () =>
        expectViolation(
            policy,
            TYPES.application,
            selfManagedApplication(secureValues(), "8.0.0"),
            /Application argocd: chart 8\.0\.0/,
        ));
    it("checks that Application in a file Pulumi commits to the GitOps repository", () =>
        expectViolation(
            policy,
            TYPES.repositoryFile,
            {
                file: "clusters/prod-eks/argocd.yaml",
                content: stringify(selfManagedApplication(secureValues(), "8.0.0")),
            },
            /Application argocd in clusters\/prod-eks\/argocd\.yaml: chart 8\.0\.0/,
        ));
    it("does not apply to other Helm charts", () =>
        expectNotApplicable(policy, TYPES.helmRelease, { chart: "ingress-nginx", version: "1.0.0" }));
    it("does not apply to files that are not YAML", () =>
        expectNotApplicable(policy, TYPES.repositoryFile, { file: "README.md", content: "# readme" }));
});
