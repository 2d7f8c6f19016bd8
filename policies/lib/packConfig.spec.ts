import * as assert from "assert";
import { ALL_POLICIES } from "../policies";
import { withProductionStack } from "./packConfig";

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
