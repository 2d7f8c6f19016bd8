import * as fs from "fs";
import * as path from "path";
import { CliError, EXIT } from "../cli/exitCodes";
import { newProgram } from "../cli/program";
import { runMain } from "../cli/run";
import { PROJECT_NAME, parsePlatformConfig } from "../config/load";
import { withOfflineSecretStandIns } from "../render/offlineSecrets";
import { repositoryLayout } from "../components/gitops/seed";
import {
    PROJECT_DIR,
    StackOptions,
    displayPath,
    loadOfflineStack,
    reportingConfigErrors,
    withStackOptions,
} from "../render/cliSupport";

/** Refuses an output path that exists and is not a directory (the layout writes into it, deleting nothing). */
function checkOutDir(outDir: string): void {
    if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) {
        throw new CliError(`--out ${displayPath(outDir)}: is a file, not a directory`, EXIT.usage);
    }
}

/**
 * `npm run layout`: writes the GitOps repository's initial layout for a stack, the same files `gitops.seed`
 * would commit, so repositories Pulumi does not seed (any Git server, the local stack) can be pushed by hand.
 * It writes (and overwrites) only the layout's files and deletes nothing, so it may write into a clone.
 */
const program = withStackOptions(
    newProgram(
        "npm run layout --",
        "Write the GitOps repository's initial layout for a stack (the files gitops.seed would commit).",
    ),
)
    .option(
        "--out <dir>",
        "directory to write into, e.g. a clone of the GitOps repository (default: out/layout/<stack>)",
    )
    .action(async (options: StackOptions & { out?: string }) => {
        const { stack, configFile, stackConfig } = loadOfflineStack(options);
        const outDir = path.resolve(options.out ?? path.join(PROJECT_DIR, "out", "layout", stack));
        checkOutDir(outDir);
        const prefix = `${PROJECT_NAME}:`;
        // An offline tool, like the render: stand in for secrets the stack file cannot give it.
        const { stackConfig: withSecrets } = withOfflineSecretStandIns(stackConfig);
        const raw = Object.fromEntries(
            Object.entries(withSecrets.config)
                .filter(([k]) => k.startsWith(prefix))
                .map(([k, v]) => [k.slice(prefix.length), v]),
        );
        const parsed = await reportingConfigErrors(configFile, async () =>
            parsePlatformConfig(raw, (key) => withSecrets.secretKeys.includes(prefix + key)),
        );
        const files = repositoryLayout({
            clusterNames: parsed.clusters.map((c) => c.name),
            environment: parsed.environment,
            gitops: parsed.gitops,
            teams: parsed.teams,
            argocd: parsed.argocd,
        });
        for (const file of files) {
            const target = path.join(outDir, file.path);
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, file.content);
        }
        console.log(`wrote ${files.length} files of the GitOps layout to ${displayPath(outDir)}`);
    });

runMain(program);
