import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError, EXIT } from "../cli/exitCodes";
import { readPolicyPackConfig, resolveStackFile } from "../cli/program";
import { withProductionStack } from "../policies/lib/packConfig";
import { ALL_POLICIES } from "../policies/policies";
import { loadOfflineStack, renderOfflineStack } from "../render/cliSupport";
import { EngineFactory, OperationFailed, OperationReport, StackEngine } from "./engine";
import { destroyBlockers } from "./destroyBlockers";
import { explainFailure } from "./errors";
import { ClusterApi, describeKubeError } from "./kube";
import { ClusterTarget, StackTarget, agreeingTarget, readStackTarget, targetFromEngineConfig } from "./stackTarget";
import { diagramsMarkdown, nameOfUrn, operationMarkdown, realChanges } from "./summary";
import { TeardownResult, teardownCluster } from "./teardown";
import { clusterPasses, verifyCluster, verifyMarkdown } from "./verify";

/** The runner's commands. */
export const COMMANDS = ["preview", "up", "drift", "verify", "destroy"] as const;
export type Command = (typeof COMMANDS)[number];

/** Exit codes: the project's one table (cli/exitCodes.ts, docs/cli.md). */
export { EXIT };

/** Options from the command line. */
export interface CommandOptions {
    stack: string;
    /** Stack file to validate instead of `Pulumi.<stack>.yaml`. */
    config?: string;
    /** Confirms `up` and `destroy` of a production stack. */
    yes: boolean;
    /** `verify`: lowest passing health score, in percent. */
    threshold: number;
    /** `destroy`: how long Argo CD may take to delete what it manages, per cluster. */
    timeoutMinutes: number;
    /** Pack config file for the policy pack. */
    policyConfig?: string;
    /** `destroy`: run `pulumi destroy` even when the GitOps teardown left something behind. */
    force: boolean;
    /**
     * `destroy`: only the GitOps teardown, no `pulumi destroy` (CI runs it as its own job, so each job fits the
     * one-hour credentials; the `destroy` job after it finds the clusters already clean).
     */
    teardownOnly?: boolean;
    /** `up`: print account IDs, ARNs and service account e-mails in the outputs instead of hiding them. */
    showIdentities?: boolean;
}

/** Everything the commands touch outside themselves; tests replace each part. */
export interface RunnerContext {
    projectDir: string;
    engines: EngineFactory;
    clusterApi: (cluster: ClusterTarget, kubeconfigs: Record<string, string>) => ClusterApi;
    /** Streams text to standard output as is. */
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    /** `$GITHUB_STEP_SUMMARY`: Markdown summaries are appended to it when set. */
    stepSummaryFile?: string;
    /** Poll interval of the teardown (tests shorten it). */
    pollMs: number;
}

function publish(ctx: RunnerContext, markdown: string): void {
    ctx.stdout(`\n${markdown}\n`);
    if (ctx.stepSummaryFile) fs.appendFileSync(ctx.stepSummaryFile, `${markdown}\n\n`);
}

async function openEngine(ctx: RunnerContext, stack: string, create = false): Promise<StackEngine | undefined> {
    try {
        return await ctx.engines(stack, { create });
    } catch (error) {
        ctx.stderr(`error: ${explainFailure(error)}\n`);
        return undefined;
    }
}

/** Runs an engine operation; on failure keeps what it reported and the one-line reason. */
async function attempt(run: () => Promise<OperationReport>): Promise<{ report: OperationReport; failure?: string }> {
    try {
        return { report: await run() };
    } catch (error) {
        const report = error instanceof OperationFailed ? error.report : { changes: [], violations: [] };
        return { report, failure: explainFailure(error) };
    }
}

/** Refuses `up` and `destroy` of a production stack without `--yes` (exit `refused`). */
function requireConfirmation(target: StackTarget, command: Command, options: CommandOptions): void {
    if (!target.production || options.yes) return;
    throw new CliError(
        `stack ${target.stack} is a production stack (environment: prod); \`${command}\` needs --yes to confirm`,
        EXIT.refused,
    );
}

