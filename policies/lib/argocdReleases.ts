/**
 * Argo CD minors that still get security fixes, the patch each needs for the advisories of 2026, and the
 * argo-cd chart releases whose files we hold: the one place the program's config (default image, allowed
 * versions) and the policy pack (the floor per minor) read them from. Kept inside the pack, which is deployed
 * on its own and imports nothing outside `policies/`.
 *
 * Argo CD patches only its three newest minors; 3.4 loses support when 3.7 ships (about February 2027). The
 * argo-cd chart follows only the newest minor, so an older minor is patched through the chart's image tag
 * (`global.image.tag`, "Overrides the global Argo CD image tag whose default is the chart appVersion").
 * Source: issue #17 (December 2026), which describes the advisories without CVE identifiers; they are named
 * here by what they allow and where they are fixed.
 */

/** One Argo CD security advisory and the first patched release of each minor it names. */
export interface ArgoCdAdvisory {
    /** What it allows, as the policy's docs name it. */
    name: string;
    /** CVSS v3 base score, where published. */
    cvss?: number;
    /** First fixed release per minor (`3.4` -> `3.4.10`). */
    fixedIn: Record<string, string>;
}

/** The 2026 advisories; each supported minor's patched floor is at or above every fix listed for it. */
export const ARGOCD_ADVISORIES: readonly ArgoCdAdvisory[] = [
    { name: "command execution through a Kustomize remote ref", cvss: 9.9, fixedIn: { "3.4": "3.4.10" } },
    { name: "command execution through the Helm config home", cvss: 9.9, fixedIn: { "3.4": "3.4.10" } },
    { name: "file read through Jsonnet", cvss: 9.9, fixedIn: { "3.4": "3.4.10" } },
    {
        name: "AppProject bypass through PreDelete/PostDelete hooks",
        cvss: 9.9,
        fixedIn: { "3.4": "3.4.10" },
    },
    { name: "command injection through an SSH proxy URL", cvss: 8.8, fixedIn: { "3.4": "3.4.10" } },
    {
        name: "unauthenticated request that crashes the API server (24 Nov 2026)",
        fixedIn: { "3.4": "3.4.15", "3.5": "3.5.9", "3.6": "3.6.3" },
    },
    {
        name: "repository overwrite through upsert (24 Nov 2026)",
        fixedIn: { "3.4": "3.4.15", "3.5": "3.5.9", "3.6": "3.6.3" },
    },
];

/** A chart release of argoproj/argo-helm's argo-cd chart and the Argo CD it ships. */
export interface ArgoCdChart {
    /** Chart version, `10.1.1`. */
    version: string;
    /** The chart's `appVersion`, the image tag used when `global.image.tag` is empty. */
    appVersion: string;
}

/** One Argo CD minor that still gets security fixes. */
export interface ArgoCdMinor {
    /** `3.4`. */
    minor: string;
    /** Oldest release of the minor with every advisory above fixed. */
    patchedFloor: string;
    /** Chart releases of this minor whose files are in `../shared/reference` (newest last). */
    charts: readonly ArgoCdChart[];
}

/** The supported minors, oldest first. */
export const ARGOCD_MINORS: readonly ArgoCdMinor[] = [
    { minor: "3.4", patchedFloor: "3.4.15", charts: [{ version: "10.1.1", appVersion: "v3.4.4" }] },
    { minor: "3.5", patchedFloor: "3.5.9", charts: [] },
    { minor: "3.6", patchedFloor: "3.6.3", charts: [] },
];

/** `v3.4.15` or `3.4.15` to its numbers; undefined when it is not an exact release. */
function releaseParts(version: string): [number, number, number] | undefined {
    const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** The minor (`3.4`) of an exact Argo CD release (`v3.4.15`), or undefined when it is not one. */
export function argocdMinorOf(version: string): string | undefined {
    const parts = releaseParts(version);
    return parts ? `${parts[0]}.${parts[1]}` : undefined;
}

/** Compares two exact releases numerically (`3.4.9` < `3.4.15`); the `v` prefix is ignored. */
export function compareReleases(a: string, b: string): number {
    const [x, y] = [releaseParts(a) ?? [0, 0, 0], releaseParts(b) ?? [0, 0, 0]];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The supported minor an Argo CD release belongs to, or undefined when that minor gets no fixes. */
export function supportedMinorOf(version: string): ArgoCdMinor | undefined {
    const minor = argocdMinorOf(version);
    return ARGOCD_MINORS.find((m) => m.minor === minor);
}

/** The chart release with this version, if its files are held. */
export function knownChart(chartVersion: string): ArgoCdChart | undefined {
    return ARGOCD_MINORS.flatMap((m) => m.charts).find((c) => c.version === chartVersion);
}

/** Why an Argo CD release is not patched (a sentence fragment), or undefined when it is at or above its floor. */
export function unpatchedReason(version: string): string | undefined {
    if (argocdMinorOf(version) === undefined) return `${version} is not an exact Argo CD release`;
    const minor = supportedMinorOf(version);
    if (!minor) {
        return `Argo CD ${argocdMinorOf(version)} gets no security fixes (supported: ${ARGOCD_MINORS.map((m) => m.minor).join(", ")})`;
    }
    if (compareReleases(version, minor.patchedFloor) < 0) {
        const open = ARGOCD_ADVISORIES.filter((a) => {
            const fixed = a.fixedIn[minor.minor];
            return fixed === undefined || compareReleases(version, fixed) < 0;
        }).map((a) => a.name);
        return `${version} is below v${minor.patchedFloor}, the patched floor of Argo CD ${minor.minor} (open: ${open.join("; ")})`;
    }
    return undefined;
}
