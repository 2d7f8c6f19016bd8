import { strict as assert } from "assert";
import { applicationHealthLua } from "../../../../components/argocd/health";
import { runHealthScript } from "../../../lua";

/** Runs the Application health check on a resource. */
const health = (resource: unknown) => runHealthScript(applicationHealthLua(), resource);

const application = (status?: unknown) => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "child", namespace: "argocd" },
    spec: { project: "platform" },
    ...(status === undefined ? {} : { status }),
});

describe("Lua health check for argoproj.io/Application", () => {
    it("reports a Healthy child as Healthy", () => {
        assert.deepEqual(health(application({ health: { status: "Healthy" }, sync: { status: "Synced" } })), {
            status: "Healthy",
            message: "",
        });
    });

    it("reports a Progressing child as Progressing, with its message", () => {
        assert.deepEqual(health(application({ health: { status: "Progressing", message: "Waiting for rollout" } })), {
            status: "Progressing",
            message: "Waiting for rollout",
        });
    });

    it("reports a Degraded child as Degraded", () => {
        assert.deepEqual(health(application({ health: { status: "Degraded", message: "Back-off pulling image" } })), {
            status: "Degraded",
            message: "Back-off pulling image",
        });
    });

    it("reports a child with no status yet as Progressing, so waves wait for it", () => {
        assert.equal(health(application()).status, "Progressing");
        assert.equal(health(application({})).status, "Progressing");
        assert.equal(health(application({ health: {} })).status, "Progressing");
    });

    it("passes other health states through (Missing, Suspended, Unknown)", () => {
        for (const status of ["Missing", "Suspended", "Unknown"])
            assert.equal(health(application({ health: { status } })).status, status);
    });
});