/** What hides an identity in text: AWS ARNs, 12-digit AWS account IDs, Google service account e-mails. */
const IDENTITIES: { pattern: RegExp; replacement: string }[] = [
    { pattern: /arn:aws[a-z-]*:[^\s"',]*/g, replacement: "[ARN hidden]" },
    { pattern: /[\w.+-]+@[\w-]+\.iam\.gserviceaccount\.com/g, replacement: "[service account hidden]" },
    { pattern: /(?<![\w.])\d{12}(?![\w.])/g, replacement: "[account ID hidden]" },
];

/**
 * Replaces account IDs, ARNs and service account e-mails in a JSON value's strings (CI logs are readable by
 * everyone with access to the repository; `up --show-identities` prints them).
 */
export function redactIdentities(value: unknown): unknown {
    if (typeof value === "string") {
        return IDENTITIES.reduce((text, { pattern, replacement }) => text.replace(pattern, replacement), value);
    }
    if (Array.isArray(value)) return value.map(redactIdentities);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactIdentities(v)]));
    }
    return typeof value === "number" && /^\d{12}$/.test(String(value)) ? "[account ID hidden]" : value;
}

/**
 * The pack config files for preview and up: the one given with `--policy-config`, and for a production stack
 * (`environment: prod`) a copy that also lists the stack as production for every policy, so the pack treats it
 * as the runner does whatever its name.
 */
function policyPackConfigs(target: StackTarget, options: CommandOptions): string[] {
    const given = options.policyConfig ? path.resolve(options.policyConfig) : undefined;
    if (!target.production) return given ? [given] : [];
    const config = given ? readPolicyPackConfig(given) : {};
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-")), "policy-config.json");
    fs.writeFileSync(file, JSON.stringify(withProductionStack(config, ALL_POLICIES, target.stack), null, 2));
    return [file];
}

/**
 * The stack's per-cluster diagrams with what the preview changes, drawn from an offline render of the same
 * stack file. A render that fails leaves a note in the summary; it never fails the preview.
 */
async function previewDiagrams(target: StackTarget, report: OperationReport, options: CommandOptions): Promise<string> {
    // The program's warnings streamed already from the real preview; under mocks it would print them again.
    const { info, warn } = console;
    console.info = console.warn = () => undefined;
    try {
        const { result, diagram } = await renderOfflineStack(
            loadOfflineStack({ stack: target.stack, config: options.config }),
        );
        return diagramsMarkdown({ ...diagram, resources: result.resources }, report.changes);
    } catch (error) {
        return `## What the stack creates\n\nNo diagram: ${(error as Error).message.split("\n")[0]}`;
    } finally {
        Object.assign(console, { info, warn });
    }
}

async function previewOrUp(
    command: "preview" | "up",
    engine: StackEngine,
    target: StackTarget,
    options: CommandOptions,
    ctx: RunnerContext,
) {
    const policyOptions = {
        policyPacks: [path.join(ctx.projectDir, "policies")],
        policyPackConfigs: policyPackConfigs(target, options),
        onOutput: ctx.stdout,
        onError: ctx.stderr,
        showOutputs: options.showIdentities ?? false,
    };
    const clusterNames = target.clusters.map((c) => c.name);
    if (command === "up" && target.production) {
        // The Automation API's up does not preview first: a mandatory violation would surface mid-update,
        // after earlier resources changed. In production, the pack judges the whole plan before anything runs.
        const preview = await attempt(() => engine.preview(policyOptions));
        const blocking = preview.report.violations.filter((v) => v.level === "mandatory").length;
        if (preview.failure || blocking > 0) {
            const why = preview.failure ? `failed: ${preview.failure}` : `${blocking} mandatory policy violation(s)`;
            publish(
                ctx,
                operationMarkdown(
                    "pulumi preview (before up)",
                    target.stack,
                    `${why}; not running up`,
                    preview.report,
                    clusterNames,
                ),
            );
            ctx.stderr(`error: not running \`pulumi up\` on production stack ${target.stack}: the preview ${why}\n`);
            return EXIT.failed;
        }
    }
    const { report, failure } = await attempt(() =>
        command === "preview" ? engine.preview(policyOptions) : engine.up(policyOptions),
    );
    const mandatory = report.violations.filter((v) => v.level === "mandatory").length;
    const outcome = failure
        ? `failed: ${failure}`
        : mandatory > 0
          ? `${mandatory} mandatory policy violation(s)`
          : "succeeded";
    const markdown = operationMarkdown(`pulumi ${command}`, target.stack, outcome, report, clusterNames);
    publish(ctx, command === "preview" ? `${markdown}\n\n${await previewDiagrams(target, report, options)}` : markdown);
    if (failure) ctx.stderr(`error: ${failure}\n`);
    if (failure || mandatory > 0) return EXIT.failed;
    if (command === "up") {
        const outputs = await engine.outputs();
        const visible = Object.fromEntries(
            Object.entries(outputs)
                .filter(([, output]) => !output.secret)
                .map(([key, output]) => [key, output.value]),
        );
        const hidden = Object.keys(outputs).filter((key) => outputs[key].secret);
        const identities = options.showIdentities
            ? ""
            : "; account IDs, ARNs and service accounts hidden, --show-identities prints them";
        ctx.stdout(`\nStack outputs (secret ones not shown: ${hidden.join(", ") || "none"}${identities}):\n`);
        ctx.stdout(`${JSON.stringify(options.showIdentities ? visible : redactIdentities(visible), null, 2)}\n`);
    }
    return EXIT.ok;
}

