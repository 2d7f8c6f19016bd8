import {
    EnforcementLevel,
    Severity,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownValueError, unknownPath } from "./unknowns";

/** Stacks treated as production when the pack's config does not list them. */
export const DEFAULT_PRODUCTION_STACKS = ["prod"];

/** What the docs say about a policy beyond its description. */
export interface PolicyDocs {
    /** Why the rule exists: the benchmark, advisory or incident it comes from. */
    rationale: string;
    /** How to fix a violation; shown with every violation by the offline check. */
    remediationSteps: string;
    /** Mandatory on every stack, not only on production ones (e.g. secrets in plain text). */
    alwaysMandatory: boolean;
    /** Checked on production stacks only; elsewhere the policy is not applicable. */
    productionOnly: boolean;
    /** Resource types the policy looks at. */
    appliesTo: string[];
}

/** A policy of this pack: an `@pulumi/policy` policy plus the facts its docs and the offline check need. */
export type PlatformPolicy = (ResourceValidationPolicy | StackValidationPolicy) & PolicyDocs;

/** Config every policy accepts, plus its own keys. */
export interface BaseConfig {
    /** Stack names whose violations are mandatory. */
    productionStacks: string[];
}

/** Reports one violation of the policy being run, as mandatory or advisory depending on the stack. */
export type Report = (message: string, urn?: string) => void;

interface Definition extends Omit<PolicyDocs, "alwaysMandatory" | "productionOnly" | "appliesTo"> {
    name: string;
    description: string;
    /** How bad a violation is, as the engine and Pulumi Cloud show it. */
    severity: Severity;
    alwaysMandatory?: boolean;
    productionOnly?: boolean;
    /** Config keys of this policy (besides `productionStacks`), each with a default. */
    config?: PolicyConfigSchema["properties"];
}

interface ResourceDefinition<Config> extends Definition {
    /** Resource types the policy looks at; others are not applicable. */
    types: string[];
    validate: (args: ResourceValidationArgs, report: Report, config: Config & BaseConfig) => void;
}

interface StackDefinition<Config> extends Definition {
    /** Resource types the policy looks at (for the docs). */
    appliesTo: string[];
    validateStack: (args: StackValidationArgs, report: Report, config: Config & BaseConfig) => void;
}

/**
 * `urn:pulumi:<stack>::<project>::<type>::<name>`: the only place a policy learns the stack's name. Undefined
 * when the URN does not say.
 */
export function stackOfUrn(urn: unknown): string | undefined {
    return typeof urn === "string" ? /^urn:pulumi:([^:]+)::/.exec(urn)?.[1] : undefined;
}

/** A stack is production when the config lists it, or when its name is unknown (the strict choice). */
function isProduction(stack: string | undefined, config: BaseConfig): boolean {
    return stack === undefined || config.productionStacks.includes(stack);
}

function configSchema(definition: Definition): PolicyConfigSchema {
    return {
        properties: {
            productionStacks: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_PRODUCTION_STACKS,
                description: "Stacks whose violations are mandatory (others are advisory).",
            },
            ...definition.config,
        },
    };
}

/** The policy's config with the schema's defaults filled in (the SDK passes only what the pack config sets). */
function resolvedConfig<Config>(schema: PolicyConfigSchema, configured: object): Config & BaseConfig {
    const defaults = Object.fromEntries(Object.entries(schema.properties).map(([key, p]) => [key, p.default]));
    return { ...defaults, ...configured } as Config & BaseConfig;
}

/**
 * Wraps `reportViolation` so the stack decides the level: on a production stack the policy's own level
 * applies, mandatory unless the pack config lowers it; elsewhere the violation is advisory. An always-mandatory
 * policy's violations carry `mandatory` themselves, so no configured level can lower them. `reportViolation`
 * accepts an object with its own level at runtime (the SDK's server reads `enforcementLevel` from it) although
 * its typings declare only a message.
 */
function leveledReport(definition: Definition, reportViolation: ReportViolation, production: boolean): Report {
    if (!definition.alwaysMandatory && production) return (message, urn) => reportViolation(message, urn);
    const level: EnforcementLevel = definition.alwaysMandatory ? "mandatory" : "advisory";
    return (message, urn) => {
        const violation = { message: `${definition.description}\n${message}`, enforcementLevel: level, urn };
        (reportViolation as unknown as (violation: object) => void)(violation);
    };
}

/**
 * Runs a policy's check; when it has to read a value the engine does not know yet (a first preview), reports
 * that it could not decide, at the policy's level for the stack. The SDK would turn that into an advisory,
 * letting a production preview pass a rule nobody checked; policies read computed values they can judge
 * (a key ARN, a secret) through `peek` instead, so only what truly decides the rule ends up here.
 */
function checkingUnknowns(report: Report, check: () => void): void {
    try {
        check();
    } catch (error) {
        if (!(error instanceof UnknownValueError)) throw error;
        report(
            `\`${unknownPath(error)}\` is not known until deployment, so this rule cannot be checked during ` +
                "preview. Set the value in config (not from another resource's output), or create what it comes " +
                "from first with a targeted `pulumi up`.",
        );
    }
}

function metadata(definition: Definition, appliesTo: string[]) {
    return {
        name: definition.name,
        description: definition.description,
        severity: definition.severity,
        enforcementLevel: "mandatory" as EnforcementLevel,
        configSchema: configSchema(definition),
        rationale: definition.rationale,
        remediationSteps: definition.remediationSteps,
        alwaysMandatory: definition.alwaysMandatory ?? false,
        productionOnly: definition.productionOnly ?? false,
        appliesTo,
    };
}

/** Defines a policy over single resources of the given types. */
export function resourcePolicy<Config = object>(definition: ResourceDefinition<Config>): PlatformPolicy {
    const base = metadata(definition as Definition, definition.types);
    return {
        ...base,
        validateResource: (args, reportViolation) => {
            if (!definition.types.includes(args.type)) args.notApplicable(`applies to ${definition.types.join(", ")}`);
            const config = resolvedConfig<Config>(base.configSchema, args.getConfig?.() ?? {});
            const production = isProduction(stackOfUrn(args.urn), config);
            if (definition.productionOnly && !production) args.notApplicable("checked on production stacks only");
            const report = leveledReport(definition as Definition, reportViolation, production);
            checkingUnknowns(report, () => definition.validate(args, report, config));
        },
    };
}

/** Defines a policy over the whole stack, for rules that relate resources to each other. */
export function stackPolicy<Config = object>(definition: StackDefinition<Config>): PlatformPolicy {
    const base = metadata(definition as Definition, definition.appliesTo);
    return {
        ...base,
        validateStack: (args, reportViolation) => {
            const stackResource = args.resources.find((r) => r.type === "pulumi:pulumi:Stack") ?? args.resources[0];
            if (!stackResource) args.notApplicable("the stack has no resources");
            const stack = stackOfUrn(stackResource.urn);
            const config = resolvedConfig<Config>(base.configSchema, args.getConfig?.() ?? {});
            const production = isProduction(stack, config);
            if (definition.productionOnly && !production) args.notApplicable("checked on production stacks only");
            const report = leveledReport(definition as Definition, reportViolation, production);
            checkingUnknowns(report, () => definition.validateStack(args, report, config));
        },
    };
}
