import { parseAllDocuments } from "yaml";
import { ARGOCD_ADVISORIES, ARGOCD_MINORS, argocdMinorOf, compareReleases, knownChart } from "../lib/argocdReleases";
import { ARGOCD_CARRIERS, argoCdInstallations } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";
import { compareVersions, valueAt } from "../lib/values";

/* eslint-disable @typescript-eslint/no-explicit-any -- policies read untyped resource inputs */

interface Config {
    minimumChartVersion: string;
    patchedVersions: Record<string, string>;
}

/**
 * First argo-cd chart release whose Argo CD (v3.1.8) fixes both CVE-2025-55190 (fixed in v3.1.2) and
 * CVE-2025-59538 (fixed in v3.1.8).
 */
export const FIRST_FIXED_CHART_VERSION = "8.5.8";

/** The patched floor of every supported Argo CD minor (`3.4` -> `3.4.15`), the policy's default. */
export const PATCHED_VERSIONS: Record<string, string> = Object.fromEntries(
    ARGOCD_MINORS.map((m) => [m.minor, m.patchedFloor]),
);

/** Chart keys with an Argo CD image of their own; each `image.tag` defaults to `global.image.tag`. */
export const ARGOCD_IMAGE_COMPONENTS = [
    "controller",
    "server",
    "repoServer",
    "applicationSet",
    "notifications",
    "commitServer",
    "redisSecretInit",
] as const;

/** Argo CD's values layer files in the GitOps repository (`defaults/`, `environments/<env>/`, `clusters/<c>/`). */
const VALUES_LAYER = /(^|\/)(defaults|environments\/[^/]+|clusters\/[^/]+)\/argocd\/values\.ya?ml$/;

const tagOf = (values: Record<string, any>, key: string): string | undefined => {
    const tag = valueAt(values, [key, "image", "tag"]);
    return typeof tag === "string" && tag !== "" ? tag : undefined;
};

/** Why an Argo CD image version is not patched, or undefined when it is at or above its minor's floor. */
export function unpatchedImage(version: string, floors: Record<string, string>): string | undefined {
    const minor = argocdMinorOf(version);
    if (minor === undefined) return `image ${version} is not an exact Argo CD release, so its fixes are unknown`;
    const floor = floors[minor];
    if (floor === undefined) {
        return `Argo CD ${version} is of minor ${minor}, which gets no security fixes (patched minors: ${Object.keys(floors).join(", ")})`;
    }
    if (compareReleases(version, floor) >= 0) return undefined;
    const open = ARGOCD_ADVISORIES.filter((a) => {
        const fixed = a.fixedIn[minor];
        return fixed !== undefined && compareReleases(version, fixed) < 0;
    }).map((a) => a.name);
    return `Argo CD ${version} is below v${floor.replace(/^v/, "")}, the patched floor of ${minor}${open.length > 0 ? ` (open: ${open.join("; ")})` : ""}`;
}

/**
 * The Argo CD versions a set of chart values runs, by where each comes from: `global.image.tag` (or the chart's
 * appVersion when it is empty and the chart is given), and each component that overrides it.
 */
export function deployedImages(
    values: Record<string, any>,
    chartVersion?: string,
): { where: string; version?: string }[] {
    const global = tagOf(values, "global");
    const chart = chartVersion === undefined ? undefined : knownChart(chartVersion);
    const images: { where: string; version?: string }[] = [];
    if (global !== undefined) images.push({ where: "global.image.tag", version: global });
    else if (chartVersion !== undefined) {
        images.push({ where: `the appVersion of chart ${chartVersion}`, version: chart?.appVersion });
    }
    for (const component of ARGOCD_IMAGE_COMPONENTS) {
        const tag = tagOf(values, component);
        if (tag !== undefined) images.push({ where: `${component}.image.tag`, version: tag });
    }
    return images;
}

