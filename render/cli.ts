import * as path from "path";
import { parseStackArgs, reportingConfigErrors, runMain } from "./cliSupport";
import { renderProgram } from "./engine";
import { renderFiles, summaryLines, writeFiles } from "./files";

const usage = "usage: npm run render -- --stack <name> [--config <file>] [--out <dir>]";

/** `npm run render`: what would this stack create? Runs the program under mocks and writes the result. */
async function main(argv: string[]): Promise<number> {
    const args = parseStackArgs(argv, usage, ["out"]);
    if (!args) return 2;
    const { stack, configFile, stackConfig, clusterNames } = args;
    const outDir = path.resolve(args.options.out ?? path.join(__dirname, "..", "out", "render", stack));
    return reportingConfigErrors(configFile, async () => {
        const result = await renderProgram(stack, stackConfig);
        writeFiles(outDir, renderFiles(result));
        for (const line of summaryLines(result, clusterNames)) console.log(line);
        console.log(
            `rendered ${result.resources.length} resources of stack ${stack} to ${path.relative(process.cwd(), outDir) || "."}`,
        );
        return 0;
    });
}

runMain(main);
