import * as path from "path";
import { parseArgs } from "util";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT_NAME } from "../config/load";
import { StackConfig, readStackFile } from "../config/stackFile";

/** A stack to work on offline, as `--stack` and `--config` name it. */
export interface OfflineStack {
    stack: string;
    configFile: string;
    stackConfig: StackConfig;
    /** Names of the clusters in its config (empty when the config has none or is not a list). */
    clusterNames: string[];
}

/**
 * Parses `--stack <name> [--config <file>]` plus `extra` string options; prints `usage` and returns undefined
 * on bad usage. The stack file defaults to `Pulumi.<stack>.yaml` in the project.
 */
export function parseStackArgs<Extra extends string>(
    argv: string[],
    usage: string,
    extra: Extra[] = [],
): (OfflineStack & { options: Partial<Record<Extra, string>> }) | undefined {
    let values: Record<string, string | undefined>;
    try {
        const options = Object.fromEntries(
            ["stack", "config", ...extra].map((name) => [name, { type: "string" as const }]),
        );
        ({ values } = parseArgs({ args: argv, options, strict: true }) as {
            values: Record<string, string | undefined>;
        });
    } catch (error) {
        console.error(`${(error as Error).message}\n${usage}`);
        return undefined;
    }
    if (!values.stack) {
        console.error(usage);
        return undefined;
    }
    const root = path.resolve(__dirname, "..");
    const configFile = path.resolve(values.config ?? path.join(root, `Pulumi.${values.stack}.yaml`));
    const stackConfig = readStackFile(configFile, PROJECT_NAME);
    const clusters = JSON.parse(stackConfig.config[`${PROJECT_NAME}:clusters`] ?? "[]") as unknown;
    const clusterNames = Array.isArray(clusters) ? clusters.map((c: { name?: string }) => String(c?.name)) : [];
    const options = Object.fromEntries(extra.map((name) => [name, values[name]])) as Partial<Record<Extra, string>>;
    return { stack: values.stack, configFile, stackConfig, clusterNames, options };
}

/**
 * Runs `work`; invalid config (the program's error, a `RunError`) becomes one line naming the file, exit 1.
 * The program's modules are loaded afresh for each render, so this matches the SDK's user-error marker rather
 * than our own error class.
 */
export async function reportingConfigErrors(configFile: string, work: () => Promise<number>): Promise<number> {
    try {
        return await work();
    } catch (error) {
        if (pulumi.RunError.isInstance(error)) {
            console.error(`${path.relative(process.cwd(), configFile)}: ${(error as Error).message}`);
            return 1;
        }
        throw error;
    }
}

/** Runs a command line's main and exits with its code; an unexpected error prints its stack, a missing file its message. */
export function runMain(main: (argv: string[]) => Promise<number>): void {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error: Error) => {
            console.error(error.message.startsWith("ENOENT") ? error.message : error.stack);
            process.exit(1);
        },
    );
}
