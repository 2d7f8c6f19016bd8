import * as path from "path";
import { updateReferenceFile } from "../config/docs";

// `npm run docs:config`: regenerates the key table of docs/configuration.md from the zod schema.
const file = path.resolve(__dirname, "..", "docs", "configuration.md");
updateReferenceFile(file);
console.log(`updated ${path.relative(process.cwd(), file)}`);
