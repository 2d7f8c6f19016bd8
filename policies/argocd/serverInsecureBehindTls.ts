import { forEachArgoCd, ARGOCD_CARRIERS } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { isTrue, valueAt } from "../lib/values";

/** Ingress annotations that make the load balancer terminate TLS with its own certificate. */
const TLS_TERMINATING_ANNOTATIONS = [
    "alb.ingress.kubernetes.io/certificate-arn",
    "networking.gke.io/managed-certificates",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
];

/** The API server serves plain HTTP only behind an ingress that terminates TLS. */
export const argocdServerInsecureBehindTls = resourcePolicy({
    name: "argocd-server-insecure-behind-tls",
    severity: "high",
    description: "`server.insecure` (plain HTTP in the API server) is set only behind a TLS-terminating ingress.",
    rationale:
        "Argo CD's TLS and ingress docs: `server.insecure` turns TLS off in argocd-server so an ingress can " +
        "terminate it. Without such an ingress, logins and tokens travel in clear text.",
    remediationSteps:
        "Either remove `server.insecure` from `configs.params`, or set `argocd.ingress` with TLS (`server.ingress." +
        "tls: true`, `extraTls`, or a load-balancer certificate annotation).",
    types: ARGOCD_CARRIERS,
    validate: (args, report) =>
        forEachArgoCd(args, ({ values, source }) => {
            if (!isTrue(valueAt(values, ["configs", "params", "server.insecure"]))) return;
            const ingress = valueAt(values, ["server", "ingress"]) ?? {};
            if (!isTrue(ingress.enabled)) {
                return report(`${source}: \`server.insecure\` is true but \`server.ingress.enabled\` is not.`);
            }
            const annotations: Record<string, unknown> = ingress.annotations ?? {};
            const terminatesTls =
                isTrue(ingress.tls) ||
                (Array.isArray(ingress.extraTls) && ingress.extraTls.length > 0) ||
                TLS_TERMINATING_ANNOTATIONS.some((a) => annotations[a] !== undefined);
            if (!terminatesTls) report(`${source}: \`server.insecure\` is true but the ingress has no TLS.`);
        }),
});
