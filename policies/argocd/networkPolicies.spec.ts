import { expectMetadata, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { release, secureValues } from "./fixtures";
import { argocdNetworkPolicies as policy } from "./networkPolicies";

function changed(change: (values: ReturnType<typeof secureValues>) => void) {
    const values = secureValues();
    change(values);
    return release(values);
}

describe("argocd-network-policies", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-network-policies"));
    it("passes network policies on, with redis-ha's", () => expectPass(policy, TYPES.helmRelease, release()));
    it("passes without redis-ha, where its policies do not matter", () =>
        expectPass(
            policy,
            TYPES.helmRelease,
            changed((v) => (v["redis-ha"] = { enabled: false })),
        ));
    it("fails the chart's default (no network policies)", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            changed((v) => delete v.global),
            /global.networkPolicy.create` is not true/,
        ));
    it("fails a component that turns its policy off", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            changed((v) => (v.repoServer.networkPolicy = { create: false })),
            /repoServer.networkPolicy.create` is false/,
        ));
    it("fails redis-ha without its network policy", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            changed((v) => (v["redis-ha"].networkPolicy.enabled = false)),
            /redis-ha.networkPolicy/,
        ));
    it("fails redis-ha's HAProxy without its network policy", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            changed((v) => delete v["redis-ha"].haproxy),
            /redis-ha.haproxy.networkPolicy/,
        ));
});
