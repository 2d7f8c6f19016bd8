import {
    DEVELOPMENT,
    expectMetadata,
    expectNotApplicable,
    expectPass,
    expectViolation,
    expectViolations,
} from "../lib/spec";
import { TYPES } from "../lib/types";
import { release, secureValues } from "./fixtures";
import { argocdHighAvailability as policy } from "./highAvailability";

function without(change: (values: ReturnType<typeof secureValues>) => void) {
    const values = secureValues();
    change(values);
    return release(values);
}

describe("argocd-high-availability", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-high-availability"));
    it("passes HA values", () => expectPass(policy, TYPES.helmRelease, release()));
    it("fails without redis-ha", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            without((v) => (v["redis-ha"].enabled = false)),
            /redis-ha.enabled` is not true/,
        ));
    it("fails a single API server", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            without((v) => (v.server = { ...v.server, autoscaling: undefined, replicas: 1 })),
            /`server` runs 1 replica/,
        ));
    it("fails autoscaling that may go down to one repo server", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            without((v) => (v.repoServer.autoscaling = { enabled: true, minReplicas: 1 })),
            /`repoServer` runs 1 replica/,
        ));
    it("fails a single ApplicationSet controller", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            without((v) => (v.applicationSet.replicas = 1)),
            /`applicationSet` runs 1/,
        ));
    it("fails a missing PodDisruptionBudget", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            without((v) => (v.controller.pdb = { enabled: false })),
            /controller.pdb.enabled/,
        ));
    it("fails the chart's defaults on every count", () =>
        expectViolations(policy, TYPES.helmRelease, release({}), [
            /redis-ha/,
            /`server` runs 1/,
            /`repoServer` runs 1/,
            /`applicationSet` runs 1/,
            /controller.pdb/,
            /server.pdb/,
            /repoServer.pdb/,
            /applicationSet.pdb/,
        ]));
    it("does not apply outside production", () =>
        expectNotApplicable(policy, TYPES.helmRelease, release({}), { stack: DEVELOPMENT }));
});
