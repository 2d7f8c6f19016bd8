import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CommanderError } from "commander";
import { CliError, EXIT } from "../../cli/exitCodes";
import { listStacks, newProgram, numberArgument, resolveStackFile } from "../../cli/program";
import { describeFailure } from "../../cli/run";

/** Parses `argv` with a fresh program; returns the error commander threw (or undefined) and what it printed. */
function parse(argv: string[]): { error?: CommanderError; stderr: string; threshold?: number } {
    let stderr = "";
    const program = newProgram("npm run tool --", "a test tool")
        .option("--stack <name>", "stack")
        .option("--threshold <percent>", "score", numberArgument({ min: 0, max: 100 }), 80)
        .configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stderr += s) })
        .action(() => undefined);
    try {
        program.parse(argv, { from: "user" });
        return { stderr, threshold: program.opts<{ threshold: number }>().threshold };
    } catch (error) {
        return { error: error as CommanderError, stderr };
    }
}

describe("cli helpers", () => {
    it("suggests the closest option for a typo and points at --help, as a usage error", () => {
        const { error, stderr } = parse(["--stak", "dev"]);
        assert.ok(error instanceof CommanderError);
        assert.match(stderr, /unknown option '--stak'/);
        assert.match(stderr, /Did you mean --stack\?/);
        assert.match(stderr, /run `npm run tool -- --help` for usage/);
        assert.doesNotMatch(stderr, /place it at the end of the command after '--'/);
        assert.equal(describeFailure(error).code, EXIT.usage);
    });

    it("--help is exit 0", () => {
        const { error, stderr } = parse(["--help"]);
        assert.match(stderr, /Usage: npm run tool -- \[options\]/);
        assert.equal(describeFailure(error).code, EXIT.ok);
    });

    it("validates numbers: bounds, integers, and text that is no number", () => {
        assert.equal(parse(["--threshold", "42.5"]).threshold, 42.5);
        assert.equal(parse([]).threshold, 80);
        for (const bad of ["abc", "", "101", "-1", "1e400", "NaN"]) {
            const { error, stderr } = parse(["--threshold", bad]);
            assert.ok(error, `--threshold ${JSON.stringify(bad)} was accepted`);
            assert.match(stderr, /expected a number from 0 to 100/);
        }
        const minutes = numberArgument({ min: 1, integer: true });
        assert.equal(minutes("20"), 20);
        assert.throws(() => minutes("2.5"), /expected an integer of at least 1/);
    });

    describe("stack files", () => {
        let dir: string;
        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-stacks-"));
            for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yaml", "README.md"]) {
                fs.writeFileSync(path.join(dir, f), "");
            }
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("lists the stacks of a project", () => assert.deepEqual(listStacks(dir), ["dev", "prod"]));

        it("an unknown stack is a usage error that lists the stacks that exist", () => {
            assert.equal(resolveStackFile(dir, "dev"), path.join(dir, "Pulumi.dev.yaml"));
            assert.throws(
                () => resolveStackFile(dir, "staging"),
                (e: unknown) =>
                    e instanceof CliError &&
                    e.exitCode === EXIT.usage &&
                    /unknown stack "staging".*the stacks are: dev, prod/.test(e.message),
            );
        });

        it("--config must name an existing file", () => {
            assert.equal(resolveStackFile(dir, "x", path.join(dir, "README.md")), path.join(dir, "README.md"));
            assert.throws(() => resolveStackFile(dir, "x", path.join(dir, "nope.yaml")), /no such file/);
            assert.throws(() => resolveStackFile(dir, "x", dir), /is a directory/);
        });
    });

    it("reports errors as one line with their exit code; only a bug shows a stack", () => {
        assert.deepEqual(describeFailure(new CliError("production needs --yes", EXIT.refused)), {
            message: "error: production needs --yes",
            code: EXIT.refused,
        });
        assert.deepEqual(describeFailure(new pulumi.RunError("clusters: required")), {
            message: "clusters: required",
            code: EXIT.invalidConfig,
        });
        const eacces = Object.assign(new Error("EACCES: permission denied, open '/x'"), {
            code: "EACCES",
            syscall: "open",
        });
        assert.deepEqual(describeFailure(eacces), { message: "error: EACCES: permission denied, open '/x'", code: 1 });
        const bug = describeFailure(new TypeError("x is undefined"));
        assert.equal(bug.code, EXIT.failed);
        assert.match(bug.message, /^TypeError: x is undefined\n\s+at /);
    });
});
