import * as pulumi from "@pulumi/pulumi";
import { CommanderError } from "commander";
import { CliError, EXIT } from "./exitCodes";

/**
 * The one error reporter of the project's command lines: runs `main` and exits with its code. A `CliError`,
 * a parser error or invalid config prints one line (no stack trace) and exits with its own code; a file
 * system error prints its message; anything else is a bug and prints its stack.
 */
export function runMain(main: (argv: string[]) => Promise<number> | number): void {
    Promise.resolve()
        .then(() => main(process.argv.slice(2)))
        .then(
            (code) => process.exit(code),
            (error: unknown) => {
                const { message, code } = describeFailure(error);
                if (message) console.error(message);
                process.exit(code);
            },
        );
}

/** What `runMain` prints for an error, and the exit code it uses. */
export function describeFailure(error: unknown): { message: string; code: number } {
    if (error instanceof CliError) return { message: error.message, code: error.exitCode };
    // Commander has already printed its own message (or the help) when it throws.
    if (error instanceof CommanderError) return { message: "", code: error.exitCode === 0 ? EXIT.ok : EXIT.usage };
    if (pulumi.RunError.isInstance(error)) return { message: (error as Error).message, code: EXIT.invalidConfig };
    const errno = error as NodeJS.ErrnoException;
    if (typeof errno?.code === "string" && typeof errno.syscall === "string") {
        return { message: errno.message, code: EXIT.failed };
    }
    return { message: error instanceof Error ? (error.stack ?? error.message) : String(error), code: EXIT.failed };
}
