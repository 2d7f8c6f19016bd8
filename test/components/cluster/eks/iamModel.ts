/**
 * A small model of AWS IAM identity-policy evaluation, enough to compare our add-on policies with the ones their
 * upstreams publish: statement matching with `*`/`?` wildcards in actions (case-insensitive) and resources
 * (case-sensitive, per ARN segment), explicit Deny over Allow, and the condition operators those policies use.
 *
 * What it follows (IAM User Guide, "Policy evaluation logic" and "IAM JSON policy elements: Condition operators"):
 * - several operators in a Condition, and several keys under one operator, are ANDed; several values of one key
 *   are ORed;
 * - `StringEquals`/`StringLike`/`Bool` are false when the key is absent from the request;
 * - `Null: "true"` holds when the key is absent, `Null: "false"` when it is present;
 * - an operator with `IfExists` (`StringEqualsIfExists`) holds when the key is absent, else acts as without it;
 * - `ForAllValues:` holds when every value of a multi-valued key matches, and also when the key is absent;
 *   `ForAnyValue:` needs at least one matching value.
 * It refuses what it does not model (NotAction, NotResource, other operators) instead of guessing.
 */
import type { PolicyDocument, PolicyStatement } from "../../../../components/cluster/eks/iam";

/** A request context: condition keys (any case) to a value, several values, or absent (undefined). */
export type RequestContext = Record<string, string | string[] | undefined>;

/** One API call as IAM sees it. */
export interface IamRequest {
    action: string;
    resource: string;
    context: RequestContext;
}

const asList = (value: string | string[] | undefined): string[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];

const compiled = new Map<string, RegExp>();

/** `*` and `?` wildcards of IAM as a regular expression over the whole text (compiled once per pattern). */
function glob(pattern: string, flags = ""): RegExp {
    const cached = compiled.get(`${flags}/${pattern}`);
    if (cached) return cached;
    const body = pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("");
    const regex = new RegExp(`^${body}$`, flags);
    compiled.set(`${flags}/${pattern}`, regex);
    return regex;
}

/** Actions match case-insensitively: `elasticloadbalancing:Describe*` matches `ElasticLoadBalancing:DescribeTags`. */
export function actionMatches(pattern: string, action: string): boolean {
    return glob(pattern, "i").test(action);
}

/** Splits an ARN into its six segments; the last keeps its own colons. */
function arnSegments(arn: string): string[] {
    const parts = arn.split(":");
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/** Resources match segment by segment (a wildcard does not cross a segment's colon), case-sensitively. */
export function resourceMatches(pattern: string, resource: string): boolean {
    if (pattern === "*") return true;
    const want = arnSegments(pattern);
    const have = arnSegments(resource);
    return want.length === have.length && want.every((segment, i) => glob(segment).test(have[i]));
}

function contextValue(context: RequestContext, key: string): string[] | undefined {
    const found = Object.keys(context).find((k) => k.toLowerCase() === key.toLowerCase());
    const value = found === undefined ? undefined : context[found];
    return value === undefined ? undefined : asList(value);
}

type Comparator = (expected: string, actual: string) => boolean;
const COMPARATORS: Record<string, Comparator> = {
    StringEquals: (e, a) => e === a,
    StringLike: (e, a) => glob(e).test(a),
    Bool: (e, a) => e.toLowerCase() === a.toLowerCase(),
};

function conditionHolds(operator: string, key: string, expected: string[], context: RequestContext): boolean {
    const actual = contextValue(context, key);
    if (operator === "Null") {
        if (expected.length !== 1) throw new Error(`Null on ${key} takes one value`);
        return (actual === undefined) === (expected[0] === "true");
    }
    const [qualifier, named] = operator.includes(":") ? operator.split(":") : [undefined, operator];
    // `...IfExists` holds when the key is absent, else is the operator without the suffix.
    const ifExists = named.endsWith("IfExists");
    if (ifExists && actual === undefined) return true;
    const base = ifExists ? named.slice(0, -"IfExists".length) : named;
    const compare = COMPARATORS[base];
    if (!compare) throw new Error(`condition operator ${operator} is not modelled`);
    const matchesOne = (value: string) => expected.some((e) => compare(e, value));
    switch (qualifier) {
        case undefined:
            if (actual !== undefined && actual.length > 1) {
                throw new Error(`${operator} on the multi-valued key ${key}: use ForAllValues or ForAnyValue`);
            }
            return actual !== undefined && matchesOne(actual[0]);
        case "ForAllValues":
            return actual === undefined || actual.every(matchesOne);
        case "ForAnyValue":
            return actual !== undefined && actual.some(matchesOne);
        default:
            throw new Error(`condition qualifier ${qualifier} is not modelled`);
    }
}

/** True when the statement applies to the request (action, resource and every condition). */
export function statementMatches(statement: PolicyStatement, request: IamRequest): boolean {
    const extra = statement as unknown as Record<string, unknown>;
    for (const unsupported of ["NotAction", "NotResource", "NotPrincipal"]) {
        if (unsupported in extra) throw new Error(`${unsupported} is not modelled`);
    }
    if (!asList(statement.Action).some((a) => actionMatches(a, request.action))) return false;
    if (!asList(statement.Resource).some((r) => resourceMatches(r, request.resource))) return false;
    return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
        Object.entries(keys).every(([key, values]) => conditionHolds(operator, key, asList(values), request.context)),
    );
}

