import { Command as Program } from "commander";
import { CliError, EXIT } from "../cli/exitCodes";
import { newProgram, numberArgument } from "../cli/program";
import { runMain } from "../cli/run";
import { prepareFileBackend } from "./backend";
import { Command, CommandOptions, runCommand } from "./commands";
import { PROJECT_DIR, PulumiStackEngine } from "./engine";
import { clusterApi, kubeConfigFor } from "./kube";

/** The options commander hands an action, before defaults are applied. */
interface ParsedOptions {
    stack?: string;
    config?: string;
    yes?: boolean;
    policyConfig?: string;
    threshold?: number;
    timeout?: number;
    force?: boolean;
    showIdentities?: boolean;
    teardownOnly?: boolean;
}

/** Runs one command with the real engine, Kubernetes client and output; sets the process exit code. */
async function run(command: Command, parsed: ParsedOptions): Promise<void> {
    // Checked here, not with commander's requiredOption: commander would report the missing option before a
    // misspelled one (`--stak dev`), hiding its suggestion.
    if (!parsed.stack) throw new CliError("--stack <name> is required", EXIT.usage);
    const options: CommandOptions = {
        stack: parsed.stack,
        config: parsed.config,
        yes: parsed.yes ?? false,
        threshold: parsed.threshold ?? 80,
        timeoutMinutes: parsed.timeout ?? 20,
        policyConfig: parsed.policyConfig,
        force: parsed.force ?? false,
        showIdentities: parsed.showIdentities ?? false,
        teardownOnly: parsed.teardownOnly ?? false,
    };
    prepareFileBackend(process.env.PULUMI_BACKEND_URL, (line) => console.log(line));
    process.exitCode = await runCommand(command, options, {
        projectDir: PROJECT_DIR,
        engines: PulumiStackEngine.open,
        clusterApi: (cluster, kubeconfigs) => clusterApi(kubeConfigFor(cluster, kubeconfigs)),
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        stepSummaryFile: process.env.GITHUB_STEP_SUMMARY || undefined,
        pollMs: 10_000,
    });
}

/** Adds a subcommand with the options every command takes (`--stack`, `--config`). */
function subcommand(program: Program, name: Command, description: string): Program {
    return program
        .command(name)
        .description(description)
        .option("--stack <name>", "the stack, required")
        .option("--config <file>", "stack file to validate before anything runs (default: Pulumi.<stack>.yaml)");
}

const policyConfig = ["--policy-config <file>", "policy pack config (JSON), passed as --policy-pack-config"] as const;
const yes = ["--yes", "confirm a production stack (environment: prod in the stack's own config)"] as const;

/**
 * `npm run stack`: the Automation API runner CI calls. Every command answers `--help`; exit codes are those of
 * cli/exitCodes.ts (docs/cli.md), e.g. drift 4, a production stack without `--yes` 5.
 */
export function stackProgram(output?: { writeOut: (s: string) => void; writeErr: (s: string) => void }): Program {
    const program = newProgram(
        "npm run stack --",
        "The Automation API runner: preview, up, drift, verify and destroy a stack, with Markdown summaries.",
    );
    // Before the subcommands, which copy it (tests read what commander prints).
    if (output) program.configureOutput(output);
    subcommand(program, "preview", "pulumi preview with the policy pack; exit 1 on a mandatory violation")
        .option(...policyConfig)
        .action((options: ParsedOptions) => run("preview", options));
    subcommand(
        program,
        "up",
        "pulumi up with the policy pack (production: a preview with the pack first, stopping on a mandatory violation)",
    )
        .option(...policyConfig)
        .option(...yes)
        .option(
            "--show-identities",
            "print account IDs, ARNs and service account e-mails in the outputs (hidden by default, e.g. in CI logs)",
        )
        .action((options: ParsedOptions) => run("up", options));
    subcommand(program, "drift", "a preview-only refresh; exit 4 when something drifted").action(
        (options: ParsedOptions) => run("drift", options),
    );
    subcommand(program, "verify", "health of Argo CD and the root Application on each cluster")
        .option(
            "--threshold <percent>",
            "lowest passing score of the other checks (default 80)",
            numberArgument({ min: 0, max: 100 }),
        )
        .action((options: ParsedOptions) => run("verify", options));
    subcommand(program, "destroy", "the GitOps teardown of each cluster, then pulumi destroy")
        .option(...yes)
        .option(
            "--timeout <minutes>",
            "how long Argo CD may take per cluster (default 20)",
            numberArgument({ min: 1, max: 24 * 60 }),
        )
        .option("--force", "run pulumi destroy even if the GitOps teardown left something behind")
        .option("--teardown-only", "only the GitOps teardown, no pulumi destroy (CI runs destroy as a second job)")
        .action((options: ParsedOptions) => run("destroy", options));
    return program;
}

if (require.main === module) runMain(stackProgram());
