import * as path from "path";
import { runMain } from "../cli/run";
import { CONFIG_REFERENCE_MARKERS, configReferenceMarkdown } from "../config/docs";
import { docsProgram } from "./generatedSection";

// `npm run docs:config`: regenerates the key table of docs/configuration.md from the zod schema.
runMain(
    docsProgram(
        "docs:config",
        path.resolve(__dirname, "..", "docs", "configuration.md"),
        CONFIG_REFERENCE_MARKERS,
        configReferenceMarkdown,
        "the config key reference (from the zod schema)",
    ),
);
