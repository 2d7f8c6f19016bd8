import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { CONFIG_REFERENCE_MARKERS, configKeyDocs, configReferenceMarkdown } from "../../config/docs";
import { withGeneratedSection } from "../../scripts/generatedSection";
import { platformConfigShape, SECRET_KEYS } from "../../config/schema";
import { ROOT } from "../helpers";

describe("configuration docs", () => {
    const docFile = path.join(ROOT, "docs", "configuration.md");

    it("docs/configuration.md holds the reference generated from the schema (run `npm run docs:config`)", () => {
        const document = fs.readFileSync(docFile, "utf8");
        assert.ok(document.includes(CONFIG_REFERENCE_MARKERS.begin) && document.includes(CONFIG_REFERENCE_MARKERS.end));
        assert.equal(
            document,
            withGeneratedSection(document, CONFIG_REFERENCE_MARKERS, configReferenceMarkdown()),
            "docs/configuration.md is stale: run `npm run docs:config`",
        );
    });

    it("documents every key with a type, a default or 'required', a description and an example", () => {
        const rows = configKeyDocs();
        for (const row of rows) {
            assert.ok(row.type, `${row.key} has no type`);
            assert.ok(row.default, `${row.key} has no default column`);
            assert.ok(row.description, `${row.key} has no description`);
            assert.ok(row.example, `${row.key} has no example`);
        }
        const keys = rows.map((r) => r.key);
        for (const key of Object.keys(platformConfigShape.shape))
            assert.ok(keys.includes(key), `${key} is not documented`);
        for (const key of [
            "clusters[].nodePools[].minSize",
            "argocd.rbac.defaultRole",
            "argocd.sso.issuer",
            "gitops.branch",
        ]) {
            assert.ok(keys.includes(key), `${key} is not documented`);
        }
        assert.deepEqual(
            rows.filter((r) => r.secret).map((r) => r.key),
            [...SECRET_KEYS],
        );
    });

    it("marks keys that belong to one kind of cluster", () => {
        const byKey = new Map(configKeyDocs().map((r) => [r.key, r]));
        assert.equal(byKey.get("clusters[].project")?.appliesTo, "cloud: gcp");
        assert.equal(byKey.get("clusters[].context")?.appliesTo, "cloud: existing");
        assert.equal(byKey.get("clusters[].name")?.appliesTo, "");
        assert.equal(byKey.get("clusters[].region")?.default, "required for cloud: aws, gcp");
        assert.equal(byKey.get("clusters[].cloud")?.type, '"aws" | "gcp" | "existing"');
    });
});

describe("Pulumi.yaml", () => {
    const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));

    it("is the gitops-platform nodejs project", () => {
        assert.equal(project.name, "gitops-platform");
        assert.equal(project.runtime.name, "nodejs");
    });

    it("declares only keys the schema knows, with the types Pulumi's project schema allows", () => {
        const known = Object.keys(platformConfigShape.shape);
        for (const [key, declaration] of Object.entries(
            project.config as Record<string, { type: string; description: string }>,
        )) {
            assert.ok(
                known.includes(key.replace(/^gitops-platform:/, "")),
                `${key} is not a config key of the program`,
            );
            assert.ok(
                ["string", "integer", "boolean", "array"].includes(declaration.type),
                `${key}: Pulumi cannot type ${declaration.type}`,
            );
            assert.ok(declaration.description, `${key} has no description`);
        }
        assert.equal(project.config.environment.type, "string");
    });

    it("every stack file sets the keys Pulumi.yaml declares without a default", () => {
        const required = Object.entries(project.config as Record<string, { default?: unknown }>)
            .filter(([, d]) => d.default === undefined)
            .map(([k]) => `gitops-platform:${k}`);
        for (const file of fs.readdirSync(ROOT).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f))) {
            const config = YAML.parse(fs.readFileSync(path.join(ROOT, file), "utf8")).config;
            for (const key of required) assert.ok(key in config, `${file} does not set ${key}`);
        }
    });
});
