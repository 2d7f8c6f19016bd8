import * as fs from "fs";
import { PolicyPackConfig } from "@pulumi/policy";
import { PROJECT_NAME } from "../config/load";
import { withProductionStack } from "../policies/lib/packConfig";
import { ALL_POLICIES } from "../policies/policies";
import { parseStackArgs, reportingConfigErrors, runMain } from "./cliSupport";
import { renderProgram } from "./engine";
import { checkPolicies, countByLevel, formatReport } from "./policyCheck";

const usage = "usage: npm run policy -- --stack <name> [--config <stack file>] [--policy-config <pack config JSON>]";

/**
 * `npm run policy`: the policy pack over the offline render of a stack, with no CLI or credentials.
 * Exit 0 when no mandatory policy fails, 1 when one does (or the config is invalid), 2 on bad usage.
 */
async function main(argv: string[]): Promise<number> {
    const args = parseStackArgs(argv, usage, ["policy-config"]);
    if (!args) return 2;
    const { stack, configFile, stackConfig, clusterNames } = args;
    const given = args.options["policy-config"];
    const givenPackConfig = given ? (JSON.parse(fs.readFileSync(given, "utf8")) as PolicyPackConfig) : {};
    // As in the runner: a stack whose config says `environment: prod` is production to every policy.
    const production = stackConfig.config[`${PROJECT_NAME}:environment`] === "prod";
    const packConfig = production ? withProductionStack(givenPackConfig, ALL_POLICIES, stack) : givenPackConfig;
    return reportingConfigErrors(configFile, async () => {
        // Policies see secret values in clear, as in the engine; the report carries only their messages.
        const result = await renderProgram(stack, stackConfig, { revealSecrets: true });
        const report = await checkPolicies(result, { project: PROJECT_NAME, clusterNames, packConfig });
        for (const line of formatReport(report)) console.log(line);
        return countByLevel(report).mandatory > 0 ? 1 : 0;
    });
}

runMain(main);
