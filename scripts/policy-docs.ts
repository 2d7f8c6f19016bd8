import * as path from "path";
import { runMain } from "../cli/run";
import { POLICY_REFERENCE_MARKERS, policyReferenceMarkdown } from "../policies/docs";
import { ALL_POLICIES } from "../policies/policies";
import { docsProgram } from "./generatedSection";

// `npm run docs:policies`: regenerates the policy reference in docs/policies.md from the pack's policies.
runMain(
    docsProgram(
        "docs:policies",
        path.resolve(__dirname, "..", "docs", "policies.md"),
        POLICY_REFERENCE_MARKERS,
        () => policyReferenceMarkdown(ALL_POLICIES),
        "the policy reference (from the pack's policies)",
    ),
);
