/** Reads a nested value; `path` elements are keys, so dotted Argo CD keys such as `admin.enabled` stay whole. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function valueAt(root: unknown, path: string[]): any {
    let current: unknown = root;
    for (const key of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<string, unknown>)[key];
    }
    return current;
}

/** Argo CD and Helm accept booleans as `true` or `"true"`. */
export function isTrue(value: unknown): boolean {
    return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

/** Compares dotted version numbers (`1.34`, `10.1.1`, `v3.1.8`); a pre-release suffix is ignored. */
export function compareVersions(a: string, b: string): number {
    const parts = (v: string) =>
        v
            .replace(/^v/, "")
            .split(/[-+]/)[0]
            .split(".")
            .map((n) => Number.parseInt(n, 10) || 0);
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const diff = (x[i] ?? 0) - (y[i] ?? 0);
        if (diff !== 0) return diff;
    }
    return 0;
}
