import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { SECRET_PLACEHOLDER, StackFileError, readStackFile, stackConfigFromMap } from "../../config/stackFile";
import { runScript } from "../helpers";

describe("stack files", () => {
    it("passes values as the Pulumi CLI does: namespaced keys, strings, JSON for structured values", () => {
        const { config, secretKeys } = stackConfigFromMap(
            {
                environment: "dev",
                "gitops-platform:argocd": { ha: true },
                "aws:region": "eu-west-1",
                "gitops-platform:count": 3,
            },
            "gitops-platform",
        );
        assert.deepEqual(config, {
            "gitops-platform:environment": "dev",
            "gitops-platform:argocd": '{"ha":true}',
            "aws:region": "eu-west-1",
            "gitops-platform:count": "3",
        });
        assert.deepEqual(secretKeys, []);
    });

    it("replaces secure: values with a placeholder and marks their keys secret", () => {
        const { config, secretKeys } = stackConfigFromMap(
            {
                "gitops-platform:slackToken": { secure: "v1:abc" },
                "gitops-platform:argocd": { sso: { clientSecret: { secure: "v1:def" } } },
            },
            "gitops-platform",
        );
        assert.equal(config["gitops-platform:slackToken"], SECRET_PLACEHOLDER);
        assert.deepEqual(JSON.parse(config["gitops-platform:argocd"]), { sso: { clientSecret: SECRET_PLACEHOLDER } });
        assert.deepEqual(secretKeys.sort(), ["gitops-platform:argocd", "gitops-platform:slackToken"]);
        assert.ok(!JSON.stringify(config).includes("v1:"), "ciphertext must not reach the program");
    });

    it("reads a file and says when it has no config map", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackfile-"));
        const good = path.join(dir, "Pulumi.x.yaml");
        fs.writeFileSync(good, "config:\n  gitops-platform:environment: prod\n");
        assert.deepEqual(readStackFile(good, "gitops-platform").config, { "gitops-platform:environment": "prod" });
        const bad = path.join(dir, "Pulumi.y.yaml");
        fs.writeFileSync(bad, "environment: prod\n");
        assert.throws(() => readStackFile(bad, "gitops-platform"), /has no top-level "config:" map/);
    });
});

describe("stack files that are not stack files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackfile-bad-"));
    const write = (name: string, content: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, content);
        return file;
    };
    const bomb = [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        ...["b", "c", "d", "e", "f", "g"].map(
            (name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefg"[i]}`).join(",")}]`,
        ),
        "config:",
        "  gitops-platform:environment: dev",
        "  gitops-platform:x: *g",
    ].join("\n");
    const cases: [string, string, RegExp][] = [
        ["empty", "", /^bad\.yaml: the file is empty; a stack file needs a top-level "config:" map$/],
        [
            "blank",
            "\n   \n# just a comment\n",
            /^bad\.yaml: the file holds only comments; a stack file needs a top-level "config:" map$/,
        ],
        ["without config", "environment: prod\n", /^bad\.yaml: has no top-level "config:" map$/],
        ["a list", "- a\n- b\n", /^bad\.yaml: has no top-level "config:" map \(the file holds a list\)$/],
        ["config a string", "config: hello\n", /^bad\.yaml: "config:" must be a map/],
        ["config a list", "config: [a, b]\n", /^bad\.yaml: "config:" must be a map/],
        ["malformed", "config:\n  a: [1\n  b: 2\n", /^bad\.yaml:3:\d+: invalid YAML: /],
        ["bad indentation", "config:\n  a: 1\n b: 2\n", /^bad\.yaml:\d+:\d+: invalid YAML: /],
        ["a duplicate key", "config:\n  a: 1\n  a: 2\n", /^bad\.yaml:3:\d+: invalid YAML: Map keys must be unique/],
        ["a tab indent", "config:\n\ta: 1\n", /^bad\.yaml:2:\d+: invalid YAML: /],
        ["an alias bomb", bomb, /^bad\.yaml:2: YAML aliases expand too far/],
        ["several documents", "config:\n  a: 1\n---\nconfig:\n  b: 2\n", /^bad\.yaml:3: holds several YAML documents/],
        ["an unknown alias", "config:\n  a: *nowhere\n", /^bad\.yaml:2: invalid YAML: Unresolved alias/],
    ];
    for (const [what, content, message] of cases) {
        it(`refuses ${what} in one line naming the file`, () => {
            const file = write(`${what.replace(/\s/g, "-")}.yaml`, content);
            assert.throws(
                () => readStackFile(file, "gitops-platform", "bad.yaml"),
                (error: Error) => {
                    assert.ok(error instanceof StackFileError, String(error));
                    assert.ok(pulumi.RunError.isInstance(error), "a RunError: printed without a stack trace");
                    assert.equal(error.message.split("\n").length, 1, error.message);
                    assert.match(error.message, message);
                    return true;
                },
            );
        });
    }
    it("warns about top-level keys the Pulumi CLI ignores, and accepts the ones it reads", () => {
        const file = write(
            "extra.yaml",
            "secretsprovider: passphrase\nencryptionsalt: v1:abc\nenvironment: [dev-env]\nconfigs:\n  a: 1\ngitops-platform:environment: dev\nconfig:\n  gitops-platform:environment: dev\n",
        );
        const { warnings, config } = readStackFile(file, "gitops-platform", "extra.yaml");
        assert.deepEqual(config, { "gitops-platform:environment": "dev" });
        assert.equal(warnings.length, 2);
        assert.match(warnings[0], /"configs" is not a stack setting .*the Pulumi CLI ignores it$/);
        assert.match(warnings[1], /"gitops-platform:environment" .* belongs under config:$/);
    });
    it("prints one line and no stack trace from every offline tool", function () {
        this.timeout(120_000);
        const file = write("tool.yaml", "config:\n  a: [1\n  b: 2\n");
        for (const script of ["render/cli.ts", "render/policyCli.ts", "scripts/layout.ts"]) {
            const { code, stderr } = runScript(script, "--stack", "dev", "--config", file);
            assert.equal(code, 3, `${script}: ${stderr}`);
            assert.equal(stderr.trim().split("\n").length, 1, `${script}: ${stderr}`);
            assert.match(stderr, /tool\.yaml:3:\d+: invalid YAML/);
            assert.doesNotMatch(stderr, /\n\s+at /);
        }
    });
});
