import { strict as assert } from "assert";
import * as path from "path";
import * as YAML from "yaml";
import { readStackFile, SECRET_PLACEHOLDER } from "../../config/stackFile";
import { REDACTED, redactSecrets } from "../../render/engine";
import { Rendered, prodStackFileWithSecrets, renderRaw, renderStack } from "../helpers";

const RESOURCE_KEYS = [
    "type",
    "name",
    "parent",
    "dependsOn",
    "dependencies",
    "propertyDependencies",
    "provider",
    "inputs",
];

/** Asserts the resources.json contract: fields, types, and that every reference names a resource. */
function assertContract(rendered: Rendered): void {
    const names = new Set<string>();
    for (const resource of rendered.resources) {
        assert.deepEqual(Object.keys(resource), RESOURCE_KEYS);
        assert.equal(typeof resource.type, "string");
        assert.equal(typeof resource.name, "string");
        // Logical names are unique stack-wide, so parent and dependsOn names are unambiguous.
        assert.ok(!names.has(resource.name), `two resources are named ${resource.name}`);
        names.add(resource.name);
        if (resource.parent !== null) {
            const earlier = rendered.resources.slice(0, rendered.resources.indexOf(resource)).map((r) => r.name);
            assert.ok(
                earlier.includes(resource.parent),
                `${resource.name}: parent ${resource.parent} is not registered before it`,
            );
        }
        for (const dependency of resource.dependsOn) assert.ok(rendered.resources.some((r) => r.name === dependency));
        // The engine's dependencies hold every explicit dependency that is a custom resource, and every
        // property dependency; all name resources of the stack, never the resource itself.
        const leaves = (name: string): string[] => {
            const children = rendered.childrenOf(name);
            return children.length === 0 ? [name] : children.flatMap((c) => leaves(c.name));
        };
        for (const dependency of resource.dependsOn.flatMap(leaves)) {
            assert.ok(resource.dependencies.includes(dependency), `${resource.name}: dependsOn ${dependency} lost`);
        }
        for (const dependency of resource.dependencies) {
            assert.ok(
                rendered.resources.some((r) => r.name === dependency),
                `${resource.name}: ${dependency}?`,
            );
            assert.notEqual(dependency, resource.name);
        }
        for (const names of Object.values(resource.propertyDependencies)) {
            for (const name of names) assert.ok(resource.dependencies.includes(name), `${resource.name}: ${name}`);
        }
        if (resource.provider !== null) {
            const provider = rendered.resources.find((r) => r.name === resource.provider);
            assert.ok(
                provider?.type.startsWith("pulumi:providers:"),
                `${resource.name}: provider ${resource.provider} is not a provider`,
            );
        }
        assert.equal(typeof resource.inputs, "object");
    }
    const json = JSON.parse(rendered.files().find((f) => f.path === "resources.json")!.content);
    assert.deepEqual(json, JSON.parse(JSON.stringify(rendered.resources)));
}

