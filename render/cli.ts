import * as path from "path";
import { newProgram } from "../cli/program";
import { runMain } from "../cli/run";
import { SecretKey, setSecretCommand } from "../config/schema";
import {
    PROJECT_DIR,
    StackOptions,
    displayPath,
    loadOfflineStack,
    renderOfflineStack,
    withStackOptions,
} from "./cliSupport";
import { assertWritableOutDir, renderFiles, summaryLines, writeFiles } from "./files";

/** `npm run render`: what would this stack create? Runs the program under mocks and writes the result. */
const program = withStackOptions(
    newProgram(
        "npm run render --",
        "Render a stack offline: run the program under Pulumi's mocks and write what it would create.",
    ),
)
    .option("--out <dir>", "directory to write to: new, empty, or written by an earlier render")
    .action(async (options: StackOptions & { out?: string }) => {
        const offline = loadOfflineStack(options);
        const { stack, clusterNames } = offline;
        const outDir = path.resolve(options.out ?? path.join(PROJECT_DIR, "out", "render", stack));
        assertWritableOutDir(outDir);
        const { result, diagram } = await renderOfflineStack(offline);
        writeFiles(outDir, renderFiles(result, diagram));
        for (const line of summaryLines(result, clusterNames)) console.log(line);
        for (const key of result.secretStandIns ?? []) {
            console.log(
                `note: secret ${key} is not set; this offline render used a stand-in (a real run needs \`${setSecretCommand(key as SecretKey)}\`)`,
            );
        }
        console.log(`rendered ${result.resources.length} resources of stack ${stack} to ${displayPath(outDir)}`);
    });

runMain(program);