/** The CLI's error when `--expect-no-changes` saw changes (the wordings of its versions). */
const EXPECTED_NO_CHANGES = /no changes were expected( for \S+)? but changes (occurred|were proposed)/;

/**
 * How a drift check ended: `drift` only when resources differ and nothing else failed; a refresh that could
 * not read some resources is a failure even when others drifted (what it did not read may differ too).
 */
export function driftVerdict(
    driftedCount: number,
    resourceErrors: number,
    failure: string | undefined,
): { code: number; outcome: string } {
    const otherFailure = failure !== undefined && !EXPECTED_NO_CHANGES.test(failure);
    if (resourceErrors > 0 || (otherFailure && driftedCount > 0)) {
        const what = resourceErrors > 0 ? `could not read ${resourceErrors} resource(s)` : `failed: ${failure}`;
        return {
            code: EXIT.failed,
            outcome: `refresh incomplete: ${what}${driftedCount > 0 ? `; ${driftedCount} resource(s) drifted among the rest` : ""}`,
        };
    }
    if (driftedCount > 0) return { code: EXIT.drift, outcome: `${driftedCount} resource(s) drifted` };
    if (failure) return { code: EXIT.failed, outcome: `failed: ${failure}` };
    return { code: EXIT.ok, outcome: "no drift" };
}

async function drift(engine: StackEngine, target: StackTarget, ctx: RunnerContext) {
    const { report, failure } = await attempt(() =>
        engine.previewRefresh({ onOutput: ctx.stdout, onError: ctx.stderr }),
    );
    const drifted = realChanges(report.changes);
    const errors = report.errors ?? [];
    // With expectNoChanges, drift also makes the refresh fail: what decides is whether resources differ and
    // whether anything else went wrong.
    const { code, outcome } = driftVerdict(drifted.length, errors.length, failure);
    const lines = [
        operationMarkdown(
            "pulumi refresh --preview-only",
            target.stack,
            outcome,
            report,
            target.clusters.map((c) => c.name),
        ),
    ];
    if (errors.length > 0) {
        lines.push("", "### Resources the refresh could not read", "", "| Resource | Error |", "| --- | --- |");
        for (const e of errors) {
            const message = e.message.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
            lines.push(`| ${e.urn ? nameOfUrn(e.urn) : "(stack)"} | ${message} |`);
        }
    }
    if (drifted.length > 0) {
        lines.push(
            "",
            "### Drifted resources",
            "",
            "| Resource | Type | Change | Properties |",
            "| --- | --- | --- | --- |",
        );
        for (const c of drifted) lines.push(`| ${nameOfUrn(c.urn)} | ${c.type} | ${c.op} | ${c.diffs.join(", ")} |`);
    }
    publish(ctx, lines.join("\n"));
    if (code === EXIT.failed) ctx.stderr(`error: ${outcome}\n`);
    return code;
}

