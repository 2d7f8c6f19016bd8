import { forEachArgoCd, ARGOCD_CARRIERS } from "../lib/argocd";
import { resourcePolicy } from "../lib/policy";
import { isTrue, valueAt } from "../lib/values";

/** Chart components with their own `networkPolicy.create` switch. */
const COMPONENTS = ["controller", "server", "repoServer", "applicationSet", "notifications", "dex", "redis"];

/** Argo CD's pods accept traffic only from where it is expected. */
export const argocdNetworkPolicies = resourcePolicy({
    name: "argocd-network-policies",
    severity: "medium",
    description: "The argo-cd chart creates its NetworkPolicies (and redis-ha's, when redis-ha is on).",
    rationale:
        "CIS Kubernetes Benchmark 5.3.2 (every namespace has NetworkPolicies) and Argo CD's security docs: the repo " +
        "server renders manifests from Git and Redis caches them unauthenticated by default; without policies any " +
        "pod in the cluster can reach them.",
    remediationSteps:
        "Set `global.networkPolicy.create: true` (gitops-platform does) and do not turn it off per component; with " +
        "redis-ha set `redis-ha.networkPolicy.enabled` and `redis-ha.haproxy.networkPolicy.enabled`.",
    types: ARGOCD_CARRIERS,
    validate: (args, report) =>
        forEachArgoCd(args, ({ values, source }) => {
            if (!isTrue(valueAt(values, ["global", "networkPolicy", "create"]))) {
                report(`${source}: \`global.networkPolicy.create\` is not true.`);
            }
            for (const component of COMPONENTS) {
                const own = valueAt(values, [component, "networkPolicy", "create"]);
                if (own === false || own === "false")
                    report(`${source}: \`${component}.networkPolicy.create\` is false.`);
            }
            if (!isTrue(valueAt(values, ["redis-ha", "enabled"]))) return;
            for (const path of [
                ["redis-ha", "networkPolicy"],
                ["redis-ha", "haproxy", "networkPolicy"],
            ]) {
                if (!isTrue(valueAt(values, [...path, "enabled"])))
                    report(`${source}: \`${path.join(".")}.enabled\` is not true.`);
            }
        }),
});
