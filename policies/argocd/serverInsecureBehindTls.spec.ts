import { expectMetadata, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { release, secureValues } from "./fixtures";
import { argocdServerInsecureBehindTls as policy } from "./serverInsecureBehindTls";

function withIngress(ingress: Record<string, unknown> | undefined, insecure: unknown = "true") {
    const values = secureValues();
    values.configs.params["server.insecure"] = insecure;
    values.server.ingress = ingress;
    return release(values);
}

describe("argocd-server-insecure-behind-tls", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-server-insecure-behind-tls"));
    it("passes plain HTTP behind an ingress with TLS", () => expectPass(policy, TYPES.helmRelease, release()));
    it("passes TLS in the server itself (no server.insecure), without an ingress", () =>
        expectPass(policy, TYPES.helmRelease, withIngress(undefined, false)));
    it("passes an ingress with extraTls", () =>
        expectPass(
            policy,
            TYPES.helmRelease,
            withIngress({ enabled: true, extraTls: [{ hosts: ["argocd.example.com"], secretName: "tls" }] }),
        ));
    it("passes an ALB terminating TLS with an ACM certificate", () =>
        expectPass(
            policy,
            TYPES.helmRelease,
            withIngress({
                enabled: true,
                annotations: { "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:1:certificate/x" },
            }),
        ));
    it("fails plain HTTP without an ingress", () =>
        expectViolation(policy, TYPES.helmRelease, withIngress(undefined), /server.ingress.enabled` is not/));
    it("fails plain HTTP behind an ingress without TLS", () =>
        expectViolation(
            policy,
            TYPES.helmRelease,
            withIngress({ enabled: true, tls: false }),
            /the ingress has no TLS/,
        ));
    it("reads server.insecure given as a boolean", () =>
        expectViolation(policy, TYPES.helmRelease, withIngress({ enabled: false }, true), /server.ingress.enabled/));
});
