import { parseArgs } from "util";
import { prepareFileBackend } from "./backend";
import { COMMANDS, Command, EXIT, runCommand } from "./commands";
import { PROJECT_DIR, PulumiStackEngine } from "./engine";
import { clusterApi, kubeConfigFor } from "./kube";

const usage = `usage: npm run stack -- <${COMMANDS.join("|")}> --stack <name> [options]

  --config <file>         stack file to validate (default: Pulumi.<stack>.yaml)
  --yes                   confirm up or destroy of a production stack (environment: prod)
  --policy-config <file>  policy pack config (JSON) for preview and up
  --threshold <percent>   verify: lowest passing health score (default 80)
  --timeout <minutes>     destroy: how long Argo CD may take per cluster (default 20)
  --force                 destroy: run pulumi destroy even if the GitOps teardown left something behind`;

/** `npm run stack`: the Automation API runner CI calls. Exit codes: see docs/ci.md. */
async function main(argv: string[]): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                stack: { type: "string" },
                config: { type: "string" },
                yes: { type: "boolean", default: false },
                "policy-config": { type: "string" },
                threshold: { type: "string", default: "80" },
                timeout: { type: "string", default: "20" },
                force: { type: "boolean", default: false },
            },
            strict: true,
        });
    } catch (error) {
        console.error(`${(error as Error).message}\n${usage}`);
        return EXIT.usage;
    }
    const { values, positionals } = parsed;
    const command = positionals[0] as Command;
    const threshold = Number(values.threshold);
    const timeout = Number(values.timeout);
    if (positionals.length !== 1 || !COMMANDS.includes(command) || !values.stack) {
        console.error(usage);
        return EXIT.usage;
    }
    if (!(threshold >= 0 && threshold <= 100) || !(timeout > 0)) {
        console.error(`--threshold must be 0-100 and --timeout a positive number of minutes\n${usage}`);
        return EXIT.usage;
    }
    prepareFileBackend(process.env.PULUMI_BACKEND_URL, (line) => console.log(line));
    return runCommand(
        command,
        {
            stack: values.stack,
            config: values.config,
            yes: values.yes,
            threshold,
            timeoutMinutes: timeout,
            policyConfig: values["policy-config"],
            force: values.force,
        },
        {
            projectDir: PROJECT_DIR,
            engines: PulumiStackEngine.open,
            clusterApi: (cluster, kubeconfigs) => clusterApi(kubeConfigFor(cluster, kubeconfigs)),
            stdout: (text) => process.stdout.write(text),
            stderr: (text) => process.stderr.write(text),
            stepSummaryFile: process.env.GITHUB_STEP_SUMMARY || undefined,
            pollMs: 10_000,
        },
    );
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
        console.error(error.stack ?? error.message);
        process.exit(EXIT.failed);
    },
);