describe("offline render engine", () => {
    describe("on a fixture program with a secret", () => {
        let rendered: Rendered;
        before(async () => {
            rendered = await renderRaw(
                { config: { "gitops-platform:token": "SENTINEL-token-4711" }, secretKeys: ["gitops-platform:token"] },
                "fixture",
                path.join(__dirname, "..", "fixtures", "secretProgram.ts"),
            );
        });

        it("records type, parent, dependsOn and provider in registration order", () => {
            assertContract(rendered);
            assert.deepEqual(
                rendered.resources.map((r) => [r.type, r.name, r.provider, r.dependsOn]),
                [
                    ["pulumi:providers:kubernetes", "fixture-k8s", null, []],
                    ["kubernetes:core/v1:Secret", "fixture-secret", "fixture-k8s", []],
                    ["kubernetes:core/v1:ConfigMap", "fixture-config", "fixture-k8s", ["fixture-secret"]],
                ],
            );
        });

        it("replaces secret inputs and outputs with [secret]", () => {
            assert.equal(rendered.named("fixture-secret").inputs.stringData, REDACTED);
            assert.deepEqual(rendered.named("fixture-config").inputs.data, { greeting: "hello" });
            assert.equal(rendered.result.outputs.token, REDACTED);
            assert.equal(rendered.result.outputs.plain, "visible");
        });

        it("writes each Kubernetes object as a manifest, with the secret redacted", () => {
            const files = rendered.files();
            assert.deepEqual(files.map((f) => f.path).sort(), [
                "manifests/fixture-config.yaml",
                "manifests/fixture-secret.yaml",
                "outputs.json",
                "resources.json",
            ]);
            const manifest = YAML.parse(files.find((f) => f.path === "manifests/fixture-secret.yaml")!.content);
            assert.deepEqual(Object.keys(manifest).slice(0, 3), ["apiVersion", "kind", "metadata"]);
            assert.deepEqual(manifest.metadata, { name: "token", namespace: "argocd" });
            assert.equal(manifest.stringData, REDACTED);
            for (const file of files)
                assert.ok(!file.content.includes("SENTINEL-token-4711"), `${file.path} leaks the secret`);
        });
    });

    describe("dependencies and URNs, as the engine sees them", () => {
        const program = path.join(__dirname, "..", "fixtures", "dependencyProgram.ts");

        it("records explicit dependsOn, components expanded, and dependencies implied by outputs", async () => {
            const rendered = await renderRaw({ config: {}, secretKeys: [] }, "fixture", program);
            assertContract(rendered);
            const user = rendered.named("deps-uses-output");
            assert.deepEqual(user.dependsOn, ["deps-pair"]);
            assert.deepEqual(user.dependencies, ["deps-namespace", "deps-pair-one", "deps-pair-two"]);
            assert.deepEqual(user.propertyDependencies, { metadata: ["deps-namespace"] });
            // A resource built from literals only has no dependency.
            assert.deepEqual(rendered.named("deps-namespace").dependencies, []);
            assert.deepEqual(rendered.named("deps-namespace").propertyDependencies, {});
        });

        it("fails on two resources with one URN, naming it as the engine does", async () => {
            await assert.rejects(
                renderRaw({ config: { "gitops-platform:duplicate": "true" }, secretKeys: [] }, "fixture", program),
                (error: Error) => {
                    assert.equal(
                        error.message,
                        "Duplicate resource URN 'urn:pulumi:fixture::gitops-platform::pulumi:pulumi:Stack$" +
                            "kubernetes:core/v1:ConfigMap::deps-namespace-copy'; try giving it a unique name",
                    );
                    return true;
                },
            );
        });

        it("records the program's implied dependencies: the EKS cluster on its role, the root Application on Argo CD", async () => {
            const rendered = await renderStack("dev");
            const eks = rendered.named("dev-eks-eks");
            assert.ok(Object.values(eks.propertyDependencies).flat().length > 0, "EKS cluster has no input dependency");
            assert.ok(eks.propertyDependencies.roleArn?.length === 1, JSON.stringify(eks.propertyDependencies));
            const root = rendered.named("dev-eks-gitops-root-application");
            assert.ok(root.dependencies.includes("dev-eks-argocd-release"));
        });
    });

    it("redactSecrets replaces the engine's secret markers at any depth", () => {
        const secret = (value: unknown) => ({
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value,
        });
        assert.deepEqual(redactSecrets({ a: secret("x"), b: [1, secret({ c: 2 })], d: { e: "plain" } }), {
            a: REDACTED,
            b: [1, REDACTED],
            d: { e: "plain" },
        });
    });

    for (const stack of ["dev", "dev-gke", "prod", "local"]) {
        it(`renders the ${stack} stack within the resources.json contract`, async () => {
            const rendered = await renderStack(stack);
            assert.ok(rendered.resources.length > 0);
            assertContract(rendered);
        });
    }

    it("is deterministic: two renders of a stack produce the same files", async () => {
        const first = (await renderStack("prod")).files();
        const second = (await renderStack("prod")).files();
        assert.deepEqual(second, first);
    });

    it("never writes a secret placed in config", async () => {
        const stackConfig = readStackFile(prodStackFileWithSecrets(), "gitops-platform");
        const sentinels: string[] = [];
        for (const key of stackConfig.secretKeys) {
            assert.equal(stackConfig.config[key], SECRET_PLACEHOLDER);
            // The Teams secret must look like a Workflows webhook URL to pass validation.
            const name = key.split(":")[1];
            const sentinel = `${name === "teamsWebhookUrl" ? "https://x.api.powerautomate.com/" : ""}SENTINEL-${name}-0042`;
            stackConfig.config[key] = sentinel;
            sentinels.push(sentinel);
        }
        assert.ok(sentinels.length >= 3, "the prod stack needs the SSO, Slack and Teams secrets");
        // Cloud credentials a user might keep in stack config never reach a rendered file either.
        for (const key of ["aws:secretKey", "aws:accessKey", "gcp:credentials", "github:token"]) {
            const sentinel = `SENTINEL-${key.replace(":", "-")}-0042`;
            stackConfig.config[key] = sentinel;
            stackConfig.secretKeys.push(key);
            sentinels.push(sentinel);
        }
        const rendered = await renderRaw(stackConfig, "prod");
        const everything = [...rendered.files().map((f) => f.content), JSON.stringify(rendered.result.outputs)].join(
            "\n",
        );
        for (const sentinel of sentinels)
            assert.ok(!everything.includes(sentinel), `${sentinel} leaked into the render`);
    });
});
