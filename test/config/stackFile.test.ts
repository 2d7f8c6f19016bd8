import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SECRET_PLACEHOLDER, readStackFile, stackConfigFromMap } from "../../config/stackFile";

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
        assert.throws(() => readStackFile(bad, "gitops-platform"), /no top-level "config:" map/);
    });
});
