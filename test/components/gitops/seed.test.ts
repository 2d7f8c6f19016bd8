import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { addonApplicationSets } from "../../../components/addons";
import { readTree, renderStack, runScript } from "../../helpers";

const layout = (...args: string[]) => runScript("scripts/layout.ts", ...args);

describe("npm run layout", () => {
    let tmp: string;
    beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "layout-"))));
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("writes exactly the files seeding commits", async () => {
        const seeded = (await renderStack("prod")).ofType("github:index/repositoryFile:RepositoryFile");
        assert.ok(seeded.length > 0);
        assert.equal(layout("--stack", "prod", "--out", tmp).code, 0);
        const written = readTree(tmp);
        assert.deepEqual([...written.keys()].sort(), seeded.map((f) => f.inputs.file as string).sort());
        for (const file of seeded)
            assert.equal(written.get(file.inputs.file as string), file.inputs.content, file.inputs.file as string);
    });

    it("writes the layout of a stack whose repository Pulumi does not seed (local)", () => {
        const { code, stdout } = layout("--stack", "local", "--out", tmp);
        assert.equal(code, 0);
        // Nine files of the base layout, the three of charts/platform-objects, one ApplicationSet per add-on
        // and cloud.
        const files = 9 + 3 + Object.keys(addonApplicationSets()).length;
        assert.match(stdout, new RegExp(`wrote ${files} files`));
        assert.ok(fs.existsSync(path.join(tmp, "bootstrap", "addons", "cert-manager-aws.yaml")));
        assert.ok(fs.existsSync(path.join(tmp, "bootstrap", "argocd.yaml")));
        assert.ok(fs.existsSync(path.join(tmp, "environments", "dev", "argocd", "values.yaml")));
    });

    it("rejects an invalid config like the program does", () => {
        const file = path.join(tmp, "bad.yaml");
        fs.writeFileSync(file, "config:\n  gitops-platform:environment: qa\n");
        const { code, stderr } = layout("--stack", "bad", "--config", file, "--out", path.join(tmp, "out"));
        assert.equal(code, 3, "invalid config (docs/cli.md)");
        assert.match(stderr, /gitops-platform:environment: given "qa"/);
        assert.ok(!fs.existsSync(path.join(tmp, "out")));
    });
});
