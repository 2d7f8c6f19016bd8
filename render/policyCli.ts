import { EXIT } from "../cli/exitCodes";
import { newProgram, readPolicyPackConfig } from "../cli/program";
import { runMain } from "../cli/run";
import { PROJECT_NAME } from "../config/load";
import { withProductionStack } from "../policies/lib/packConfig";
import { ALL_POLICIES } from "../policies/policies";
import { StackOptions, loadOfflineStack, reportingConfigErrors, withStackOptions } from "./cliSupport";
import { renderProgram } from "./engine";
import { checkPolicies, countByLevel, formatReport } from "./policyCheck";

/**
 * `npm run policy`: the policy pack over the offline render of a stack, with no CLI or credentials.
 * Exit 0 when no mandatory policy fails, `failed` when one does (see docs/cli.md).
 */
const program = withStackOptions(
    newProgram("npm run policy --", "Check a stack's offline render against the policy pack (no CLI or credentials)."),
)
    .option("--policy-config <file>", "policy pack config (JSON), as `pulumi up --policy-pack-config` takes it")
    .action(async (options: StackOptions & { policyConfig?: string }) => {
        const { stack, configFile, stackConfig, clusterNames } = loadOfflineStack(options);
        const givenPackConfig = options.policyConfig ? readPolicyPackConfig(options.policyConfig) : {};
        // As in the runner: a stack whose config says `environment: prod` is production to every policy.
        const production = stackConfig.config[`${PROJECT_NAME}:environment`] === "prod";
        const packConfig = production ? withProductionStack(givenPackConfig, ALL_POLICIES, stack) : givenPackConfig;
        // Policies see secret values in clear, as in the engine; the report carries only their messages.
        const result = await reportingConfigErrors(configFile, () =>
            renderProgram(stack, stackConfig, { revealSecrets: true }),
        );
        const report = await checkPolicies(result, { project: PROJECT_NAME, clusterNames, packConfig });
        for (const line of formatReport(report)) console.log(line);
        if (countByLevel(report).mandatory > 0) process.exitCode = EXIT.failed;
    });

runMain(program);
