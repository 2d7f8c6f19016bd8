import * as path from "path";
import { CONFIG_REFERENCE_MARKERS, configReferenceMarkdown } from "../config/docs";
import { updateGeneratedSection } from "./generatedSection";

// `npm run docs:config`: regenerates the key table of docs/configuration.md from the zod schema.
const file = path.resolve(__dirname, "..", "docs", "configuration.md");
updateGeneratedSection(file, CONFIG_REFERENCE_MARKERS, configReferenceMarkdown());
console.log(`updated ${path.relative(process.cwd(), file)}`);
