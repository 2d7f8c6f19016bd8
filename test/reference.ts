import * as fs from "fs";
import * as path from "path";
import { ROOT } from "./helpers";

/** Upstream files (chart values, CRDs, RBAC model) kept beside the repository in ../shared/reference. */
export const REFERENCE_DIR = path.resolve(ROOT, "..", "shared", "reference");

/**
 * A `describe` block that needs upstream reference files. Without them (a clone without ../shared) it shows
 * one pending test that says which files are missing, instead of failing or passing silently.
 */
export function describeWithReference(title: string, files: string[], body: (paths: string[]) => void): void {
    const paths = files.map((f) => path.join(REFERENCE_DIR, f));
    const missing = files.filter((_, i) => !fs.existsSync(paths[i]));
    if (missing.length > 0) {
        describe(title, () => {
            it.skip(`skipped: ${missing.join(", ")} not found under ${REFERENCE_DIR}`);
        });
        return;
    }
    describe(title, () => body(paths));
}
