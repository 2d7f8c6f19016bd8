import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXIT } from "../../cli/exitCodes";
import { ROOT, runScript, runScriptWith } from "../helpers";

/** Every tool's entry point, as package.json's scripts run them. */
const TOOLS: Record<string, string> = {
    render: "render/cli.ts",
    policy: "render/policyCli.ts",
    layout: "scripts/layout.ts",
    "docs:config": "scripts/config-docs.ts",
    "docs:policies": "scripts/policy-docs.ts",
};

const STACK_TOOLS = ["render", "policy", "layout"];
/** `--out <dir>` for the tools that write files, so a test never writes into the project. */
const outArgs = (tool: string, dir: string) => (tool === "policy" ? [] : ["--out", dir]);
const NO_STACK_TRACE = /^\s+at .*\(.*:\d+:\d+\)$/m;

describe("the tools' command lines (run as processes)", function () {
    this.timeout(120_000);
    let tmp: string;
    beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tools-cli-"))));
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    for (const [name, script] of Object.entries(TOOLS)) {
        it(`${name}: --help prints its usage and exits 0`, () => {
            const { code, stdout } = runScript(script, "--help");
            assert.equal(code, EXIT.ok);
            assert.match(stdout, new RegExp(`^Usage: npm run ${name} -- \\[options\\]`, "m"));
        });

        it(`${name}: an unknown option names the closest one and exits 2, without Node's '--' hint`, () => {
            const { code, stderr } = runScript(script, "--hepl");
            assert.equal(code, EXIT.usage);
            assert.match(stderr, /error: unknown option '--hepl'\n\(Did you mean --help\?\)/);
            assert.match(stderr, new RegExp(`run \`npm run ${name} -- --help\` for usage`));
            assert.doesNotMatch(stderr, /place it at the end of the command after '--'/);
            assert.doesNotMatch(stderr, NO_STACK_TRACE);
        });
    }

    it("docs:config -- --help does not rewrite the docs", () => {
        const file = path.join(ROOT, "docs", "configuration.md");
        const before = fs.statSync(file).mtimeMs;
        const text = fs.readFileSync(file, "utf8");
        assert.equal(runScript(TOOLS["docs:config"], "--help").code, EXIT.ok);
        assert.equal(fs.statSync(file).mtimeMs, before);
        assert.equal(fs.readFileSync(file, "utf8"), text);
        assert.equal(runScript(TOOLS["docs:config"], "extra").code, EXIT.usage);
    });

    for (const name of STACK_TOOLS) {
        it(`${name}: a misspelled option is named with its suggestion (not hidden by the missing --stack)`, () => {
            const { code, stderr } = runScript(TOOLS[name], "--stak", "dev");
            assert.equal(code, EXIT.usage);
            assert.match(stderr, /unknown option '--stak'\n\(Did you mean --stack\?\)/);
        });

        it(`${name}: an unknown stack lists the stacks that exist, exit 2`, () => {
            const { code, stderr } = runScript(TOOLS[name], "--stack", "prdo", ...outArgs(name, tmp));
            assert.equal(code, EXIT.usage, stderr);
            assert.match(
                stderr,
                /unknown stack "prdo": there is no Pulumi\.prdo\.yaml; the stacks are: dev, dev-gke, local, prod/,
            );
            assert.doesNotMatch(stderr, /ENOENT/);
        });

        it(`${name}: a --config file that does not exist is a usage error`, () => {
            const { code, stderr } = runScript(TOOLS[name], "--stack", "x", "--config", path.join(tmp, "nope.yaml"));
            assert.equal(code, EXIT.usage);
            assert.match(stderr, /--config .*nope\.yaml: no such file/);
            assert.doesNotMatch(stderr, NO_STACK_TRACE);
        });

        it(`${name}: a stack file that is not YAML with a config map is invalid config, exit 3`, () => {
            const file = path.join(tmp, "Pulumi.x.yaml");
            fs.writeFileSync(file, "just: [text\n");
            const args = ["--stack", "x", "--config", file, ...outArgs(name, path.join(tmp, "o"))];
            const { code, stderr } = runScript(TOOLS[name], ...args);
            assert.equal(code, EXIT.invalidConfig, stderr);
            assert.match(stderr, /Pulumi\.x\.yaml:\d+:\d+: invalid YAML: /);
            assert.doesNotMatch(stderr, NO_STACK_TRACE);
        });
    }

    it("layout: an output path that is a file is a usage error, without a stack trace", () => {
        const file = path.join(tmp, "file");
        fs.writeFileSync(file, "keep me");
        const { code, stderr } = runScript(TOOLS.layout, "--stack", "dev", "--out", file);
        assert.equal(code, EXIT.usage);
        assert.match(stderr, /--out .*file: is a file, not a directory/);
        assert.equal(fs.readFileSync(file, "utf8"), "keep me");
    });

    it("layout: a path it may not write (EACCES) is one line, exit 1", function () {
        // Root may write anywhere: then run the tool as nobody (only root may set a child's uid). That user must
        // be able to run this node and the tool from the checkout (CI's node may sit under root's private home,
        // a clone under a private directory): skip unless `--help` works for it.
        const uid = process.getuid?.() === 0 ? 65534 : undefined;
        if (uid !== undefined && runScriptWith({ uid }, TOOLS.layout, "--help").code !== 0) this.skip();
        const locked = path.join(tmp, "locked");
        fs.mkdirSync(locked);
        fs.chmodSync(locked, 0o555);
        fs.chmodSync(tmp, 0o755);
        const result = runScriptWith({ uid }, TOOLS.layout, "--stack", "dev", "--out", path.join(locked, "x"));
        assert.equal(result.code, EXIT.failed, result.stderr);
        assert.match(result.stderr, /^error: EACCES: permission denied, mkdir '.*locked\/x'$/m);
        assert.doesNotMatch(result.stderr, NO_STACK_TRACE);
    });
});
