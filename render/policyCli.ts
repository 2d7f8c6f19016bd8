import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import * as pulumi from "@pulumi/pulumi";
import { PolicyPackConfig } from "@pulumi/policy";
import { PROJECT_NAME } from "../config/load";
import { readStackFile } from "../config/stackFile";
import { withProductionStack } from "../policies/lib/packConfig";
import { ALL_POLICIES } from "../policies/policies";
import { renderProgram } from "./engine";
import { checkPolicies, countByLevel, formatReport } from "./policyCheck";

const usage = "usage: npm run policy -- --stack <name> [--config <stack file>] [--policy-config <pack config JSON>]";

/**
 * `npm run policy`: the policy pack over the offline render of a stack, with no CLI or credentials.
 * Exit 0 when no mandatory policy fails, 1 when one does (or the config is invalid), 2 on bad usage.
 */
async function main(argv: string[]): Promise<number> {
    let values: { stack?: string; config?: string; "policy-config"?: string };
    try {
        ({ values } = parseArgs({
            args: argv,
            options: { stack: { type: "string" }, config: { type: "string" }, "policy-config": { type: "string" } },
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
    const root = path.resolve(__dirname, "..");
    const configFile = path.resolve(values.config ?? path.join(root, `Pulumi.${values.stack}.yaml`));
    const stackConfig = readStackFile(configFile, PROJECT_NAME);
    const givenPackConfig = values["policy-config"]
        ? (JSON.parse(fs.readFileSync(values["policy-config"], "utf8")) as PolicyPackConfig)
        : {};
    // As in the runner: a stack whose config says `environment: prod` is production to every policy.
    const production = stackConfig.config[`${PROJECT_NAME}:environment`] === "prod";
    const packConfig = production ? withProductionStack(givenPackConfig, ALL_POLICIES, values.stack) : givenPackConfig;
    try {
        // Policies see secret values in clear, as in the engine; the report carries only their messages.
        const result = await renderProgram(values.stack, stackConfig, { revealSecrets: true });
        const clusterNames = JSON.parse(stackConfig.config[`${PROJECT_NAME}:clusters`] ?? "[]").map(
            (c: { name: string }) => c.name,
        );
        const report = await checkPolicies(result, { project: PROJECT_NAME, clusterNames, packConfig });
        for (const line of formatReport(report)) console.log(line);
        return countByLevel(report).mandatory > 0 ? 1 : 0;
    } catch (error) {
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
