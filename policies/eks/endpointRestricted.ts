import { resourcePolicy } from "../lib/policy";
import { isOpenCidr } from "../lib/network";
import { TYPES } from "../lib/types";

/** The EKS API endpoint is private, or public only to listed networks that are not the whole internet. */
export const eksEndpointRestricted = resourcePolicy({
    name: "eks-endpoint-restricted",
    severity: "critical",
    description: "The EKS API endpoint is private, or public only to listed CIDRs that are not 0.0.0.0/0.",
    rationale:
        "CIS Amazon EKS Benchmark 5.4.1 and 5.4.2: restrict access to the control plane endpoint. A public endpoint " +
        "open to 0.0.0.0/0 exposes the API server (and any credential or CVE in it) to the whole internet.",
    remediationSteps:
        "List only your own networks in `endpointPublicAccessCidrs` (your deploy runners' fixed range, " +
        "`deployer.egressCidrs`, and your admins'), or set `endpointAccess: private` in an `existingVpc` your " +
        "runners are routed to. Never list 0.0.0.0/0.",
    types: [TYPES.eksCluster],
    validate: ({ props }, report) => {
        const vpc = props.vpcConfig ?? {};
        // The AWS API makes the endpoint public unless told otherwise.
        if (vpc.endpointPublicAccess === false) return;
        const cidrs: string[] = vpc.publicAccessCidrs ?? [];
        if (cidrs.length === 0) {
            report("The endpoint is public and `vpcConfig.publicAccessCidrs` is empty, so AWS allows 0.0.0.0/0.");
        } else if (cidrs.some(isOpenCidr)) {
            report(`The endpoint is public to ${cidrs.filter(isOpenCidr).join(", ")}.`);
        }
    },
});
