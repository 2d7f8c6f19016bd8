/**
 * Argo CD's reading of one `policy.csv` line (util/rbac/rbac.go `loadPolicyLine`): Go's `encoding/csv`
 * with `TrimLeadingSpace` and strict quotes. Shared by the RBAC policy of this pack and the Casbin tests.
 */

/** A policy line Argo CD refuses, which makes it refuse the whole policy. */
export class PolicyLoadError extends Error {}

const isSpace = (c: string) => /\s/u.test(c);

/** Reads one CSV record like Go's `csv.Reader` with `TrimLeadingSpace: true` and `LazyQuotes: false`. */
export function readGoCsvRecord(line: string): string[] {
    const fields: string[] = [];
    let i = 0;
    for (;;) {
        while (i < line.length && isSpace(line[i])) i++;
        let field = "";
        if (line[i] === '"') {
            i++;
            for (;;) {
                if (i >= line.length) throw new PolicyLoadError(`extraneous or missing " in quoted-field: ${line}`);
                if (line[i] === '"') {
                    if (line[i + 1] === '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                field += line[i++];
            }
            if (i < line.length && line[i] !== ",") {
                throw new PolicyLoadError(`extraneous or missing " in quoted-field: ${line}`);
            }
        } else {
            while (i < line.length && line[i] !== ",") {
                if (line[i] === '"') throw new PolicyLoadError(`bare " in non-quoted-field: ${line}`);
                field += line[i++];
            }
        }
        fields.push(field);
        if (i >= line.length) return fields;
        i++; // the comma
    }
}
