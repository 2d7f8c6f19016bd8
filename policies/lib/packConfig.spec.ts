import * as assert from "assert";
import { ALL_POLICIES } from "../policies";
import { githubWebhookSecure } from "../github/webhookSecure";
import { eksEndpointRestricted } from "../eks/endpointRestricted";
import { configuredLevel, effectiveLevel, withProductionStack } from "./packConfig";

describe("pack config for a production stack", () => {
    it("adds the stack to every policy's production stacks, keeping the defaults", () => {
        const config = withProductionStack({}, ALL_POLICIES, "production");
        assert.deepStrictEqual(
            Object.keys(config),
            ALL_POLICIES.map((p) => p.name),
        );
        for (const entry of Object.values(config)) {
            assert.deepStrictEqual(entry, { productionStacks: ["prod", "production"] });
        }
    });

    it("keeps levels, other keys and listed stacks from the given config", () => {
        const config = withProductionStack(
            {
                "eks-standard-support": "advisory",
                "argocd-chart-version": { minimumChartVersion: "11.0.0", productionStacks: ["live"] },
            },
            ALL_POLICIES,
            "prod",
        );
        assert.deepStrictEqual(config["eks-standard-support"], {
            enforcementLevel: "advisory",
            productionStacks: ["prod"],
        });
        assert.deepStrictEqual(config["argocd-chart-version"], {
            minimumChartVersion: "11.0.0",
            productionStacks: ["live", "prod"],
        });
    });
});

describe("enforcement levels under a pack config", () => {
    it("takes a policy's own entry, then the pack-wide `all` entry", () => {
        assert.strictEqual(configuredLevel({ all: "advisory", x: "disabled" }, "x"), "disabled");
        assert.strictEqual(configuredLevel({ all: { enforcementLevel: "advisory" } }, "x"), "advisory");
        assert.strictEqual(configuredLevel({ x: { productionStacks: [] } }, "x"), undefined);
    });

    it("applies the configured level to an ordinary policy", () => {
        assert.strictEqual(effectiveLevel(eksEndpointRestricted, "disabled"), "disabled");
        assert.strictEqual(effectiveLevel(eksEndpointRestricted, undefined), "mandatory");
    });

    it("never lowers an always-mandatory policy", () => {
        for (const level of ["advisory", "disabled", "remediate", undefined] as const) {
            assert.strictEqual(effectiveLevel(githubWebhookSecure, level), "mandatory");
        }
    });
});
