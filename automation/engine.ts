import * as path from "path";
import { CommandError, EngineEvent, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";

/** One resource step the engine reported. */
export interface ResourceChange {
    /** Engine operation: `create`, `update`, `delete`, `replace`, `same`, `refresh`, ... */
    op: string;
    urn: string;
    type: string;
    /** Properties that differ (refresh reports what drifted here). */
    diffs: string[];
}

/** One policy violation the engine reported. */
export interface PolicyViolationEvent {
    policy: string;
    level: "mandatory" | "advisory";
    message: string;
    urn?: string;
}

/** An error the engine reported about one resource (or the whole operation, without `urn`). */
export interface EngineDiagnostic {
    message: string;
    urn?: string;
}

/** What an engine operation reported, whether it succeeded or not. */
export interface OperationReport {
    changes: ResourceChange[];
    violations: PolicyViolationEvent[];
    /** Error diagnostics (severity `error`), e.g. a resource a refresh could not read. */
    errors?: EngineDiagnostic[];
}

/** A stack output as the engine returns it. */
export interface StackOutput {
    value: unknown;
    secret: boolean;
}

/** A stack's config as the engine reports it (`pulumi config --json`): full key to value and secretness. */
export type EngineConfig = Record<string, { value: string; secret: boolean }>;

/** One resource of the deployed state (`pulumi stack export`), as far as a teardown needs it. */
export interface DeployedResource {
    urn: string;
    type: string;
    /** `protect`: `pulumi destroy` refuses to delete it. */
    protect: boolean;
    /** `retainOnDelete`: `pulumi destroy` forgets it and leaves it in the cloud. */
    retainOnDelete: boolean;
    outputs: Record<string, unknown>;
}

/** Options every operation takes. */
export interface OperationOptions {
    /** Receives the engine's progress output as it streams. */
    onOutput: (text: string) => void;
    /** Receives the CLI's standard error as it streams (decryption failures, backend errors, ...). */
    onError?: (text: string) => void;
    /**
     * Let the CLI print the stack outputs at the end (`--suppress-outputs` otherwise): they carry account IDs
     * and ARNs that CI logs should not show unless asked.
     */
    showOutputs?: boolean;
}

/** Options of operations that run the policy pack. */
export interface PolicyOptions extends OperationOptions {
    /** Policy pack directories. */
    policyPacks: string[];
    /** Pack config files (JSON), one per pack or none. */
    policyPackConfigs: string[];
}

/**
 * An operation that failed; carries what the engine reported until then. `message` is the engine's own error
 * line (see {@link engineErrorLine}); `cause` the Automation API's error (`CommandError` or a subclass).
 */
export class OperationFailed extends Error {
    constructor(
        message: string,
        public readonly report: OperationReport,
        options?: { cause?: unknown },
    ) {
        super(message, options);
        this.name = "OperationFailed";
    }
}

/** What the Automation API keeps of one CLI run (its `CommandResult`). */
interface CommandOutput {
    stdout?: string;
    stderr?: string;
    code?: number;
    err?: Error;
}

/** The CLI's closing lines that only say that the operation failed, not why. */
const GENERIC_FAILURE = /^error: (update|preview|refresh|destroy|import) failed$|^error: an error occurred/i;

/**
 * The line that says why an engine operation failed. The Automation API's `CommandError` message is a dump
 * (`code: 255\n stdout: ...\n stderr: ...`) whose first line says nothing; the cause is the CLI's
 * `error: ...` line on stderr, or when that only says "update failed", the engine's error diagnostics.
 */
export function engineErrorLine(error: unknown, diagnostics: EngineDiagnostic[] = []): string {
    if (!(error instanceof CommandError)) return error instanceof Error ? error.message : String(error);
    // `commandResult` is private in the SDK's types but set on every CommandError (automation/errors.ts); the
    // message is only its toString().
    const result = (error as unknown as { commandResult: CommandOutput }).commandResult;
    const lines = (text: string) =>
        text
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l.length > 0);
    const stderr = lines(result.stderr ?? "");
    const errorLines = stderr.filter((l) => /^error: /i.test(l));
    const specific = errorLines.find((l) => !GENERIC_FAILURE.test(l));
    const chosen =
        specific ??
        diagnostics.map((d) => lines(d.message)[0]).find((l) => l !== undefined) ??
        errorLines[0] ??
        stderr[0] ??
        lines(result.stdout ?? "").find((l) => /^error: /i.test(l)) ??
        (result.err?.message ? lines(result.err.message)[0] : undefined) ??
        `the pulumi CLI exited with code ${result.code}`;
    return chosen.replace(/^error: /i, "");
}

/**
 * The part of the Automation API the runner uses, so tests can replace it. Each operation resolves with what the
 * engine reported, or rejects with {@link OperationFailed}.
 */
export interface StackEngine {
    preview(options: PolicyOptions): Promise<OperationReport>;
    up(options: PolicyOptions): Promise<OperationReport>;
    /** A refresh in preview mode that expects no changes. */
    previewRefresh(options: OperationOptions): Promise<OperationReport>;
    destroy(options: OperationOptions): Promise<OperationReport>;
    outputs(): Promise<Record<string, StackOutput>>;
    /** The stack's own config, which the operations act on (not a `--config` file). */
    config(): Promise<EngineConfig>;
    /** The resources of the deployed state; none for a stack never deployed. */
    resources(): Promise<DeployedResource[]>;
}