/** The `kubeconfigs` output of a deployed stack (a secret map of cluster name to kubeconfig). */
async function kubeconfigsOf(engine: StackEngine): Promise<Record<string, string>> {
    const outputs = await engine.outputs();
    return (outputs.kubeconfigs?.value as Record<string, string> | undefined) ?? {};
}

async function verify(engine: StackEngine, target: StackTarget, options: CommandOptions, ctx: RunnerContext) {
    const kubeconfigs = await kubeconfigsOf(engine);
    const results = [];
    for (const cluster of target.clusters) {
        try {
            results.push(await verifyCluster(cluster.name, ctx.clusterApi(cluster, kubeconfigs)));
        } catch (error) {
            results.push({
                cluster: cluster.name,
                score: 0,
                checks: [],
                applications: [],
                error: describeKubeError(error),
            });
        }
    }
    publish(ctx, verifyMarkdown(target.stack, results, options.threshold));
    return results.every((r) => clusterPasses(r, options.threshold)) ? EXIT.ok : EXIT.failed;
}

/**
 * The clusters to tear down: those the stack's config names and those the deployed stack still has a
 * kubeconfig for (a cluster removed from the config but not yet destroyed would otherwise go without teardown).
 */
export function teardownClusters(configured: ClusterTarget[], kubeconfigs: Record<string, string>): ClusterTarget[] {
    const names = new Set(configured.map((c) => c.name));
    const deployedOnly = Object.keys(kubeconfigs)
        .filter((name) => !names.has(name))
        .sort()
        .map((name): ClusterTarget => ({ name, cloud: "deployed" }));
    return [...configured, ...deployedOnly];
}

async function destroy(engine: StackEngine, target: StackTarget, options: CommandOptions, ctx: RunnerContext) {
    const blockers = destroyBlockers(await engine.resources());
    if (blockers.length > 0) {
        publish(
            ctx,
            [
                `## Teardown of stack \`${target.stack}\`: refused`,
                "",
                "`pulumi destroy` would refuse or fail on these; nothing was touched:",
                "",
                ...blockers.map((b) => `- ${b}`),
            ].join("\n"),
        );
        throw new CliError(
            `not tearing down stack ${target.stack}: pulumi destroy would stop at ${blockers.length} resource(s) (see above); nothing was touched`,
            EXIT.refused,
        );
    }
    const outputs = await engine.outputs();
    const results: TeardownResult[] = [];
    if (Object.keys(outputs).length === 0) {
        ctx.stdout("The stack has no outputs (never deployed): nothing for Argo CD to delete.\n");
    } else {
        const kubeconfigs = (outputs.kubeconfigs?.value as Record<string, string> | undefined) ?? {};
        for (const cluster of teardownClusters(target.clusters, kubeconfigs)) {
            if (cluster.cloud === "deployed") {
                ctx.stdout(
                    `${cluster.name}: not in the stack's config any more but still deployed: tearing it down too\n`,
                );
            }
            try {
                const api = ctx.clusterApi(cluster, kubeconfigs);
                results.push(
                    await teardownCluster(cluster.name, api, {
                        timeoutMs: options.timeoutMinutes * 60_000,
                        pollMs: ctx.pollMs,
                        log: (line) => ctx.stdout(`${line}\n`),
                    }),
                );
            } catch (error) {
                results.push({
                    cluster: cluster.name,
                    clean: false,
                    stuck: [`cannot reach the cluster: ${describeKubeError(error)}`],
                });
            }
        }
    }
    const lines = [`## GitOps teardown of stack \`${target.stack}\``, "", "| Cluster | Result |", "| --- | --- |"];
    for (const r of results) lines.push(`| ${r.cluster} | ${r.clean ? "clean" : `stuck: ${r.stuck.join("; ")}`} |`);
    publish(ctx, lines.join("\n"));
    if (options.teardownOnly) {
        if (results.some((r) => !r.clean)) {
            ctx.stderr("error: the GitOps teardown left something behind (see above)\n");
            return EXIT.failed;
        }
        ctx.stdout("GitOps teardown done; not running `pulumi destroy` (--teardown-only).\n");
        return EXIT.ok;
    }
    if (results.some((r) => !r.clean) && !options.force) {
        ctx.stderr(
            "error: not running `pulumi destroy`: Argo CD did not finish deleting what it manages (see above); fix what is stuck, or pass --force if the cluster is already gone\n",
        );
        return EXIT.failed;
    }
    const { report, failure } = await attempt(() => engine.destroy({ onOutput: ctx.stdout, onError: ctx.stderr }));
    const outcome = failure ? `failed: ${failure}` : "succeeded";
    publish(
        ctx,
        operationMarkdown(
            "pulumi destroy",
            target.stack,
            outcome,
            report,
            target.clusters.map((c) => c.name),
        ),
    );
    if (failure) {
        ctx.stderr(`error: ${failure}\n`);
        return EXIT.failed;
    }
    return EXIT.ok;
}

