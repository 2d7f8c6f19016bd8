/**
 * Exit codes shared by every command line of the project (`npm run render`, `policy`, `layout`, `stack`,
 * `docs:*`, `bench`). docs/cli.md lists them in one table; keep the two in step.
 */
export const EXIT = {
    /** The command did what was asked (no mandatory violation, no drift, healthy). */
    ok: 0,
    /** The operation ran and failed: an engine error, a mandatory policy violation, an unhealthy platform. */
    failed: 1,
    /** The command line is wrong: unknown command or option, a bad or missing option value. */
    usage: 2,
    /** The stack file cannot be read or its configuration is invalid; nothing was created. */
    invalidConfig: 3,
    /** `stack drift`: the deployed resources differ from the program. */
    drift: 4,
    /** A guard refused to go on: production without `--yes`, a teardown that something would block. */
    refused: 5,
} as const;

/** One of the exit codes above. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error a command line reports as one line (no stack trace) with its own exit code. */
export class CliError extends Error {
    constructor(
        message: string,
        public readonly exitCode: ExitCode,
    ) {
        super(message);
        this.name = "CliError";
    }
}
