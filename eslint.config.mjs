// ESLint flat config: typescript-eslint with type information, so @pulumi/eslint-plugin can catch Outputs
// used in template literals (they would print "Calling [toString] on an Output<T>") and typescript-eslint can
// catch promises nobody awaits or handles (a Pulumi program is Outputs and promises: a floating one loses its
// error). One program for the whole repository (tsconfig.json includes policies/): the project service would
// build a second one for policies/tsconfig.json and double the memory (3.0 GB against 1.8 GB peak).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
    { ignores: ["node_modules/", "bin/", "out/", "**/*.js", "**/*.mjs"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname } },
        plugins: { pulumi },
        rules: {
            "pulumi/no-output-in-template-literal": "error",
            "pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
        },
    },
);
