import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

/** What makes a subnet public: instances get public addresses, or it is tagged for internet-facing load balancers. */
function publicReason(subnet: PolicyResource): string | undefined {
    if (subnet.props.mapPublicIpOnLaunch === true) return "it gives instances public IP addresses";
    if (subnet.props.tags?.["kubernetes.io/role/elb"] !== undefined)
        return "it is tagged for internet-facing load balancers";
    return undefined;
}

/** Node groups run in private subnets only. */
export const eksNodesPrivateSubnets = stackPolicy({
    name: "eks-nodes-private-subnets",
    severity: "high",
    description: "EKS node groups run in private subnets only.",
    rationale:
        "CIS Amazon EKS Benchmark 5.4.3: deploy nodes in private subnets. A node in a public subnet can get a " +
        "public address, so its kubelet and host ports are one security-group mistake away from the internet.",
    remediationSteps:
        "Give the node group the VPC's private subnets (gitops-platform's EKS component does; with `existingVpc`, " +
        "list private subnets in `privateSubnetIds`).",
    appliesTo: [TYPES.eksNodeGroup, TYPES.subnet],
    validateStack: ({ resources, notApplicable }, report) => {
        const groups = resources.filter((r) => r.type === TYPES.eksNodeGroup);
        if (groups.length === 0) notApplicable("the stack has no EKS node groups");
        for (const group of groups) {
            // The engine links inputs to the resources they came from; subnets from outside the stack
            // (an existing VPC) cannot be judged here.
            const subnets = (group.propertyDependencies?.subnetIds ?? []).filter((r) => r.type === TYPES.subnet);
            for (const subnet of subnets) {
                const reason = publicReason(subnet);
                if (reason)
                    report(
                        `Node group ${group.name} uses subnet ${subnet.name}, which is public: ${reason}.`,
                        group.urn,
                    );
            }
        }
    },
});
