import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Command } from "commander";
import { CliError, EXIT } from "../cli/exitCodes";
import { resolveStackFile } from "../cli/program";
import { PROJECT_NAME, parsePlatformConfig } from "../config/load";
import { ParsedPlatformConfig } from "../config/schema";
import { StackConfig, StackFileError, readStackFile } from "../config/stackFile";
import { SeedFile } from "../components/gitops/layout";
import { repositoryLayout } from "../components/gitops/seed";
import { stackAddons } from "../components/addons/catalogue";
import { DiagramInput } from "./diagram";
import { RenderResult, renderProgram } from "./engine";
import { withOfflineSecretStandIns } from "./offlineSecrets";

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

/**
 * The validated config of a stack file, as the offline render's program sees it: with stand-ins for the secrets
 * the file cannot hold (render/offlineSecrets.ts). Throws the program's invalid config.
 */
export function parseStackConfig(fileConfig: StackConfig): ParsedPlatformConfig {
    const { stackConfig } = withOfflineSecretStandIns(fileConfig);
    const prefix = `${PROJECT_NAME}:`;
    const raw = Object.fromEntries(
        Object.entries(stackConfig.config)
            .filter(([k]) => k.startsWith(prefix))
            .map(([k, v]) => [k.slice(prefix.length), v]),
    );
    return parsePlatformConfig(raw, (key) => stackConfig.secretKeys.includes(prefix + key));
}

/** The GitOps repository's initial layout for a stack: the files `gitops.seed` commits (`npm run layout`). */
export function stackLayout(parsed: ParsedPlatformConfig): SeedFile[] {
    return repositoryLayout({
        clusters: parsed.clusters,
        addons: stackAddons(parsed),
        environment: parsed.environment,
        gitops: parsed.gitops,
        teams: parsed.teams,
        argocd: parsed.argocd,
    });
}

/**
 * Renders a stack offline (invalid config becomes a `CliError` naming the file) and gathers what its diagram
 * is drawn from: the render's resources and the stack's GitOps layout.
 */
export async function renderOfflineStack(
    stack: OfflineStack,
): Promise<{ result: RenderResult; diagram: Omit<DiagramInput, "resources"> }> {
    return reportingConfigErrors(stack.configFile, async () => {
        const result = await renderProgram(stack.stack, stack.stackConfig);
        const parsed = parseStackConfig(stack.stackConfig);
        const diagram = {
            layout: stackLayout(parsed),
            layoutRoot: parsed.gitops.path,
            clusterNames: stack.clusterNames,
        };
        return { result, diagram };
    });
}
