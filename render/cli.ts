import * as path from "path";
import { parseArgs } from "util";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT_NAME } from "../config/load";
import { readStackFile } from "../config/stackFile";
import { renderProgram } from "./engine";
import { renderFiles, summaryLines, writeFiles } from "./files";

const usage = "usage: npm run render -- --stack <name> [--config <file>] [--out <dir>]";

/** `npm run render`: what would this stack create? Runs the program under mocks and writes the result. */
async function main(argv: string[]): Promise<number> {
    let values: { stack?: string; config?: string; out?: string };
    try {
        ({ values } = parseArgs({
            args: argv,
            options: { stack: { type: "string" }, config: { type: "string" }, out: { type: "string" } },
            strict: true,
        }));
    } catch (error) {
        console.error(`${(error as Error).message}\n${usage}`);
        return 2;
    }
    if (!values.stack) {
        console.error(usage);
        return 2;
    }
    const stack = values.stack;
    const root = path.resolve(__dirname, "..");
    const configFile = path.resolve(values.config ?? path.join(root, `Pulumi.${stack}.yaml`));
    const outDir = path.resolve(values.out ?? path.join(root, "out", "render", stack));

    const stackConfig = readStackFile(configFile, PROJECT_NAME);
    try {
        const result = await renderProgram(stack, stackConfig);
        writeFiles(outDir, renderFiles(result));
        const clusterNames = JSON.parse(stackConfig.config[`${PROJECT_NAME}:clusters`] ?? "[]").map(
            (c: { name: string }) => c.name,
        );
        for (const line of summaryLines(result, clusterNames)) console.log(line);
        console.log(
            `rendered ${result.resources.length} resources of stack ${stack} to ${path.relative(process.cwd(), outDir) || "."}`,
        );
        return 0;
    } catch (error) {
        // The program's modules are loaded afresh for each render, so match the SDK's user-error marker
        // rather than our own class.
        if (pulumi.RunError.isInstance(error)) {
            console.error(`${path.relative(process.cwd(), configFile)}: ${(error as Error).message}`);
            return 1;
        }
        throw error;
    }
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
        console.error(error.message.startsWith("ENOENT") ? error.message : error.stack);
        process.exit(1);
    },
);
