import { resourcePolicy } from "../lib/policy";
import { MIN_ALLOWED_PREFIX, allowListProblems } from "../lib/network";
import { TYPES } from "../lib/types";

/** A public control-plane endpoint is reachable only from listed networks, never from the whole internet. */
export const gkeAuthorizedNetworks = resourcePolicy({
    name: "gke-authorized-networks",
    severity: "critical",
    description: `The GKE control plane is private, or public only to authorized networks, none broader than a /${MIN_ALLOWED_PREFIX.ipv4} and together not the whole internet.`,
    rationale:
        "CIS Google Kubernetes Engine Benchmark 5.6.3 and 5.6.4: enable control plane authorized networks and the " +
        "private endpoint. An endpoint open to 0.0.0.0/0 (or to all Google Cloud addresses) exposes the API server " +
        "to anyone.",
    remediationSteps:
        "Leave `endpointPublicAccessCidrs` empty for a private endpoint, or list only your own networks (none broader than a /16, " +
        "and not adding up to the whole internet such as 0.0.0.0/1 + 128.0.0.0/1); keep " +
        "`gcpPublicCidrsAccessEnabled` false.",
    types: [TYPES.gkeCluster],
    validate: ({ props }, report) => {
        if (props.privateClusterConfig?.enablePrivateEndpoint === true) return;
        const authorized = props.masterAuthorizedNetworksConfig;
        if (!authorized) {
            return report(
                "The endpoint is public and `masterAuthorizedNetworksConfig` is not set: any address may connect.",
            );
        }
        const cidrs: string[] = (authorized.cidrBlocks ?? []).map((b: { cidrBlock: string }) => b.cidrBlock);
        if (cidrs.length === 0) report("The endpoint is public and lists no authorized networks.");
        const problems = allowListProblems(cidrs);
        if (problems.length > 0) report(`The authorized networks are more than your networks: ${problems.join("; ")}.`);
        if (authorized.gcpPublicCidrsAccessEnabled === true) {
            report("`gcpPublicCidrsAccessEnabled` lets every Google Cloud address reach the endpoint.");
        }
    },
});
