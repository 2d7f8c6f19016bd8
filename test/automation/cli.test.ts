import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
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
    this.timeout(60_000);

    it("reports a missing pulumi CLI as one clear line and exits 1", () => {
        const { code, stderr } = stack(["preview", "--stack", "dev"]);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(stderr.trim().split("\n"), [
            "error: the `pulumi` CLI is not installed or not on PATH: install it (https://www.pulumi.com/docs/install/, or pulumi/actions in CI); this runner installs nothing itself",
        ]);
    });

    it("refuses up on a production stack without --yes", () => {
        const { code, stderr } = stack(["up", "--stack", "prod", "--config", prodStackFileWithSecrets()]);
        assert.strictEqual(code, 1);
        assert.match(stderr, /production stack .* needs --yes/);
    });

    it("explains its usage for an unknown command or a bad option", () => {
        for (const args of [
            ["bogus", "--stack", "dev"],
            ["preview"],
            ["verify", "--stack", "dev", "--threshold", "150"],
            ["preview", "--nope"],
        ]) {
            const { code, stderr } = stack(args);
            assert.strictEqual(code, 2, args.join(" "));
            assert.match(stderr, /usage: npm run stack -- <preview\|up\|drift\|verify\|destroy>/);
        }
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
});
