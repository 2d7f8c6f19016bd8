import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../helpers";

/** Every test file under a directory, relative to the repository. */
function testFiles(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const relative = path.posix.join(dir, entry.name);
        if (entry.isDirectory()) return testFiles(relative);
        return entry.name.endsWith(".test.ts") ? [relative] : [];
    });
}

describe("README", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Tests that need upstream reference files"));

    it("names every test block that is pending without ../shared/reference, with its file", () => {
        const blocks = testFiles("test").flatMap((file) =>
            [...fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(/describeWithReference\(\s*"([^"]+)"/g)].map(
                (m) => ({ file, title: m[1] }),
            ),
        );
        assert.ok(blocks.length >= 3, `found ${blocks.length} blocks`);
        for (const { file, title } of blocks) {
            const row = section.split("\n").find((line) => line.startsWith(`| \`${file}\` `) && line.includes(title));
            assert.ok(row, `README's table lacks ${file}: "${title}"`);
        }
        const runLine = section.slice(
            section.indexOf("```bash"),
            section.indexOf("```", section.indexOf("```bash") + 7),
        );
        for (const file of new Set(blocks.map((b) => b.file)))
            assert.ok(runLine.includes(file), `${file} not in the command`);
    });
});
