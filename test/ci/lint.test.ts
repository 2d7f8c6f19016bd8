import { strict as assert } from "assert";
import * as path from "path";
import { ESLint } from "eslint";
import { ROOT } from "../helpers";

// ESLint itself runs in `npm test`; this checks what it is configured to catch, without building type
// information (which takes most of a lint run's time and memory).
describe("lint configuration", () => {
    const eslint = new ESLint({ cwd: ROOT });

    for (const file of ["index.ts", "automation/engine.ts", "policies/index.ts", "test/helpers.ts"]) {
        it(`lints ${file} with type information and the promise and Output rules as errors`, async () => {
            const config = await eslint.calculateConfigForFile(path.join(ROOT, file));
            for (const rule of [
                "@typescript-eslint/no-floating-promises",
                "@typescript-eslint/no-misused-promises",
                "pulumi/no-output-in-template-literal",
                "pulumi/no-output-instance-in-template-literal",
            ]) {
                const setting = config.rules?.[rule];
                const level = Array.isArray(setting) ? setting[0] : setting;
                assert.ok(level === 2 || level === "error", `${rule} is ${JSON.stringify(setting)} for ${file}`);
            }
            // One program for the repository: the project service would build another for policies/.
            assert.equal(config.languageOptions?.parserOptions?.project, "./tsconfig.json");
            assert.notEqual(config.languageOptions?.parserOptions?.projectService, true);
        });
    }
});
