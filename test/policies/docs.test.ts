import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as applications from "../../policies/applications";
import * as argocd from "../../policies/argocd";
import * as eks from "../../policies/eks";
import * as github from "../../policies/github";
import * as gke from "../../policies/gke";
import * as kms from "../../policies/kms";
import { POLICY_REFERENCE_MARKERS, policyReferenceMarkdown } from "../../policies/docs";
import { ALL_POLICIES } from "../../policies/policies";
import { withGeneratedSection } from "../../scripts/generatedSection";
import { ROOT } from "../helpers";

describe("policy pack contents and docs", () => {
    const document = fs.readFileSync(path.join(ROOT, "docs", "policies.md"), "utf8");

    it("docs/policies.md holds the reference generated from the policies (run `npm run docs:policies`)", () => {
        assert.strictEqual(
            withGeneratedSection(document, POLICY_REFERENCE_MARKERS, policyReferenceMarkdown(ALL_POLICIES)),
            document,
            "docs/policies.md is stale: run `npm run docs:policies`",
        );
    });

    it("documents each policy under its own heading", () => {
        for (const policy of ALL_POLICIES) assert.ok(document.includes(`\n### ${policy.name}\n`), policy.name);
    });

    it("gives every policy a unique, stable kebab-case name", () => {
        const names = ALL_POLICIES.map((p) => p.name);
        assert.deepStrictEqual([...new Set(names)], names);
        for (const name of names) assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)+$/);
    });

    it("lists every policy module's export in the pack", () => {
        const exported = [applications, argocd, eks, github, gke, kms].flatMap((area) =>
            Object.values(area as Record<string, unknown>).filter(
                (v) => typeof v === "object" && v !== null && "remediationSteps" in v,
            ),
        );
        assert.strictEqual(exported.length, ALL_POLICIES.length);
        for (const policy of exported) assert.ok(ALL_POLICIES.includes(policy as never));
    });

    it("has one policy file with a spec beside it per policy", () => {
        const areas = ["applications", "argocd", "eks", "github", "gke", "kms"];
        const files = areas.flatMap((area) =>
            fs
                .readdirSync(path.join(ROOT, "policies", area))
                .filter((f) => f.endsWith(".spec.ts"))
                .map((f) => path.join(area, f.replace(/\.spec\.ts$/, ".ts"))),
        );
        assert.strictEqual(files.length, ALL_POLICIES.length);
        for (const file of files) assert.ok(fs.existsSync(path.join(ROOT, "policies", file)), file);
    });
});