const advisoryList = ARGOCD_ADVISORIES.map(
    (a) =>
        `${a.name}${a.cvss ? ` (CVSS ${a.cvss})` : ""}, fixed in ${Object.values(a.fixedIn)
            .map((v) => `v${v}`)
            .join(" / ")}`,
).join("; ");

/** The argo-cd chart, and the Argo CD image it actually runs, are at or above floors with the known fixes. */
export const argocdChartVersion = resourcePolicy<Config>({
    name: "argocd-chart-version",
    severity: "critical",
    description:
        "The argo-cd Helm chart is pinned at or above the configured floor, and the Argo CD image it runs is at or above the patched floor of its minor.",
    rationale:
        "Argo CD patches only its three newest minors, and the argo-cd chart ships only the newest one, so an " +
        "older minor is patched through the image tag. The 2026 advisories: " +
        advisoryList +
        ". Every supported minor's floor (" +
        ARGOCD_MINORS.map((m) => `${m.minor}: v${m.patchedFloor}`).join(", ") +
        ") has all of them fixed. The chart floor keeps GHSA-786q-9hcg-v9ff (CVE-2025-55190) and " +
        "GHSA-gpx4-37g2-c8pv (CVE-2025-59538) out: chart 8.5.8 is the first with Argo CD v3.1.8. The image " +
        "checked is the one deployed: `global.image.tag` (the chart's appVersion when empty) and every " +
        "component's own `image.tag`, in the Helm release, in an Application's inline values and in the Argo CD " +
        "values files committed to the GitOps repository.",
    remediationSteps:
        "Leave `argocd.version` unset (gitops-platform then sets `global.image.tag` to the patched floor of the " +
        "chart's minor, v3.4.15 on chart 10.1.1) or set it at or above that floor. Raise `patchedVersions` in " +
        "the pack config when a new advisory is published.",
    config: {
        minimumChartVersion: {
            type: "string",
            pattern: "^\\d+\\.\\d+\\.\\d+$",
            default: FIRST_FIXED_CHART_VERSION,
            description: "Oldest argo-cd chart version allowed.",
        },
        patchedVersions: {
            type: "object",
            additionalProperties: { type: "string", pattern: "^\\d+\\.\\d+\\.\\d+$" },
            default: PATCHED_VERSIONS,
            description:
                "Oldest Argo CD release allowed per minor; a minor not listed gets no security fixes and fails.",
        },
    },
    types: ARGOCD_CARRIERS,
    validate: (args, report, config) => {
        const installs = argoCdInstallations(args);
        const file = args.type === TYPES.repositoryFile ? String(args.props.file ?? "") : "";
        const layer = VALUES_LAYER.test(file);
        if (installs.length === 0 && !layer) args.notApplicable("installs no Argo CD");
        const checkImages = (source: string, values: Record<string, any>, chartVersion?: string) => {
            for (const image of deployedImages(values, chartVersion)) {
                if (image.version === undefined) {
                    report(
                        `${source}: ${image.where} is an Argo CD version this pack does not know; set global.image.tag.`,
                    );
                    continue;
                }
                const problem = unpatchedImage(image.version, config.patchedVersions);
                if (problem) report(`${source}: ${image.where}: ${problem}.`);
            }
        };
        for (const { chartVersion, source, values } of installs) {
            if (typeof chartVersion !== "string" || !/^v?\d+\.\d+\.\d+/.test(chartVersion)) {
                report(`${source}: the chart version is ${chartVersion ?? "not pinned"}, not an exact release.`);
                continue;
            }
            if (compareVersions(chartVersion, config.minimumChartVersion) < 0) {
                report(`${source}: chart ${chartVersion} is older than ${config.minimumChartVersion}.`);
            }
            checkImages(source, values, chartVersion);
        }
        if (layer) {
            const values = (parseAllDocuments(String(args.props.content ?? ""))[0]?.toJS() as any) ?? {};
            // A layer holds only what it sets; the chart's appVersion applies when no layer sets a tag.
            checkImages(`values file ${file}`, values);
        }
    },
});
