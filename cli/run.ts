import * as pulumi from "@pulumi/pulumi";
import { Command, CommanderError } from "commander";
import { CliError, EXIT } from "./exitCodes";

/** What a tool's main returns: its exit code, or nothing for success. */
type MainResult = number | void;

/**
 * The one error reporter of the project's command lines. Runs `main` (given the arguments after the script
 * name) or parses a commander program (whose action may set `process.exitCode`), then exits with the code.
 * Errors print one line (see {@link describeFailure}); only a bug prints a stack trace.
 */
export function runMain(main: Command | ((argv: string[]) => Promise<MainResult> | MainResult)): void {
    const argv = process.argv.slice(2);
    Promise.resolve()
        .then(async () => {
            if (typeof main === "function") return main(argv);
            await main.parseAsync(argv, { from: "user" });
            return undefined;
        })
        .then(
            (code) => process.exit(typeof code === "number" ? code : (process.exitCode ?? EXIT.ok)),
            (error: unknown) => {
                const { message, code } = describeFailure(error);
                if (message) console.error(message);
                process.exit(code);
            },
        );
}

/**
 * What `runMain` prints for an error, and the exit code it uses: a `CliError` its message and code; a
 * commander error nothing (commander has printed the message or help) and `usage` (`ok` for `--help`); the
 * program's invalid config (a `RunError`) its message and `invalidConfig`; a file system error (EACCES,
 * ENOENT, ENOTDIR, ...) its message and `failed`; anything else, a bug, its stack and `failed`.
 */
export function describeFailure(error: unknown): { message: string; code: number } {
    if (error instanceof CliError) return { message: `error: ${error.message}`, code: error.exitCode };
    if (error instanceof CommanderError) return { message: "", code: error.exitCode === 0 ? EXIT.ok : EXIT.usage };
    if (pulumi.RunError.isInstance(error)) return { message: (error as Error).message, code: EXIT.invalidConfig };
    const errno = error as NodeJS.ErrnoException;
    if (typeof errno?.code === "string" && typeof errno.syscall === "string") {
        return { message: `error: ${errno.message}`, code: EXIT.failed };
    }
    return { message: error instanceof Error ? (error.stack ?? error.message) : String(error), code: EXIT.failed };
}
