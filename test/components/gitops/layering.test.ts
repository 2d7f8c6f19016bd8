import { strict as assert } from "assert";
import * as path from "path";
import * as YAML from "yaml";
import { PROJECT_NAME, parsePlatformConfig } from "../../../config/load";
import { ParsedPlatformConfig } from "../../../config/schema";
import { readStackFile } from "../../../config/stackFile";
import { stackAddons } from "../../../components/addons/catalogue";
import { withOfflineSecretStandIns } from "../../../render/offlineSecrets";
import { DRIFT_WARNING_PREFIX, driftWarning, gitBlobSha, layoutDifferences } from "../../../components/gitops/drift";
import { Values, leaves, mergeValues, overriddenKeys, splitLayers } from "../../../components/gitops/layering";
import { SeedFile } from "../../../components/gitops/layout";
import { OWNER_HEADER, repositoryLayout } from "../../../components/gitops/seed";
import { ROOT, renderStack } from "../../helpers";

const STACKS = ["dev", "dev-gke", "prod", "local"];

/** A committed stack's parsed config, optionally changed. */
function stackConfig(stack: string): ParsedPlatformConfig {
    // The committed stacks hold no secrets: stand in for them as the offline render does.
    const { config, secretKeys } = withOfflineSecretStandIns(
        readStackFile(path.join(ROOT, `Pulumi.${stack}.yaml`), PROJECT_NAME),
    ).stackConfig;
    const prefix = `${PROJECT_NAME}:`;
    const raw = Object.fromEntries(
        Object.entries(config)
            .filter(([k]) => k.startsWith(prefix))
            .map(([k, v]) => [k.slice(prefix.length), v]),
    );
    return parsePlatformConfig(raw, (key) => secretKeys.includes(prefix + key));
}

const layoutOf = (config: ParsedPlatformConfig): SeedFile[] =>
    repositoryLayout({
        clusters: config.clusters,
        addons: stackAddons(config),
        environment: config.environment,
        gitops: config.gitops,
        teams: config.teams,
        argocd: config.argocd,
    });

const byPath = (files: SeedFile[]) => new Map(files.map((f) => [f.path, f.content]));
const parsed = (files: Map<string, string>, file: string): Values | undefined =>
    files.has(file) ? (YAML.parse(files.get(file)!) as Values) : undefined;