/**
 * Runs one command; resolves with the process exit code. A guard or bad input that stops it (a `CliError`)
 * is reported as one line on stderr with its exit code.
 */
export async function runCommand(command: Command, options: CommandOptions, ctx: RunnerContext): Promise<number> {
    try {
        return await dispatch(command, options, ctx);
    } catch (error) {
        if (!(error instanceof CliError)) throw error;
        ctx.stderr(`error: ${error.message}\n`);
        return error.exitCode;
    }
}

/** The stack file, validated the way the program does; bad config is `invalidConfig`, naming the file. */
function readTarget(options: CommandOptions, ctx: RunnerContext): StackTarget {
    const file = resolveStackFile(ctx.projectDir, options.stack, options.config);
    try {
        return readStackTarget(options.stack, ctx.projectDir, file);
    } catch (error) {
        if (error instanceof Error) {
            throw new CliError(
                `${path.relative(process.cwd(), file) || file}: ${(error as Error).message}`,
                EXIT.invalidConfig,
            );
        }
        throw error;
    }
}

/**
 * What the stack's own config says (read through the engine, which acts on it), checked against the validated
 * stack file: they must agree on production and clusters, or a `--config` file could bypass `--yes`.
 */
async function stackTargetOf(
    engine: StackEngine,
    fileTarget: StackTarget,
    options: CommandOptions,
): Promise<StackTarget> {
    let config;
    try {
        config = await engine.config();
    } catch (error) {
        throw new CliError(`cannot read stack ${options.stack}'s config: ${explainFailure(error)}`, EXIT.failed);
    }
    let stackTarget: StackTarget;
    try {
        stackTarget = targetFromEngineConfig(options.stack, config);
    } catch (error) {
        throw new CliError(`stack ${options.stack}'s own config: ${(error as Error).message}`, EXIT.invalidConfig);
    }
    return agreeingTarget(fileTarget, stackTarget, options.config ?? `Pulumi.${options.stack}.yaml`);
}

async function dispatch(command: Command, options: CommandOptions, ctx: RunnerContext): Promise<number> {
    const fileTarget = readTarget(options, ctx);
    if (options.policyConfig) readPolicyPackConfig(path.resolve(options.policyConfig));
    // A file that says production needs --yes before the engine is even opened; the stack's own config is
    // checked again below.
    if (command === "up" || command === "destroy") requireConfirmation(fileTarget, command, options);
    const engine = await openEngine(ctx, options.stack, command === "preview" || command === "up");
    if (!engine) return EXIT.failed;
    const target = await stackTargetOf(engine, fileTarget, options);
    switch (command) {
        case "preview":
            return previewOrUp("preview", engine, target, options, ctx);
        case "up":
            requireConfirmation(target, command, options);
            return previewOrUp("up", engine, target, options, ctx);
        case "drift":
            return drift(engine, target, ctx);
        case "verify":
            return verify(engine, target, options, ctx);
        case "destroy":
            requireConfirmation(target, command, options);
            return destroy(engine, target, options, ctx);
    }
}
