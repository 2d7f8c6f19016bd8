import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineConfig } from "../../automation/engine";
import { PROJECT_NAME } from "../../config/load";
import { readStackFile } from "../../config/stackFile";
import { withOfflineSecretStandIns } from "../../render/offlineSecrets";
import { ROOT } from "../helpers";

/** A stack file as `pulumi config --show-secrets --json` reports it (secure values as their stand-in); none if absent. */
export function engineConfigOf(file: string): EngineConfig {
    if (!fs.existsSync(file)) return {};
    // The deployed stack has its secrets set (`pulumi config set --secret`), which the committed files lack.
    const { config, secretKeys } = withOfflineSecretStandIns(readStackFile(file, PROJECT_NAME)).stackConfig;
    return Object.fromEntries(
        Object.entries(config).map(([key, value]) => [key, { value, secret: secretKeys.includes(key) }]),
    );
}

/** What the fake CLI answers for one operation (`preview`, `up`, `refresh`, `destroy`). */
export interface FakeOperation {
    /** Engine events written, one JSON object per line, to the `--event-log` file. */
    events: object[];
    stdout?: string;
    stderr?: string;
    exitCode?: number;
}

/** The whole script of the fake CLI. */
export interface FakeScenario {
    /** Stacks that exist; `stack select` of another fails as the CLI does, `stack init` adds it. */
    stacks: string[];
    operations: Partial<Record<"preview" | "up" | "refresh" | "destroy", FakeOperation>>;
    /** `stack output --json` (secrets masked) and with `--show-secrets`. */
    outputs?: { masked: Record<string, unknown>; plain: Record<string, unknown> };
    /** `config --json` per stack; by default each stack's `Pulumi.<stack>.yaml` of the project. */
    config?: Record<string, EngineConfig>;
    /** `stack export`'s `deployment` (the state); by default none (never deployed). */
    deployment?: object;
}

/** One recorded call of the fake CLI. */
export interface FakeCall {
    args: string[];
    transpileOnly?: string;
}

// The fake reports 3.205.0: the last version whose Automation API reads engine events from a JSON-lines file
// (newer ones stream the same events over gRPC), so the fake can write them.
const SCRIPT = `
const fs = require("fs");
const args = process.argv.slice(2);
const scenarioFile = process.env.FAKE_PULUMI_SCENARIO;
const scenario = JSON.parse(fs.readFileSync(scenarioFile, "utf8"));
fs.appendFileSync(process.env.FAKE_PULUMI_LOG, JSON.stringify({ args, transpileOnly: process.env.PULUMI_NODEJS_TRANSPILE_ONLY }) + "\\n");
const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const done = (code, out, err) => { if (out) process.stdout.write(out); if (err) process.stderr.write(err); setTimeout(() => process.exit(code), 600); };
if (args[0] === "version") { process.stdout.write("v3.205.0\\n"); process.exit(0); }
if (args[0] === "stack" && args[1] === "select") {
    const stack = flag("--stack");
    if (scenario.stacks.includes(stack)) done(0);
    else done(255, "", "error: no stack named '" + stack + "' found\\n");
} else if (args[0] === "stack" && args[1] === "init") {
    scenario.stacks.push(args[2]);
    fs.writeFileSync(scenarioFile, JSON.stringify(scenario));
    done(0);
} else if (args[0] === "config" && args.includes("--json")) {
    done(0, JSON.stringify((scenario.config || {})[flag("--stack")] || {}));
} else if (args[0] === "stack" && args[1] === "export") {
    done(0, JSON.stringify({ version: 3, deployment: scenario.deployment || { manifest: {}, resources: [] } }));
} else if (args[0] === "stack" && args[1] === "output") {
    const outputs = scenario.outputs || { masked: {}, plain: {} };
    done(0, JSON.stringify(args.includes("--show-secrets") ? outputs.plain : outputs.masked));
} else if (["preview", "up", "refresh", "destroy"].includes(args[0])) {
    const op = scenario.operations[args[0]] || { events: [] };
    const log = flag("--event-log");
    if (log) fs.writeFileSync(log, op.events.map((e) => JSON.stringify(e)).join("\\n") + (op.events.length ? "\\n" : ""));
    done(op.exitCode || 0, op.stdout || "", op.stderr || "");
} else {
    done(0);
}
`;

/** A fake `pulumi` executable in its own directory, driven by a scenario file, recording every call. */
export class FakePulumiCli {
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
    private readonly scenarioFile = path.join(this.dir, "scenario.json");
    private readonly logFile = path.join(this.dir, "calls.jsonl");
    private saved: Record<string, string | undefined> = {};

    constructor(scenario: FakeScenario) {
        const executable = path.join(this.dir, "pulumi");
        fs.writeFileSync(executable, `#!${process.execPath}\n${SCRIPT}`, { mode: 0o755 });
        const config = {
            ...Object.fromEntries(
                scenario.stacks.map((stack) => [stack, engineConfigOf(path.join(ROOT, `Pulumi.${stack}.yaml`))]),
            ),
            ...scenario.config,
        };
        fs.writeFileSync(this.scenarioFile, JSON.stringify({ ...scenario, config }));
        fs.writeFileSync(this.logFile, "");
    }

    /** Puts the fake first on PATH for this process (the Automation API spawns `pulumi` from PATH). */
    install(): void {
        this.saved = {
            PATH: process.env.PATH,
            FAKE_PULUMI_SCENARIO: process.env.FAKE_PULUMI_SCENARIO,
            FAKE_PULUMI_LOG: process.env.FAKE_PULUMI_LOG,
        };
        process.env.PATH = `${this.dir}${path.delimiter}${process.env.PATH}`;
        process.env.FAKE_PULUMI_SCENARIO = this.scenarioFile;
        process.env.FAKE_PULUMI_LOG = this.logFile;
    }

    uninstall(): void {
        for (const [key, value] of Object.entries(this.saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    }

    /** Every call so far, in order. */
    calls(): FakeCall[] {
        return fs
            .readFileSync(this.logFile, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((line) => JSON.parse(line) as FakeCall);
    }
}