/** The decision of an identity policy: allowed when an Allow statement matches and no Deny does. */
export function isAllowed(policy: PolicyDocument, request: IamRequest): boolean {
    const matching = policy.Statement.filter((s) => statementMatches(s, request));
    return matching.some((s) => s.Effect === "Allow") && !matching.some((s) => s.Effect === "Deny");
}

/** The statements of a policy that allow the request (empty when it is not allowed). */
export function allowingStatements(policy: PolicyDocument, request: IamRequest): PolicyStatement[] {
    return isAllowed(policy, request)
        ? policy.Statement.filter((s) => s.Effect === "Allow" && statementMatches(s, request))
        : [];
}

/** A concrete value for every wildcard of a pattern, so the pattern becomes something a request can carry. */
function instantiate(pattern: string, filler: string): string {
    return pattern.replace(/[*?]/g, (w) => (w === "*" ? filler : "x"));
}

/**
 * The finite set of requests the comparison evaluates, built from both policies: every action they name (a
 * wildcard action also gives one made-up action it would match, so a broader wildcard shows), every resource
 * pattern made concrete (plus an unrelated resource of each service), and every combination of the condition
 * keys either policy tests (absent, each value either names, and one value neither names).
 */
export function requestUniverse(
    policies: PolicyDocument[],
    samples: { accountId: string; region: string },
): IamRequest[] {
    const statements = policies.flatMap((p) => p.Statement);
    const actions = new Set<string>();
    for (const a of statements.flatMap((s) => asList(s.Action))) {
        actions.add(/[*?]/.test(a) ? instantiate(a, "SomethingElse") : a);
    }
    const concreteArn = (pattern: string) => {
        const [arn, partition, service, region, account, rest] = arnSegments(pattern);
        return [
            arn,
            partition,
            service,
            region === "*" ? samples.region : instantiate(region, samples.region),
            account === "*" ? samples.accountId : instantiate(account, samples.accountId),
            instantiate(rest, "sample"),
        ].join(":");
    };
    const resources = new Set<string>();
    for (const r of statements.flatMap((s) => asList(s.Resource))) {
        if (r !== "*") resources.add(concreteArn(r));
    }
    for (const service of new Set([...actions].map((a) => a.split(":")[0].toLowerCase()))) {
        resources.add(`arn:aws:${service}:${samples.region}:${samples.accountId}:unrelated/sample`);
    }

    // Per condition key: the values requests may carry. Multi-valued keys (tested with ForAllValues or
    // ForAnyValue) also get a request carrying every value at once, plus one value nobody lists. Only the keys
    // of statements that match an action and resource vary for it, which keeps the universe small.
    const keyValues = (relevant: PolicyStatement[]) => {
        const keys = new Map<string, { single: Set<string>; multi: boolean }>();
        for (const s of relevant) {
            for (const [operator, conditions] of Object.entries(s.Condition ?? {})) {
                for (const [key, values] of Object.entries(conditions)) {
                    const entry = keys.get(key.toLowerCase()) ?? { single: new Set<string>(), multi: false };
                    if (operator !== "Null") asList(values).forEach((v) => entry.single.add(instantiate(v, "sample")));
                    entry.single.add("unlisted-value");
                    entry.multi ||= operator.includes(":");
                    keys.set(key.toLowerCase(), entry);
                }
            }
        }
        return keys;
    };
    const requests: IamRequest[] = [];
    for (const action of actions) {
        const service = action.split(":")[0].toLowerCase();
        for (const resource of resources) {
            if (arnSegments(resource)[2] !== service) continue;
            const relevant = statements.filter((s) =>
                statementMatches({ ...s, Condition: undefined }, { action, resource, context: {} }),
            );
            let contexts: RequestContext[] = [{}];
            for (const [key, { single, multi }] of keyValues(relevant)) {
                const options = [undefined, ...single, ...(multi ? [[...single]] : [])];
                contexts = contexts.flatMap((c) => options.map((v) => ({ ...c, [key]: v })));
            }
            for (const context of contexts) requests.push({ action, resource, context });
        }
    }
    return requests;
}

/** The requests of the universe that `a` allows and `b` does not. */
export function allowedOnlyBy(a: PolicyDocument, b: PolicyDocument, universe: IamRequest[]): IamRequest[] {
    return universe.filter((request) => isAllowed(a, request) && !isAllowed(b, request));
}

/** One line per request, for assertion messages. */
export function describeRequests(requests: IamRequest[], limit = 20): string {
    const lines = requests.slice(0, limit).map((r) => {
        const context = Object.entries(r.context)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${k}=${asList(v).join("|")}`)
            .join(", ");
        return `  ${r.action} on ${r.resource}${context ? ` with ${context}` : ""}`;
    });
    return [...lines, ...(requests.length > limit ? [`  ... and ${requests.length - limit} more`] : [])].join("\n");
}
