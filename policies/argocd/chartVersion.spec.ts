import * as assert from "assert";
import { stringify } from "yaml";
import { ARGOCD_ADVISORIES, ARGOCD_MINORS, compareReleases } from "../lib/argocdReleases";
import {
    DEVELOPMENT,
    expectMetadata,
    expectNotApplicable,
    expectPass,
    expectViolation,
    expectViolations,
} from "../lib/spec";
import { TYPES } from "../lib/types";
import { FIRST_FIXED_CHART_VERSION, PATCHED_VERSIONS, argocdChartVersion as policy } from "./chartVersion";
import { release, secureValues, selfManagedApplication } from "./fixtures";

/* eslint-disable @typescript-eslint/no-explicit-any -- Helm values are untyped */

/** The secure values with another `global.image.tag` (undefined: none, so the chart's appVersion runs). */
function withTag(tag: string | undefined): Record<string, any> {
    const values = secureValues();
    values.global.image = tag === undefined ? undefined : { tag };
    return values;
}

describe("argocd-chart-version", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-chart-version"));
    it("defaults its chart floor to chart 8.5.8 (Argo CD v3.1.8)", () => {
        assert.strictEqual(FIRST_FIXED_CHART_VERSION, "8.5.8");
        assert.strictEqual(policy.configSchema?.properties.minimumChartVersion.default, "8.5.8");
    });
    it("defaults its image floors to each supported minor's patched release", () =>
        assert.deepStrictEqual(policy.configSchema?.properties.patchedVersions.default, {
            "3.4": "3.4.15",
            "3.5": "3.5.9",
            "3.6": "3.6.3",
        }));
    it("puts every floor at or above each fix the advisories list for that minor", () => {
        for (const advisory of ARGOCD_ADVISORIES) {
            for (const [minor, fixed] of Object.entries(advisory.fixedIn)) {
                assert.ok(PATCHED_VERSIONS[minor], `${advisory.name} names minor ${minor}, which has no floor`);
                assert.ok(compareReleases(PATCHED_VERSIONS[minor], fixed) >= 0, `${minor}: ${advisory.name}`);
            }
        }
    });
    it("names every advisory in its docs", () => {
        for (const advisory of ARGOCD_ADVISORIES) assert.ok(policy.rationale.includes(advisory.name), advisory.name);
    });

    it("passes the pinned chart with the patched image", () => expectPass(policy, TYPES.helmRelease, release()));
    it("passes each minor's floor itself", async () => {
        for (const m of ARGOCD_MINORS)
            await expectPass(policy, TYPES.helmRelease, release(withTag(`v${m.patchedFloor}`)));
    });
    it("compares patch numbers numerically (3.4.100 is above 3.4.15)", () =>
        expectPass(policy, TYPES.helmRelease, release(withTag("v3.4.100"))));
    it("fails chart 10.1.1 without an image tag: its appVersion v3.4.4 misses every 2026 fix", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            release(withTag(undefined)),
            /appVersion of chart 10\.1\.1: Argo CD v3\.4\.4 is below v3\.4\.15.*Kustomize remote ref.*upsert/,
        ));
    it("fails an image one patch below the floor, naming only the fixes it misses", async () => {
        const [violation] = await expectViolations(policy, TYPES.helmRelease, release(withTag("v3.4.14")), [
            /global\.image\.tag: Argo CD v3\.4\.14 is below v3\.4\.15, the patched floor of 3\.4/,
        ]);
        assert.doesNotMatch(violation.message, /Kustomize/);
        assert.match(violation.message, /crashes the API server/);
    });
    it("fails a 3.5 and a 3.6 image below their floors", async () => {
        await expectViolation(policy, TYPES.helmRelease, release(withTag("v3.5.8")), /v3\.5\.8 is below v3\.5\.9/);
        await expectViolation(policy, TYPES.helmRelease, release(withTag("v3.6.2")), /v3\.6\.2 is below v3\.6\.3/);
    });
    it("fails a minor that gets no security fixes", () =>
        expectViolation(policy, TYPES.helmRelease, release(withTag("v3.3.99")), /minor 3\.3, which gets no security/));
    it("fails an image that is not an exact release", () =>
        expectViolation(policy, TYPES.helmRelease, release(withTag("latest")), /not an exact Argo CD release/));
    it("fails a component whose own image tag overrides the patched global one", () => {
        const values = secureValues();
        values.repoServer.image = { tag: "v3.4.9" };
        return expectViolation(policy, TYPES.helmRelease, release(values), /repoServer\.image\.tag: Argo CD v3\.4\.9/);
    });
    it("fails a chart it does not know when no tag says which Argo CD runs", () =>
        expectViolation(policy, TYPES.helmRelease, release(withTag(undefined), "10.2.0"), /does not know/));
    it("uses the image floors from the pack config", () =>
        expectViolation(policy, TYPES.helmRelease, release(), /below v3\.4\.20/, {
            config: { "argocd-chart-version": { patchedVersions: { "3.4": "3.4.20" } } },
        }));
    it("is advisory on a stack that is not production", () =>
        expectViolation(policy, TYPES.helmRelease, release(withTag("v3.4.4")), /v3\.4\.4/, {
            stack: DEVELOPMENT,
            level: "advisory",
        }));

    it("fails a chart below the chart floor (Argo CD v3.1.7, still vulnerable to CVE-2025-59538)", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            release(secureValues(), "8.5.7"),
            /chart 8\.5\.7 is older than 8\.5\.8/,
        ));
    it("fails an unpinned chart", () =>
        expectViolation(policy, TYPES.helmRelease, { ...release(), version: undefined }, /not pinned/));
    it("fails a version range", () =>
        expectViolation(policy, TYPES.helmRelease, release(secureValues(), ">=8.0.0"), /not an exact release/));
    it("uses the chart floor from the pack config", () =>
        expectViolation(policy, TYPES.helmRelease, release(), /older than 11\.0\.0/, {
            config: { "argocd-chart-version": { minimumChartVersion: "11.0.0" } },
        }));
    it("checks the Application through which Argo CD manages itself", () =>
        expectViolation(
            policy,
            TYPES.application,
            selfManagedApplication(withTag("v3.4.4")),
            /Application argocd: global\.image\.tag: Argo CD v3\.4\.4/,
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
    it("checks the Argo CD values layers committed to the GitOps repository", async () => {
        const file = (path: string, tag: string) => ({
            file: path,
            content: stringify({ global: { image: { tag } } }),
        });
        await expectPass(policy, TYPES.repositoryFile, file("platform/defaults/argocd/values.yaml", "v3.4.15"));
        await expectViolation(
            policy,
            TYPES.repositoryFile,
            file("environments/prod/argocd/values.yaml", "v3.4.4"),
            /values file environments\/prod\/argocd\/values\.yaml: global\.image\.tag: Argo CD v3\.4\.4/,
        );
        await expectViolation(
            policy,
            TYPES.repositoryFile,
            {
                file: "clusters/prod-eks/argocd/values.yaml",
                content: stringify({ server: { image: { tag: "v3.4.1" } } }),
            },
            /server\.image\.tag: Argo CD v3\.4\.1/,
        );
    });
    it("does not apply to other Helm charts", () =>
        expectNotApplicable(policy, TYPES.helmRelease, { chart: "ingress-nginx", version: "1.0.0" }));
    it("does not apply to files that are not YAML or not Argo CD's values", async () => {
        await expectNotApplicable(policy, TYPES.repositoryFile, { file: "README.md", content: "# readme" });
        await expectNotApplicable(policy, TYPES.repositoryFile, {
            file: "defaults/addons/cert-manager/values.yaml",
            content: stringify({ global: { image: { tag: "v1.0.0" } } }),
        });
    });
});