describe("layered values", () => {
    describe("splitLayers", () => {
        const defaults = { a: 1, b: { c: 2, d: [1, 2] }, e: "x" };
        const clusters = {
            one: { a: 1, b: { c: 3, d: [1, 2] }, e: "one", f: true },
            two: { a: 1, b: { c: 3, d: [1, 2] }, e: "two" },
        };
        const layers = splitLayers(defaults, clusters);

        it("puts every setting in one place: defaults, shared, or the cluster's own", () => {
            assert.deepEqual(layers.defaults, { a: 1, b: { d: [1, 2] } });
            assert.deepEqual(layers.environment, { b: { c: 3 } });
            assert.deepEqual(layers.clusters, { one: { e: "one", f: true }, two: { e: "two" } });
            for (const own of Object.values(layers.clusters)) {
                assert.deepEqual(overriddenKeys(layers.defaults, layers.environment, own), []);
            }
        });

        it("composes back to each cluster's values exactly, the way Helm merges value files", () => {
            for (const [name, values] of Object.entries(clusters)) {
                assert.deepEqual(mergeValues(layers.defaults, layers.environment, layers.clusters[name]), values);
            }
            // Lists are replaced, not merged; maps are merged.
            assert.deepEqual(mergeValues({ l: [1, 2], m: { x: 1 } }, { l: [3], m: { y: 2 } }), {
                l: [3],
                m: { x: 1, y: 2 },
            });
        });

        it("lists a setting made in two layers", () => {
            assert.deepEqual(overriddenKeys({ a: { b: 1, c: 1 } }, { a: { b: 2 } }), ["a.b"]);
        });
    });

    for (const stack of STACKS) {
        describe(`stack ${stack}`, () => {
            const config = stackConfig(stack);
            const files = byPath(layoutOf(config));
            const valueFiles = [...files.keys()].filter((f) => f.endsWith("/values.yaml"));

            it("composes, for every cluster, exactly the values Pulumi gave the Release, with no override", async () => {
                const r = await renderStack(stack);
                for (const cluster of config.clusters) {
                    const layers = [
                        "defaults/argocd/values.yaml",
                        `environments/${config.environment}/argocd/values.yaml`,
                        `clusters/${cluster.name}/argocd/values.yaml`,
                    ].map((f) => parsed(files, f) ?? {});
                    const release = r.named(`${cluster.name}-argocd-release`).inputs as { values: Values };
                    assert.deepEqual(mergeValues(...layers), release.values, cluster.name);
                    assert.deepEqual(overriddenKeys(...layers), [], `${cluster.name}: keys set in two layers`);
                }
            });

            it("never repeats a setting's value in two files", () => {
                const seen = new Map<string, string>();
                for (const file of valueFiles) {
                    for (const leaf of leaves(parsed(files, file)!).values()) {
                        const id = JSON.stringify([leaf.path, leaf.value]);
                        assert.ok(
                            !seen.has(id),
                            `${leaf.path.join(".")} is set to the same value in ${seen.get(id)} and ${file}`,
                        );
                        seen.set(id, file);
                    }
                }
                const chartVersion = [...files].filter(([, c]) =>
                    c.includes(`targetRevision: ${config.argocd.chartVersion}`),
                );
                assert.deepEqual(
                    chartVersion.map(([f]) => f),
                    ["bootstrap/argocd.yaml"],
                    "the chart version, once",
                );
            });

            it("writes no YAML anchors and a one-line owner header in every file", () => {
                for (const [file, content] of files) {
                    const [first] = content.split("\n");
                    assert.ok(first.includes(OWNER_HEADER), `${file}: ${first}`);
                    if (file.endsWith(".yaml") && !file.includes("/templates/")) {
                        let aliases = 0;
                        YAML.visit(YAML.parseDocument(content), { Alias: () => void aliases++ });
                        assert.equal(aliases, 0, file);
                        assert.doesNotMatch(content, /&a\d+/, file);
                    }
                }
            });
        });
    }

    it("lets one edit change RBAC for every prod cluster", () => {
        const config = stackConfig("prod");
        const files = byPath(layoutOf(config));
        const rbacOf = (f: string) => (parsed(files, f)?.configs as Values | undefined)?.rbac as Values | undefined;
        const holding = [...files.keys()].filter((f) => f.endsWith("/values.yaml") && rbacOf(f) !== undefined);
        // The prod policy in the environment's file; the untouched chart defaults (policy.default) below it.
        assert.deepEqual(holding, ["defaults/argocd/values.yaml", "environments/prod/argocd/values.yaml"]);
        assert.ok(String(rbacOf("environments/prod/argocd/values.yaml")!["policy.csv"]).includes("acme:platform"));
        assert.equal(config.clusters.length, 2);
        // What differs per cluster is only its host name.
        const clusterFile = parsed(files, "clusters/prod-gke/argocd/values.yaml")!;
        assert.deepEqual(Object.keys(clusterFile).sort(), ["configs", "global", "notifications"]);
    });
});

describe("config changes after the hand-off", () => {
    const before = stackConfig("prod");
    const inGit = byPath(layoutOf(before));
    const withTeam: ParsedPlatformConfig = {
        ...before,
        teams: [...before.teams, { name: "checkout", groups: ["acme:checkout"] }],
    };

    it("turn a new team into exactly the change set Git needs", () => {
        const differences = layoutDifferences(layoutOf(withTeam), inGit);
        assert.deepEqual(differences, [
            {
                path: "bootstrap/apps.yaml",
                missing: false,
                settings: ["spec.generators[0].matrix.generators[0].list.elements[2]"],
            },
            {
                path: "environments/prod/argocd/values.yaml",
                missing: false,
                settings: ['configs.rbac["policy.csv"]'],
            },
            { path: "apps/checkout/README.md", missing: true, settings: [] },
        ]);
        const warning = driftWarning("prod", "acme/platform-gitops-prod", differences);
        assert.ok(warning.startsWith(DRIFT_WARNING_PREFIX));
        assert.match(warning, /bootstrap\/apps\.yaml: spec\.generators/);
        assert.match(warning, /apps\/checkout\/README\.md: not in Git/);
        assert.match(warning, /npm run layout -- --stack prod --out <a clone of acme\/platform-gitops-prod>/);
    });

    it("name a changed SSO setting, and nothing when config and Git agree", () => {
        const sso = { ...before.argocd.sso!, clientId: "Iv1.new" } as typeof before.argocd.sso;
        const differences = layoutDifferences(layoutOf({ ...before, argocd: { ...before.argocd, sso } }), inGit);
        assert.deepEqual(differences, [
            {
                path: "environments/prod/argocd/values.yaml",
                missing: false,
                settings: ['configs.cm["dex.config"]'],
            },
        ]);
        assert.deepEqual(layoutDifferences(layoutOf(before), inGit), []);
    });

    it("leave people's own README text alone, and compare files by Git's blob id", () => {
        const edited = new Map(inGit);
        edited.set("README.md", "# our own words\n");
        assert.deepEqual(layoutDifferences(layoutOf(before), edited), []);
        assert.equal(gitBlobSha("hello\n"), "ce013625030ba8dba906f756967f9e9ca394464a");
    });
});
