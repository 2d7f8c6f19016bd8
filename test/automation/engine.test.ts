import * as assert from "assert";
import { EngineEvent } from "@pulumi/pulumi/automation";
import * as sdkCmd from "@pulumi/pulumi/automation/cmd";
import * as sdkErrors from "@pulumi/pulumi/automation/errors";
import { ConcurrentUpdateError, StackNotFoundError } from "@pulumi/pulumi/automation";
import { engineErrorLine, eventCollector, isMissingCli } from "../../automation/engine";
import { explainFailure } from "../../automation/errors";

const step = (op: string, name: string, diffs?: string[]) => ({
    op,
    urn: `urn:pulumi:dev::gitops-platform::aws:eks/cluster:Cluster::${name}`,
    type: "aws:eks/cluster:Cluster",
    provider: "",
    diffs,
});

/** The error the Automation API throws for a CLI run with this stderr (its internal constructors, as it makes them). */
function commandError(stderr: string, stdout = ""): Error {
    const { CommandResult } = sdkCmd as unknown as {
        CommandResult: new (stdout: string, stderr: string, code: number) => unknown;
    };
    const { createCommandError } = sdkErrors as unknown as { createCommandError: (result: unknown) => Error };
    return createCommandError(new CommandResult(stdout, stderr, 255));
}

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
            const line = explainFailure(commandError(`${text}\n`));
            assert.match(line, expected);
            assert.ok(!line.includes("\n"));
        });
    }

    it("reports the CLI's own error line of an unknown error, never the dump's `stdout:`", () => {
        const error = commandError("warning: a\nerror: something odd\n more\n", "Previewing update (dev)\n");
        assert.match(error.message, /^code: 255\n stdout:/, "the Automation API's message is a dump");
        assert.strictEqual(explainFailure(error), "something odd");
        assert.strictEqual(engineErrorLine(commandError("")), "the pulumi CLI exited with code 255");
    });

    it("skips the CLI's closing 'update failed' for the engine's error diagnostic", () => {
        const diagnostics = [{ message: "creating IAM Role: AccessDenied\n  details", urn: "urn:x" }];
        assert.strictEqual(
            engineErrorLine(commandError("error: update failed\n"), diagnostics),
            "creating IAM Role: AccessDenied",
        );
        assert.strictEqual(engineErrorLine(commandError("error: update failed\n")), "update failed");
    });

    it("classifies errors as the SDK does (StackNotFoundError, ConcurrentUpdateError), not by our own regexes", () => {
        assert.ok(commandError("error: no stack named 'prod' found\n") instanceof StackNotFoundError);
        const locked = commandError("error: the stack is currently locked by 1 lock(s)\n");
        assert.ok(locked instanceof ConcurrentUpdateError);
        assert.match(explainFailure(locked), /another update of this stack is in progress/);
    });
});
