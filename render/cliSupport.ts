import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Command } from "commander";
import { CliError, EXIT } from "../cli/exitCodes";
import { resolveStackFile } from "../cli/program";
import { PROJECT_NAME } from "../config/load";
import { StackConfig, StackFileError, readStackFile } from "../config/stackFile";

/** The project directory: where `Pulumi.yaml` and the stack files are. */
export const PROJECT_DIR = path.resolve(__dirname, "..");

/** A stack to work on offline, as `--stack` and `--config` name it. */
export interface OfflineStack {
    stack: string;
    configFile: string;
    stackConfig: StackConfig;
    /** Names of the clusters in its config (empty when the config has none or is not a list). */
    clusterNames: string[];
}

/** The options every offline tool takes: `--stack <name>` (required) and `--config <file>`. */
export interface StackOptions {
    stack?: string;
    config?: string;
}

/** Adds `--stack` and `--config` to a program. */
export function withStackOptions(program: Command): Command {
    return (
        program
            // Checked in loadOfflineStack, not as commander's requiredOption: commander would report the missing
            // option before a misspelled one (`--stak dev`), hiding its suggestion.
            .option("--stack <name>", "stack name, required (the program sees it as pulumi.getStack())")
            .option("--config <file>", "stack file to read (default: Pulumi.<stack>.yaml in the project)")
    );
}

/**
 * Reads the stack file `--stack`/`--config` name. An unknown stack lists the stacks that exist (usage error);
 * a file that is no stack file is invalid config.
 */
export function loadOfflineStack(options: StackOptions): OfflineStack {
    const { stack } = options;
    if (!stack) throw new CliError("--stack <name> is required", EXIT.usage);
    const configFile = resolveStackFile(PROJECT_DIR, stack, options.config);
    let stackConfig: StackConfig;
    try {
        const file = readStackFile(configFile, PROJECT_NAME, displayPath(configFile));
        for (const warning of file.warnings) console.error(`warning: ${warning}`);
        stackConfig = file;
    } catch (error) {
        // A StackFileError names the file itself; a file system error (ENOENT, EACCES...) does not.
        const message =
            error instanceof StackFileError ? error.message : `${displayPath(configFile)}: ${(error as Error).message}`;
        throw new CliError(message, EXIT.invalidConfig);
    }
    const clusters = JSON.parse(stackConfig.config[`${PROJECT_NAME}:clusters`] ?? "[]") as unknown;
    const clusterNames = Array.isArray(clusters) ? clusters.map((c: { name?: string }) => String(c?.name)) : [];
    return { stack, configFile, stackConfig, clusterNames };
}

/** A path as the user should read it: relative to the current directory when inside it. */
export function displayPath(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative === "" ? "." : relative.startsWith("..") ? file : relative;
}

/**
 * Runs `work`; the program's invalid config (a `RunError`) becomes a `CliError` naming the file, exit
 * `invalidConfig`. The program's modules are loaded afresh for each render, so this matches the SDK's
 * user-error marker rather than our own error class.
 */
export async function reportingConfigErrors<T>(configFile: string, work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        if (pulumi.RunError.isInstance(error)) {
            throw new CliError(`${displayPath(configFile)}: ${(error as Error).message}`, EXIT.invalidConfig);
        }
        throw error;
    }
}
