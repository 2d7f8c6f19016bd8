import { strict as assert } from "assert";
import * as fs from "fs";
import * as YAML from "yaml";
import { argocdHelmValues } from "../../components/argocd/values";
import { DEFAULT_ARGOCD_CHART_VERSION, argocdImageVersion, chartMinor } from "../../config/argocdVersions";
import { InvalidConfigError, parsePlatformConfig } from "../../config/load";
import { ARGOCD_MINORS, compareReleases, knownChart } from "../../policies/lib/argocdReleases";
import { PATCHED_VERSIONS, unpatchedImage } from "../../policies/argocd/chartVersion";
import {
    DEFAULT_KUBERNETES_VERSION,
    KUBERNETES_RELEASES,
    SUPPORTED_KUBERNETES_VERSIONS,
    standardSupportStatus,
} from "../../policies/lib/kubernetesReleases";
import { describeWithReference } from "../reference";

type Config = Record<string, unknown>;

function parse(config: Config) {
    const raw = Object.fromEntries(
        Object.entries({
            environment: "dev",
            clusters: [{ name: "c", cloud: "existing", context: "x" }],
            gitops: { url: "/srv/git/platform.git" },
            ...config,
        }).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    return parsePlatformConfig(raw, () => false);
}

/** The one problem the config has at `key`, as `given; allowed`. */
function problemAt(config: Config, key: string): string {
    try {
        parse(config);
    } catch (error) {
        assert.ok(error instanceof InvalidConfigError);
        const found = error.problems.filter((p) => p.key === `gitops-platform:${key}`);
        assert.equal(found.length, 1, JSON.stringify(error.problems, null, 1));
        return `${found[0].given}; ${found[0].allowed}`;
    }
    assert.fail(`expected a problem at ${key}`);
}

describe("Argo CD versions", () => {
    const defaults = parse({}).argocd;
    const image = argocdImageVersion(defaults);

    it("deploys a patched image by default: the floor of the default chart's minor is at least the default", () => {
        const minor = ARGOCD_MINORS.find((m) => m.minor === chartMinor(DEFAULT_ARGOCD_CHART_VERSION))!;
        assert.equal(image, `v${minor.patchedFloor}`);
        assert.ok(compareReleases(image, PATCHED_VERSIONS[minor.minor]) >= 0);
        assert.equal(unpatchedImage(image, PATCHED_VERSIONS), undefined);
    });

    it("sets the image through global.image.tag, because the default chart's own appVersion is unpatched", () => {
        const appVersion = knownChart(DEFAULT_ARGOCD_CHART_VERSION)!.appVersion;
        assert.equal(appVersion, "v3.4.4");
        assert.ok(unpatchedImage(appVersion, PATCHED_VERSIONS));
        const values = argocdHelmValues({ argocd: defaults, teams: [], clusterName: "c" }) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.equal(values.global.image.tag, "v3.4.15");
    });

    it("takes a newer patch of the chart's minor", () => {
        const argocd = parse({ argocd: { version: "3.4.20" } }).argocd;
        assert.equal(argocdImageVersion(argocd), "v3.4.20");
    });

    it("refuses a version below the patched floor, naming the key and the floor", () =>
        assert.match(problemAt({ argocd: { version: "v3.4.14" } }, "argocd.version"), /v3\.4\.14.*at least v3\.4\.15/));

    it("refuses a minor other than the chart's, pointing at a chart of that minor", () =>
        assert.match(
            problemAt({ argocd: { version: "v3.5.9" } }, "argocd.version"),
            /Argo CD 3\.5, but chart 10\.1\.1 ships 3\.4.*one minor at a time.*argocd\.chartVersion/,
        ));

    it("refuses an inexact version", () =>
        assert.match(problemAt({ argocd: { version: "v3.4" } }, "argocd.version"), /exact Argo CD release/));

    it("refuses a chart whose files it does not hold, listing the known ones", () =>
        assert.match(problemAt({ argocd: { chartVersion: "10.2.0" } }, "argocd.chartVersion"), /known: 10\.1\.1/));
});

const charts = ARGOCD_MINORS.flatMap((m) => m.charts.map((chart) => ({ minor: m.minor, chart })));
describeWithReference(
    "the Argo CD chart catalogue against the chart files held",
    charts.map(({ chart }) => `argo-cd-chart-${chart.version}/Chart.yaml`),
    (files) => {
        charts.forEach(({ minor, chart }, i) => {
            it(`lists chart ${chart.version} with the appVersion its Chart.yaml says, of minor ${minor}`, () => {
                const held = YAML.parse(fs.readFileSync(files[i], "utf8"));
                assert.equal(held.version, chart.version);
                assert.equal(held.appVersion, chart.appVersion);
                assert.equal(chartMinor(chart.version), minor);
            });
        });
    },
);

describe("Kubernetes versions", () => {
    it("defaults to 1.35 and allows 1.36", () => {
        assert.equal(DEFAULT_KUBERNETES_VERSION, "1.35");
        assert.deepEqual([...SUPPORTED_KUBERNETES_VERSIONS], ["1.35", "1.36"]);
    });

    it("has a standard-support date on both clouds for every supported version", () => {
        for (const version of SUPPORTED_KUBERNETES_VERSIONS) {
            const release = KUBERNETES_RELEASES.find((r) => r.minor === version);
            assert.ok(release, version);
            assert.match(release.endOfStandardSupport.eks, /^\d{4}-\d{2}-\d{2}$/);
            assert.match(release.endOfStandardSupport.gke, /^\d{4}-\d{2}-\d{2}$/);
        }
    });

    it("supports only versions in standard support on both clouds on 2 Dec 2026, when 1.34 left EKS's", () => {
        for (const version of SUPPORTED_KUBERNETES_VERSIONS) {
            for (const cloud of ["eks", "gke"] as const) {
                assert.equal(standardSupportStatus(cloud, version, "2026-12-02").pastStandardSupport, false);
            }
        }
        assert.equal(standardSupportStatus("eks", "1.34", "2026-12-02").pastStandardSupport, true);
        assert.equal(standardSupportStatus("eks", "1.34", "2026-12-01").pastStandardSupport, false);
    });

    it("refuses a cloud cluster's version outside the set, naming the key and the allowed versions", () =>
        assert.match(
            problemAt(
                {
                    clusters: [
                        {
                            name: "c",
                            cloud: "gcp",
                            project: "acme-sandbox",
                            region: "europe-west1",
                            kubernetesVersion: "1.34",
                        },
                    ],
                },
                "clusters[0].kubernetesVersion",
            ),
            /given "1\.34"; .*one of "1\.35", "1\.36"/,
        ));
});
