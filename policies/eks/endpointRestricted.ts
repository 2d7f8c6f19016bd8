import { resourcePolicy } from "../lib/policy";
import { MIN_ALLOWED_PREFIX, allowListProblems } from "../lib/network";
import { TYPES } from "../lib/types";

/** The EKS API endpoint is private, or public only to listed networks that are not the whole internet. */
export const eksEndpointRestricted = resourcePolicy({
    name: "eks-endpoint-restricted",
    severity: "critical",
    description: `The EKS API endpoint is private, or public only to listed CIDRs, none broader than a /${MIN_ALLOWED_PREFIX.ipv4} and together not the whole internet.`,
    rationale:
        "CIS Amazon EKS Benchmark 5.4.1 and 5.4.2: restrict access to the control plane endpoint. A public endpoint " +
        "open to 0.0.0.0/0 exposes the API server (and any credential or CVE in it) to the whole internet.",
    remediationSteps:
        "List only your own networks in `endpointPublicAccessCidrs` (your deploy runners' fixed range, " +
        "`deployer.egressCidrs`, and your admins'), or set `endpointAccess: private` in an `existingVpc` your " +
        "runners are routed to. Never list 0.0.0.0/0, ranges broader than a /16 (IPv6: /48), or ranges that add " +
        "up to the whole internet (0.0.0.0/1 + 128.0.0.0/1).",
    types: [TYPES.eksCluster],
    validate: ({ props }, report) => {
        const vpc = props.vpcConfig ?? {};
        // The AWS API makes the endpoint public unless told otherwise.
        if (vpc.endpointPublicAccess === false) return;
        const cidrs: string[] = vpc.publicAccessCidrs ?? [];
        if (cidrs.length === 0) {
            report("The endpoint is public and `vpcConfig.publicAccessCidrs` is empty, so AWS allows 0.0.0.0/0.");
        } else {
            const problems = allowListProblems(cidrs);
            if (problems.length > 0)
                report(`The endpoint is public to more than your networks: ${problems.join("; ")}.`);
        }
    },
});
