import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { ROOT } from "../helpers";

/** Runs `npm run stack` as CI would, on a PATH that has node but no `pulumi`. */
function stack(...args: string[]) {
    const result = spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", path.join(ROOT, "automation", "cli.ts"), ...args],
        {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, PATH: path.dirname(process.execPath), GITHUB_STEP_SUMMARY: "" },
        },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run stack (command line)", function () {
    this.timeout(60_000);

    it("reports a missing pulumi CLI as one clear line and exits 1", () => {
        const { code, stderr } = stack("preview", "--stack", "dev");
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(stderr.trim().split("\n"), [
            "error: the `pulumi` CLI is not installed or not on PATH: install it (https://www.pulumi.com/docs/install/, or pulumi/actions in CI); this runner installs nothing itself",
        ]);
    });

    it("refuses up on a production stack without --yes", () => {
        const { code, stderr } = stack("up", "--stack", "prod");
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
            const { code, stderr } = stack(...args);
            assert.strictEqual(code, 2, args.join(" "));
            assert.match(stderr, /usage: npm run stack -- <preview\|up\|drift\|verify\|destroy>/);
        }
    });
});
