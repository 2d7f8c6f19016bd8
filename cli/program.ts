import * as fs from "fs";
import * as path from "path";
import { PolicyPackConfig } from "@pulumi/policy";
import { Command, InvalidArgumentError } from "commander";
import { CliError, EXIT } from "./exitCodes";

/**
 * A commander program set up the way every tool of the project behaves: errors are thrown to `runMain`
 * (cli/run.ts) instead of exiting, an unknown command or option names the closest match, a usage error points
 * at `--help`, and excess arguments are refused. `name` is how the user types it, e.g. `npm run render --`.
 * Add subcommands with `.command(...)` (not `addCommand`), so they inherit these settings.
 */
export function newProgram(name: string, description: string): Command {
    return new Command(name)
        .description(description)
        .exitOverride()
        .showSuggestionAfterError(true)
        .showHelpAfterError(`(run \`${name} --help\` for usage)`)
        .allowExcessArguments(false)
        .helpOption("-h, --help", "show this help and exit");
}

/**
 * A commander argument parser for a number within bounds (inclusive), e.g.
 * `.option("--threshold <percent>", "...", numberArgument({ min: 0, max: 100 }), 80)`. A value that is not
 * such a number is a usage error that says what is allowed.
 */
export function numberArgument(bounds: { min?: number; max?: number; integer?: boolean }): (value: string) => number {
    const { min = -Infinity, max = Infinity, integer = false } = bounds;
    const wanted = [
        integer ? "an integer" : "a number",
        Number.isFinite(min) && Number.isFinite(max) ? `from ${min} to ${max}` : "",
        Number.isFinite(min) && !Number.isFinite(max) ? `of at least ${min}` : "",
        !Number.isFinite(min) && Number.isFinite(max) ? `of at most ${max}` : "",
    ]
        .filter(Boolean)
        .join(" ");
    return (value: string) => {
        const parsed = value.trim() === "" ? NaN : Number(value);
        if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed)) || parsed < min || parsed > max) {
            throw new InvalidArgumentError(`expected ${wanted}.`);
        }
        return parsed;
    };
}

/** The stacks of a project: one per `Pulumi.<stack>.yaml` beside `Pulumi.yaml`, sorted. */
export function listStacks(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

/**
 * The stack file a tool reads: `--config` when given (it must exist), else `Pulumi.<stack>.yaml` in the
 * project. An unknown stack is a usage error that lists the stacks that exist.
 */
export function resolveStackFile(projectDir: string, stack: string, configOption?: string): string {
    if (configOption !== undefined) {
        const file = path.resolve(configOption);
        if (!fs.existsSync(file)) throw new CliError(`--config ${configOption}: no such file`, EXIT.usage);
        if (fs.statSync(file).isDirectory()) {
            throw new CliError(`--config ${configOption}: is a directory, not a stack file`, EXIT.usage);
        }
        return file;
    }
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const stacks = listStacks(projectDir);
        throw new CliError(
            `unknown stack "${stack}": there is no ${path.basename(file)}; the stacks are: ${stacks.join(", ") || "(none)"} ` +
                "(or pass --config <file>)",
            EXIT.usage,
        );
    }
    return file;
}

/** Reads a policy pack config file (JSON); an unreadable or malformed one is a usage error, named. */
export function readPolicyPackConfig(file: string): PolicyPackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new CliError(`--policy-config ${file}: ${(error as Error).message}`, EXIT.usage);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new CliError(`--policy-config ${file}: not JSON (${(error as Error).message})`, EXIT.usage);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new CliError(`--policy-config ${file}: expected a JSON object of policy names to settings`, EXIT.usage);
    }
    return parsed as PolicyPackConfig;
}
