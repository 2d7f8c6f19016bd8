import { z } from "zod";
import {
    ARGOCD_ADVISORIES,
    ARGOCD_MINORS,
    argocdMinorOf,
    knownChart,
    unpatchedReason,
} from "../policies/lib/argocdReleases";

/**
 * Which Argo CD the program installs: the argo-cd chart release and the Argo CD image on it. The catalogue
 * (supported minors, their patched floors and advisories, the charts we hold) lives in
 * `policies/lib/argocdReleases.ts`, which the policy pack reads too.
 */
export { ARGOCD_ADVISORIES, ARGOCD_MINORS };

/** Argo CD chart release pinned by default (Argo CD v3.4.4, patched through the image tag). */
export const DEFAULT_ARGOCD_CHART_VERSION = "10.1.1";

/** The chart's Argo CD minor, from its `appVersion`; undefined for a chart whose files we do not hold. */
export function chartMinor(chartVersion: string): string | undefined {
    const chart = knownChart(chartVersion);
    return chart ? argocdMinorOf(chart.appVersion) : undefined;
}

/** The image a chart gets when `argocd.version` is unset: the patched floor of the chart's minor. */
export function defaultArgoCdVersion(chartVersion: string): string | undefined {
    const minor = ARGOCD_MINORS.find((m) => m.minor === chartMinor(chartVersion));
    return minor ? `v${minor.patchedFloor}` : undefined;
}

/** The Argo CD image tag to deploy for validated settings. */
export function argocdImageVersion(argocd: { chartVersion: string; version?: string }): string {
    const version = argocd.version ?? defaultArgoCdVersion(argocd.chartVersion);
    if (version === undefined) throw new Error(`no Argo CD version for chart ${argocd.chartVersion}`);
    return version.startsWith("v") ? version : `v${version}`;
}

/** The `argocd.version` key. */
export const argocdVersionField = z
    .string()
    .regex(/^v?\d+\.\d+\.\d+$/, 'must be an exact Argo CD release such as "v3.4.15"')
    .optional()
    .meta({
        description:
            "Argo CD image version (the chart's `global.image.tag`); defaults to the patched floor of the chart's minor (v3.4.15 on chart 10.1.1). Must be of the chart's minor and at or above its patched floor.",
        example: "v3.4.16",
    });

const heldCharts = () =>
    ARGOCD_MINORS.flatMap((m) => m.charts.map((c) => `${c.version} (Argo CD ${m.minor})`)).join(", ");

/**
 * Cross-checks `argocd.chartVersion` and `argocd.version`: a chart whose files we hold, an image of the chart's
 * minor (its CRDs and templates are that minor's; move a minor by moving the chart), at or above that minor's
 * patched floor. Issues carry paths relative to `argocd`.
 */
export function checkArgoCdVersions(argocd: { chartVersion: string; version?: string }, ctx: z.RefinementCtx): void {
    // A malformed chart or image version is reported by its own field.
    if (!/^\d+\.\d+\.\d+$/.test(argocd.chartVersion)) return;
    if (argocd.version !== undefined && argocdMinorOf(argocd.version) === undefined) return;
    const minor = chartMinor(argocd.chartVersion);
    if (minor === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["chartVersion"],
            input: argocd.chartVersion,
            message: `is not a chart release gitops-platform knows; known: ${heldCharts()} (a new one needs its files in ../shared/reference and an entry in policies/lib/argocdReleases.ts)`,
        });
        return;
    }
    const version = argocdImageVersion(argocd);
    const supported = ARGOCD_MINORS.find((m) => m.minor === minor);
    if (!supported) {
        ctx.addIssue({
            code: "custom",
            path: ["chartVersion"],
            input: argocd.chartVersion,
            message: `ships Argo CD ${minor}, which gets no security fixes; use a chart of ${ARGOCD_MINORS.map((m) => m.minor).join(", ")}`,
        });
        return;
    }
    if (argocd.version === undefined) return;
    const given = argocdMinorOf(version);
    if (given !== minor) {
        const next = ARGOCD_MINORS.find((m) => m.minor === given);
        const charts = next?.charts.map((c) => c.version).join(", ") || "none known yet";
        ctx.addIssue({
            code: "custom",
            path: ["version"],
            input: argocd.version,
            message: `is Argo CD ${given}, but chart ${argocd.chartVersion} ships ${minor} (its CRDs and templates are for ${minor}); stay on ${minor} (at least v${supported.patchedFloor}), or move one minor at a time by setting argocd.chartVersion to a chart of ${given} (${charts})`,
        });
        return;
    }
    const reason = unpatchedReason(version);
    if (reason) {
        ctx.addIssue({
            code: "custom",
            path: ["version"],
            input: argocd.version,
            message: `must be at least v${supported.patchedFloor}: ${reason}`,
        });
    }
}
