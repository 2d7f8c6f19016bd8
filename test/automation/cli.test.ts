import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXIT } from "../../cli/exitCodes";
import { stackProgram } from "../../automation/cli";
import { COMMANDS } from "../../automation/commands";
import { describeFailure } from "../../cli/run";
import { ROOT, prodStackFileWithSecrets } from "../helpers";
import { FakePulumiCli } from "./fakePulumiCli";

/** Runs `npm run stack` as CI would, on a PATH that has node and, when given, a fake `pulumi` but no real one. */
function stack(args: string[], extraEnv: Record<string, string> = {}, fakeCliDir?: string) {
    const PATH = [fakeCliDir, path.dirname(process.execPath)].filter(Boolean).join(path.delimiter);
    const result = spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", path.join(ROOT, "automation", "cli.ts"), ...args],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, GITHUB_STEP_SUMMARY: "", ...extraEnv, PATH } },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run stack (command line)", function () {
    // Each case starts Node with ts-node; on a loaded machine that is several seconds each.
    this.timeout(180_000);

    it("reports a missing pulumi CLI as one clear line and exits 1", () => {
        const { code, stderr } = stack(["preview", "--stack", "dev"]);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(stderr.trim().split("\n"), [
            "error: the `pulumi` CLI is not installed or not on PATH: install it (https://www.pulumi.com/docs/install/, or pulumi/actions in CI); this runner installs nothing itself",
        ]);
    });

    it("refuses up on a production stack without --yes (exit 5, refused)", () => {
        const { code, stderr } = stack(["up", "--stack", "prod", "--config", prodStackFileWithSecrets()]);
        assert.strictEqual(code, EXIT.refused);
        assert.match(stderr, /production stack .* needs --yes/);
    });

    /** Parses a command line in this process, as runMain would report it; only for lines that stop at parsing. */
    async function parsed(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
        let stdout = "";
        let stderr = "";
        const program = stackProgram({ writeOut: (t) => (stdout += t), writeErr: (t) => (stderr += t) });
        try {
            await program.parseAsync(args, { from: "user" });
            return assert.fail(`${args.join(" ")} was accepted`);
        } catch (error) {
            const { message, code } = describeFailure(error);
            return { code, stdout, stderr: stderr + message };
        }
    }

    it("answers --help on the program and on every command, exit 0", async () => {
        const top = stack(["--help"]);
        assert.strictEqual(top.code, EXIT.ok, top.stderr);
        for (const command of COMMANDS) assert.match(top.stdout, new RegExp(`^  ${command}\\b`, "m"));
        const flags: Record<string, string[]> = {
            preview: ["--stack", "--config", "--policy-config"],
            up: ["--stack", "--policy-config", "--yes", "--show-identities"],
            drift: ["--stack", "--config"],
            verify: ["--stack", "--threshold"],
            destroy: ["--stack", "--yes", "--timeout", "--force", "--teardown-only"],
        };
        for (const command of COMMANDS) {
            const { code, stdout, stderr } = await parsed([command, "--help"]);
            assert.strictEqual(code, EXIT.ok, `${command} --help: ${stderr}`);
            assert.match(stdout, new RegExp(`Usage: npm run stack -- ${command} \\[options\\]`));
            for (const flag of flags[command]) assert.ok(stdout.includes(flag), `${command} --help lists ${flag}`);
        }
    });

    it("usage errors exit 2 with one message and no stack trace; a typo names the closest match", async () => {
        const cases: [string[], RegExp][] = [
            [["bogus", "--stack", "dev"], /unknown command 'bogus'/],
            [["previwe", "--stack", "dev"], /Did you mean preview\?/],
            [["preview"], /--stack <name> is required/],
            [["preview", "--nope"], /unknown option '--nope'/],
            [["preview", "--stak", "dev"], /Did you mean --stack\?/],
            [["verify", "--stack", "dev", "--threshold", "150"], /expected a number from 0 to 100/],
            [["verify", "--stack", "dev", "--threshold", "abc"], /expected a number from 0 to 100/],
            [["destroy", "--stack", "dev", "--timeout", "0"], /expected a number from 1 to 1440/],
            [["verify", "--stack", "dev", "--yes"], /unknown option '--yes'/],
            [[], /Usage: npm run stack --/],
        ];
        for (const [args, message] of cases) {
            const { code, stderr } = await parsed(args);
            assert.strictEqual(code, EXIT.usage, `${args.join(" ")}: ${stderr}`);
            assert.match(stderr, message, args.join(" "));
            assert.doesNotMatch(stderr, /\n\s+at /, `${args.join(" ")}: no stack trace`);
        }
        // The same through the real process, for the cases that reach it.
        for (const [args, message] of [
            [["verify", "--stack", "dev", "--threshold="], /expected a number from 0 to 100/],
            [["destroy", "--stack", "dev", "--timeout", "Infinity"], /expected a number from 1 to 1440/],
            [["preview", "--stack", "prdo"], /unknown stack "prdo".*the stacks are: dev, dev-gke, local, prod/],
        ] as [string[], RegExp][]) {
            const { code, stderr } = stack(args);
            assert.strictEqual(code, EXIT.usage, `${args.join(" ")}: ${stderr}`);
            assert.match(stderr, message, args.join(" "));
            assert.doesNotMatch(stderr, /\n\s+at /, `${args.join(" ")}: no stack trace`);
        }
    });

    it("a --policy-config that is not JSON is a usage error named in one line, before the engine", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pack-")), "pack.json");
        fs.writeFileSync(file, "{ not json");
        const { code, stderr } = stack(["preview", "--stack", "dev", "--policy-config", file]);
        assert.strictEqual(code, EXIT.usage);
        assert.deepStrictEqual(stderr.trim().split("\n").length, 1, stderr);
        assert.match(stderr, /^error: --policy-config .*pack\.json: not JSON/);
        const missing = stack(["preview", "--stack", "dev", "--policy-config", `${file}.nope`]);
        assert.strictEqual(missing.code, EXIT.usage);
        assert.match(missing.stderr, /ENOENT/);
        assert.doesNotMatch(missing.stderr, /\n\s+at /);
    });

    it("a stack file with invalid config exits 3 (invalid config), naming the key", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bad-")), "Pulumi.bad.yaml");
        fs.writeFileSync(file, "config:\n  gitops-platform:environment: qa\n");
        const { code, stderr } = stack(["preview", "--stack", "bad", "--config", file]);
        assert.strictEqual(code, EXIT.invalidConfig, stderr);
        assert.match(stderr, /environment/);
    });

    it("previews through the Automation API and writes the step summary; a mandatory violation exits 1", () => {
        const cli = new FakePulumiCli({
            stacks: ["prod"],
            operations: {
                preview: {
                    events: [
                        {
                            sequence: 1,
                            timestamp: 0,
                            policyEvent: {
                                resourceUrn:
                                    "urn:pulumi:prod::gitops-platform::kubernetes:helm.sh/v3:Release::prod-eks-argocd-release",
                                message: "`redis-ha.enabled` is not true.",
                                color: "never",
                                policyName: "argocd-high-availability",
                                policyPackName: "gitops-platform",
                                policyPackVersion: "0.1.0",
                                policyPackVersionTag: "0.1.0",
                                enforcementLevel: "mandatory",
                            },
                        },
                    ],
                    stderr: "error: preview failed\n",
                    exitCode: 255,
                },
            },
        });
        const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "step-summary-")), "summary.md");
        const { code, stdout } = stack(
            ["preview", "--stack", "prod", "--config", prodStackFileWithSecrets()],
            {
                FAKE_PULUMI_SCENARIO: path.join(cli.dir, "scenario.json"),
                FAKE_PULUMI_LOG: path.join(cli.dir, "calls.jsonl"),
                GITHUB_STEP_SUMMARY: summaryFile,
            },
            cli.dir,
        );
        assert.strictEqual(code, 1, stdout);
        const summary = fs.readFileSync(summaryFile, "utf8");
        assert.match(summary, /## `pulumi preview` of stack `prod`: failed/);
        assert.match(summary, /\| mandatory \| argocd-high-availability \| prod-eks \| prod-eks-argocd-release \|/);
        const preview = cli.calls().find((c) => c.args[0] === "preview")!;
        assert.ok(preview.args.includes("--policy-pack"));
    });

    it("shows the engine's stderr as it streams and ends with its error line, not `error: stdout:`", () => {
        const decrypt = "error: failed to decrypt encrypted configuration value 'gitops-platform:ssoClientSecret'";
        const cli = new FakePulumiCli({
            stacks: ["dev"],
            operations: { preview: { events: [], stderr: `${decrypt}\n`, exitCode: 255 } },
        });
        const { code, stderr } = stack(
            ["preview", "--stack", "dev"],
            {
                FAKE_PULUMI_SCENARIO: path.join(cli.dir, "scenario.json"),
                FAKE_PULUMI_LOG: path.join(cli.dir, "calls.jsonl"),
            },
            cli.dir,
        );
        assert.strictEqual(code, EXIT.failed);
        assert.doesNotMatch(stderr, /stdout:/);
        assert.deepStrictEqual(stderr.trim().split("\n"), [decrypt, decrypt], "streamed, then the runner's verdict");
    });

    it("destroy --stack prod --config Pulumi.dev.yaml: refused (5) after reading the stack's config, no destroy", () => {
        const cli = new FakePulumiCli({ stacks: ["prod"], operations: {} });
        const { code, stderr } = stack(
            ["destroy", "--stack", "prod", "--config", "Pulumi.dev.yaml"],
            {
                FAKE_PULUMI_SCENARIO: path.join(cli.dir, "scenario.json"),
                FAKE_PULUMI_LOG: path.join(cli.dir, "calls.jsonl"),
            },
            cli.dir,
        );
        assert.strictEqual(code, EXIT.refused, stderr);
        assert.match(stderr, /Pulumi\.dev\.yaml does not match stack prod's own config/);
        const commands = cli.calls().map((c) => c.args.slice(0, 2).join(" "));
        assert.ok(commands.includes("config --show-secrets"), commands.join("; "));
        assert.ok(!commands.some((c) => /^(destroy|stack output|stack export)/.test(c)), commands.join("; "));
    });
});
