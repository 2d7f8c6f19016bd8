import * as path from "path";
import { POLICY_REFERENCE_MARKERS, policyReferenceMarkdown } from "../policies/docs";
import { ALL_POLICIES } from "../policies/policies";
import { updateGeneratedSection } from "./generatedSection";

// `npm run docs:policies`: regenerates the policy reference in docs/policies.md from the pack's policies.
const file = path.resolve(__dirname, "..", "docs", "policies.md");
updateGeneratedSection(file, POLICY_REFERENCE_MARKERS, policyReferenceMarkdown(ALL_POLICIES));
console.log(`updated ${path.relative(process.cwd(), file)}`);
