import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readTree, runScript } from "../helpers";

const render = (...args: string[]) => runScript("render/cli.ts", ...args);

describe("npm run render", () => {
    let tmp: string;
    beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "render-cli-"))));
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("renders a stack to --out, prints one summary line per cluster and exits 0", () => {
        const out = path.join(tmp, "prod");
        const { code, stdout, stderr } = render("--stack", "prod", "--out", out);
        assert.equal(code, 0, stderr);
        assert.match(stdout, /^prod-eks: \d+ resources \(.*pulumi:providers:aws 1.*\)$/m);
        assert.match(stdout, /^prod-gke: \d+ resources \(.*pulumi:providers:gcp 1.*\)$/m);
        assert.ok(fs.existsSync(path.join(out, "resources.json")));
        const resources = JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8"));
        assert.ok(Array.isArray(resources) && resources.length > 0);
        for (const file of ["outputs.json", "diagram.md"]) assert.ok(fs.existsSync(path.join(out, file)), file);
        assert.match(fs.readFileSync(path.join(out, "diagram.md"), "utf8"), /```mermaid\nflowchart LR\n/);
    });

    it("writes byte-identical files on a second run", () => {
        const a = path.join(tmp, "a");
        const b = path.join(tmp, "b");
        assert.equal(render("--stack", "dev", "--out", a).code, 0);
        assert.equal(render("--stack", "dev", "--out", b).code, 0);
        assert.deepEqual(readTree(b), readTree(a));
    });

    it("reads --config files in stack-file format", () => {
        const file = path.join(tmp, "custom.yaml");
        fs.writeFileSync(
            file,
            [
                "config:",
                "  gitops-platform:environment: staging",
                "  gitops-platform:clusters:",
                "    - {name: kind-a, cloud: existing, context: kind-a}",
                "  gitops-platform:gitops: {url: 'file:///srv/git/platform.git'}",
            ].join("\n"),
        );
        const out = path.join(tmp, "custom");
        const { code, stdout, stderr } = render("--stack", "custom", "--config", file, "--out", out);
        assert.equal(code, 0, stderr);
        assert.match(stdout, /^kind-a: \d+ resources/m);
    });

    it("on invalid config prints every problem without a stack trace, writes nothing and exits 3", () => {
        const file = path.join(tmp, "bad.yaml");
        fs.writeFileSync(
            file,
            "config:\n  gitops-platform:environment: qa\n  gitops-platform:clusters: [{name: a, cloud: aws, region: mars}]\n  gitops-platform:gitops: {owner: acme, name: x}\n",
        );
        const out = path.join(tmp, "bad");
        const { code, stderr } = render("--stack", "bad", "--config", file, "--out", out);
        assert.equal(code, 3);
        assert.match(stderr, /gitops-platform:environment: given "qa"; allowed: "dev", "staging", "prod"/);
        assert.match(stderr, /gitops-platform:clusters\[0\]\.region: given "mars"/);
        assert.doesNotMatch(stderr, /^\s+at /m, "a user mistake must not print a stack trace");
        assert.ok(!fs.existsSync(out), "nothing may be written for an invalid config");
    });

    it("explains its usage when --stack is missing", () => {
        const { code, stderr } = render();
        assert.equal(code, 2);
        assert.match(stderr, /--stack <name> is required/);
    });
});