/**
 * Opens a stack of this project; `PulumiStackEngine.open` is the real one. `create` makes a missing stack
 * (preview and up); the other commands only select an existing one.
 */
export type EngineFactory = (stackName: string, options: { create: boolean }) => Promise<StackEngine>;

/** The project directory the Automation API runs the program in. */
export const PROJECT_DIR = path.resolve(__dirname, "..");

/** Collects the steps and policy events an operation streams. */
export function eventCollector(): { report: OperationReport; onEvent: (event: EngineEvent) => void } {
    const report: OperationReport = { changes: [], violations: [] };
    const onEvent = (event: EngineEvent) => {
        const step = event.resourcePreEvent?.metadata ?? event.resOutputsEvent?.metadata;
        if (step) {
            // A step may be reported by a pre and an outputs event (a refresh's diffs come with the outputs):
            // the last report of a resource wins.
            const change = { op: step.op, urn: step.urn, type: step.type, diffs: step.diffs ?? [] };
            const index = report.changes.findIndex((c) => c.urn === step.urn);
            if (index >= 0) report.changes[index] = change;
            else report.changes.push(change);
        }
        const diagnostic = event.diagnosticEvent;
        if (diagnostic?.severity === "error") {
            (report.errors ??= []).push({ message: diagnostic.message.trim(), urn: diagnostic.urn || undefined });
        }
        const policy = event.policyEvent;
        if (policy) {
            report.violations.push({
                policy: policy.policyName,
                level: policy.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
                message: policy.message,
                urn: policy.resourceUrn,
            });
        }
    };
    return { report, onEvent };
}

/** Runs an operation with event collection, turning a failure into {@link OperationFailed}. */
async function collecting(run: (onEvent: (event: EngineEvent) => void) => Promise<unknown>): Promise<OperationReport> {
    const { report, onEvent } = eventCollector();
    try {
        await run(onEvent);
    } catch (error) {
        throw new OperationFailed(engineErrorLine(error, report.errors), report, { cause: error });
    }
    return report;
}

/** The Automation API over this project directory (`LocalWorkspace`), through the installed `pulumi` CLI. */
export class PulumiStackEngine implements StackEngine {
    private constructor(private readonly stack: Stack) {}

    /**
     * Selects the stack, or creates it when `create` is set and it does not exist yet. Throws the Automation
     * API's `CommandError` when the CLI is missing, cannot reach its backend, or the stack does not exist.
     */
    static async open(stackName: string, options: { create: boolean }): Promise<StackEngine> {
        // Type errors are `npm test`'s job; skipping the check saves tens of seconds per run.
        const workspace = { envVars: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } };
        const args = { stackName, workDir: PROJECT_DIR };
        const stack = options.create
            ? await LocalWorkspace.createOrSelectStack(args, workspace)
            : await LocalWorkspace.selectStack(args, workspace);
        return new PulumiStackEngine(stack);
    }

    preview(options: PolicyOptions): Promise<OperationReport> {
        return collecting((onEvent) => this.stack.preview({ ...policyArgs(options), ...streams(options), onEvent }));
    }

    up(options: PolicyOptions): Promise<OperationReport> {
        return collecting((onEvent) => this.stack.up({ ...policyArgs(options), ...streams(options), onEvent }));
    }

    previewRefresh(options: OperationOptions): Promise<OperationReport> {
        return collecting((onEvent) =>
            this.stack.previewRefresh({ expectNoChanges: true, color: "never", ...streams(options), onEvent }),
        );
    }

    destroy(options: OperationOptions): Promise<OperationReport> {
        return collecting((onEvent) =>
            this.stack.destroy({ color: "never", suppressOutputs: true, ...streams(options), onEvent }),
        );
    }

    outputs(): Promise<Record<string, StackOutput>> {
        return this.stack.outputs();
    }

    async config(): Promise<EngineConfig> {
        const all = await this.stack.getAllConfig();
        return Object.fromEntries(
            Object.entries(all).map(([key, entry]) => [key, { value: entry.value, secret: entry.secret ?? false }]),
        );
    }

    async resources(): Promise<DeployedResource[]> {
        const exported = await this.stack.exportStack();
        return deployedResources(exported.deployment);
    }
}

/** The CLI's stdout and stderr, streamed to the runner's. */
function streams(options: OperationOptions) {
    return { onOutput: options.onOutput, onError: options.onError };
}

function policyArgs(options: PolicyOptions) {
    return {
        color: "never" as const,
        suppressOutputs: !options.showOutputs,
        policyPacks: options.policyPacks,
        policyPackConfigs: options.policyPackConfigs,
    };
}

/** The resources of an exported deployment (`pulumi stack export`'s `deployment`). */
export function deployedResources(deployment: unknown): DeployedResource[] {
    const resources = (deployment as { resources?: Record<string, unknown>[] } | undefined)?.resources ?? [];
    return resources.map((r) => ({
        urn: String(r.urn),
        type: String(r.type),
        protect: r.protect === true,
        retainOnDelete: r.retainOnDelete === true,
        outputs: (r.outputs as Record<string, unknown> | undefined) ?? {},
    }));
}

/** True for the Automation API's error when it cannot run the `pulumi` CLI at all. */
export function isMissingCli(error: unknown): boolean {
    const text = error instanceof CommandError || error instanceof Error ? error.message : String(error);
    return /ENOENT/.test(text) && /pulumi/.test(text);
}
