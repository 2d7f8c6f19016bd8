import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError, EXIT } from "../../cli/exitCodes";
import { RENDER_MARKER, RenderedFile, outDirProblem, writeFiles } from "../../render/files";
import { readTree, runScriptWith } from "../helpers";

const files = (...paths: string[]): RenderedFile[] => paths.map((p) => ({ path: p, content: `content of ${p}\n` }));

describe("render --out: never deletes what the render did not write", () => {
    let tmp: string;
    beforeEach(() => (tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "render-out-")))));
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    const refuses = (dir: string, why: RegExp, cwd = tmp, home = path.join(tmp, "home")) => {
        const problem = outDirProblem(dir, cwd, home);
        assert.ok(problem, `${dir} was allowed`);
        assert.match(problem, why);
    };

    it("refuses /, the home directory, the current directory and its parents", () => {
        const cwd = path.join(tmp, "a", "b");
        fs.mkdirSync(cwd, { recursive: true });
        fs.mkdirSync(path.join(tmp, "home"));
        refuses("/", /root directory/, cwd);
        refuses(path.join(tmp, "home"), /home directory/, cwd);
        refuses(cwd, /current directory/, cwd);
        refuses(path.join(tmp, "a"), /current directory or one of its parents/, cwd);
        refuses(tmp, /current directory or one of its parents/, cwd);
        assert.equal(outDirProblem(path.join(cwd, "out"), cwd, path.join(tmp, "home")), undefined);
    });

    it("sees through symbolic links and relative paths to the current directory", () => {
        const cwd = path.join(tmp, "work");
        fs.mkdirSync(cwd);
        fs.symlinkSync(cwd, path.join(tmp, "link"));
        refuses(path.join(tmp, "link"), /current directory/, cwd);
        refuses(path.join(cwd, "sub", ".."), /current directory/, cwd);
    });

    it("refuses a repository, a file, and a non-empty directory without the render's marker", () => {
        fs.mkdirSync(path.join(tmp, "repo", ".git"), { recursive: true });
        refuses(path.join(tmp, "repo"), /Git repository/);
        fs.writeFileSync(path.join(tmp, "file"), "x");
        refuses(path.join(tmp, "file"), /is a file/);
        fs.mkdirSync(path.join(tmp, "mine"));
        fs.writeFileSync(path.join(tmp, "mine", "notes.txt"), "x");
        refuses(path.join(tmp, "mine"), /not empty and holds no \.gitops-platform-render\.json/);
        // A marker does not make a repository writable.
        fs.writeFileSync(
            path.join(tmp, "repo", RENDER_MARKER),
            JSON.stringify({ writtenBy: "gitops-platform render", files: [] }),
        );
        refuses(path.join(tmp, "repo"), /Git repository/);
    });

    it("writes to a new or empty directory and leaves its marker", () => {
        fs.mkdirSync(path.join(tmp, "empty"));
        for (const dir of ["new/deep", "empty"]) {
            writeFiles(path.join(tmp, dir), files("resources.json", "helm/a.values.yaml"));
            assert.deepEqual([...readTree(path.join(tmp, dir)).keys()].sort(), [
                RENDER_MARKER,
                "helm/a.values.yaml",
                "resources.json",
            ]);
        }
    });

    it("on a second render replaces the files it wrote and keeps everything else", () => {
        const out = path.join(tmp, "out");
        writeFiles(out, files("resources.json", "helm/a.values.yaml", "manifests/old.yaml"));
        fs.writeFileSync(path.join(out, "notes.txt"), "mine");
        fs.writeFileSync(path.join(out, "helm", "mine.yaml"), "mine");
        writeFiles(out, files("resources.json", "manifests/new.yaml"));
        const tree = readTree(out);
        assert.deepEqual([...tree.keys()].sort(), [
            RENDER_MARKER,
            "helm/mine.yaml",
            "manifests/new.yaml",
            "notes.txt",
            "resources.json",
        ]);
        assert.equal(tree.get("notes.txt"), "mine");
    });

    it("follows a marker only to files inside the directory, not through links or ..", () => {
        const outside = path.join(tmp, "outside.txt");
        fs.writeFileSync(outside, "precious");
        fs.mkdirSync(path.join(tmp, "elsewhere"));
        fs.writeFileSync(path.join(tmp, "elsewhere", "f"), "precious");
        const out = path.join(tmp, "out");
        writeFiles(out, files("resources.json"));
        fs.symlinkSync(path.join(tmp, "elsewhere"), path.join(out, "linked"));
        fs.writeFileSync(
            path.join(out, RENDER_MARKER),
            JSON.stringify({ writtenBy: "gitops-platform render", files: ["../outside.txt", outside, "linked/f"] }),
        );
        writeFiles(out, files("resources.json"));
        assert.equal(fs.readFileSync(outside, "utf8"), "precious");
        assert.equal(fs.readFileSync(path.join(tmp, "elsewhere", "f"), "utf8"), "precious");
    });

    it("refuses with a CliError whose code is `refused`", () => {
        fs.writeFileSync(path.join(tmp, "file"), "x");
        assert.throws(
            () => writeFiles(path.join(tmp, "file"), files("resources.json")),
            (e: unknown) => e instanceof CliError && e.exitCode === EXIT.refused && /is a file/.test(e.message),
        );
        assert.equal(fs.readFileSync(path.join(tmp, "file"), "utf8"), "x");
    });

    it("npm run render -- --out . in a checkout deletes nothing and exits 5", function () {
        this.timeout(120_000);
        const checkout = path.join(tmp, "checkout");
        fs.mkdirSync(path.join(checkout, ".git"), { recursive: true });
        fs.writeFileSync(path.join(checkout, "index.ts"), "keep");
        const before = readTree(checkout);
        for (const out of [".", checkout, "/"]) {
            const { code, stderr } = runScriptWith({ cwd: checkout }, "render/cli.ts", "--stack", "dev", "--out", out);
            assert.equal(code, EXIT.refused, stderr);
            assert.match(stderr, /^error: refusing to write the render to /m);
        }
        assert.deepEqual(readTree(checkout), before);
        assert.ok(fs.existsSync(path.join(checkout, ".git")));
    });
});
