import * as assert from "assert";
import { EngineEvent } from "@pulumi/pulumi/automation";
import { eventCollector, isMissingCli } from "../../automation/engine";
import { explainFailure } from "../../automation/errors";

const step = (op: string, name: string, diffs?: string[]) => ({
    op,
    urn: `urn:pulumi:dev::gitops-platform::aws:eks/cluster:Cluster::${name}`,
    type: "aws:eks/cluster:Cluster",
    provider: "",
    diffs,
});

describe("engine events and failures", () => {
    it("collects each resource's last step and every policy event", () => {
        const { report, onEvent } = eventCollector();
        const events = [
            { sequence: 1, timestamp: 0, resourcePreEvent: { metadata: step("refresh", "a") } },
            { sequence: 2, timestamp: 0, resOutputsEvent: { metadata: step("refresh", "a", ["vpcConfig"]) } },
            { sequence: 3, timestamp: 0, resourcePreEvent: { metadata: step("create", "b") } },
            {
                sequence: 4,
                timestamp: 0,
                policyEvent: {
                    resourceUrn: "urn:x",
                    message: "m",
                    color: "never",
                    policyName: "eks-endpoint-restricted",
                    policyPackName: "gitops-platform",
                    policyPackVersion: "0.1.0",
                    policyPackVersionTag: "",
                    enforcementLevel: "warning",
                },
            },
        ] as unknown as EngineEvent[];
        events.forEach(onEvent);
        assert.deepStrictEqual(
            report.changes.map((c) => [c.op, c.urn.split("::").pop(), c.diffs]),
            [
                ["refresh", "a", ["vpcConfig"]],
                ["create", "b", []],
            ],
        );
        assert.deepStrictEqual(report.violations, [
            { policy: "eks-endpoint-restricted", level: "advisory", message: "m", urn: "urn:x" },
        ]);
    });

    it("recognizes the Automation API's error for a missing CLI", () => {
        assert.ok(
            isMissingCli(
                new Error("code: -2\n stderr: Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT"),
            ),
        );
        assert.ok(!isMissingCli(new Error("ENOENT: no such file or directory, open 'Pulumi.qa.yaml'")));
    });

    for (const [cause, text, expected] of [
        [
            "no backend login",
            "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions",
            /pulumi login/,
        ],
        ["a stack that does not exist", "error: no stack named 'prod' found", /does not exist in this backend/],
        ["no passphrase", "error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE", /PULUMI_CONFIG_PASSPHRASE/],
        ["no AWS credentials", "NoCredentialProviders: no valid providers in chain", /AWS credentials/],
        ["no Google credentials", "google: could not find default credentials", /Google Cloud credentials/],
        ["a bad GitHub token", "GET https://api.github.com/user: 401 Bad credentials", /GITHUB_TOKEN/],
    ] as const) {
        it(`explains ${cause} in one line`, () => {
            const line = explainFailure(new Error(`code: 255\n stdout: \n stderr: ${text}\n`));
            assert.match(line, expected);
            assert.ok(!line.includes("\n"));
        });
    }

    it("falls back to the first meaningful line of an unknown error", () => {
        assert.strictEqual(
            explainFailure(new Error("code: 255\n\n error: something odd\n more")),
            "error: something odd",
        );
    });
});
