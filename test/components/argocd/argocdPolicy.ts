import * as fs from "fs";
import { Enforcer, newEnforcer, newModelFromString } from "casbin";
import { PolicyLoadError, readGoCsvRecord } from "../../../policies/lib/policyCsv";

export { PolicyLoadError, readGoCsvRecord };

/**
 * An offline model of how Argo CD v3.4.4 loads `policy.csv` and decides a request (util/rbac/rbac.go):
 * the built-in and user policies are split on "\n", each line is trimmed, empty and `#` lines are skipped,
 * and each remaining line is read as one record by Go's `encoding/csv` with `TrimLeadingSpace` (strict
 * quotes: a bare `"` in an unquoted field, or text after a closing quote, is an error). The first token
 * names the policy type; a line Argo CD cannot load fails the whole policy (everyone falls back to nothing).
 */

/** Sections and keys of Argo CD's model a policy line may name (model[sec][key] must exist). */
const MODEL_KEYS = new Set(["r", "p", "g", "e", "m"]);
/** Fields after the type of each rule Argo CD's model enforces with. */
const RULE_SIZE: Record<string, number> = { p: 5, g: 2 };

/** The rules of a policy text as Argo CD loads them, in order. */
export function loadArgoCdPolicy(policy: string): { ptype: string; rule: string[] }[] {
    const rules: { ptype: string; rule: string[] }[] = [];
    for (const raw of policy.split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) continue;
        const tokens = readGoCsvRecord(line);
        if (tokens.length < 2 || tokens[0].length < 1 || !MODEL_KEYS.has(tokens[0])) {
            throw new PolicyLoadError(`invalid RBAC policy: ${line}`);
        }
        const rule = tokens.slice(1);
        // Casbin fails every request of a policy with a rule of the wrong size, so the policy is unusable.
        if (RULE_SIZE[tokens[0]] !== undefined && rule.length !== RULE_SIZE[tokens[0]]) {
            throw new PolicyLoadError(`rule of ${rule.length} fields for ${tokens[0]}: ${line}`);
        }
        rules.push({ ptype: tokens[0], rule });
    }
    return rules;
}

/** Argo CD's `glob` match mode: `*` matches any run of characters. */
function globMatch(value: string, pattern: string): boolean {
    const source = pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${source}$`).test(value);
}

/** Decides a request of a signed-in user with some groups. */
export type Decide = (groups: string[], resource: string, action: string, object: string) => Promise<boolean>;

/**
 * An enforcer for the built-in and the given user policy under Argo CD's model, deciding like Argo CD: the
 * default role first, then the user's subject, then each of the user's groups (the claims enforcer).
 */
export async function argoCdEnforcer(
    modelFile: string,
    builtinFile: string,
    settings: Record<string, string>,
): Promise<Decide> {
    const rules = loadArgoCdPolicy(`${fs.readFileSync(builtinFile, "utf8")}\n${settings["policy.csv"] ?? ""}`);
    const enforcer: Enforcer = await newEnforcer(newModelFromString(fs.readFileSync(modelFile, "utf8")));
    await enforcer.addFunction("globOrRegexMatch", globMatch);
    for (const { ptype, rule } of rules) {
        if (ptype === "p") await enforcer.addNamedPolicy("p", ...rule);
        if (ptype === "g") await enforcer.addNamedGroupingPolicy("g", ...rule);
    }
    const fallback = settings["policy.default"] ?? "";
    return async (groups, resource, action, object) => {
        if (fallback !== "" && (await enforcer.enforce(fallback, resource, action, object))) return true;
        for (const subject of ["user@example.com", ...groups]) {
            if (await enforcer.enforce(subject, resource, action, object)) return true;
        }
        return false;
    };
}
