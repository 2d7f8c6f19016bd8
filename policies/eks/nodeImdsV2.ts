import { resourcePolicy } from "../lib/policy";
import { TYPES } from "../lib/types";

/** Nodes require IMDSv2 with a hop limit of 1, so pods cannot reach the node's instance credentials. */
export const eksNodeImdsV2 = resourcePolicy({
    name: "eks-node-imdsv2",
    severity: "high",
    description: "Node launch templates require IMDSv2 with a response hop limit of 1.",
    rationale:
        "CIS Amazon EKS Benchmark 3.2.x and AWS EKS Best Practices: restrict pod access to the instance metadata " +
        "service. With IMDSv1 or a hop limit above 1 any pod can take the node role's credentials.",
    remediationSteps:
        'Give every node group a launch template with `metadataOptions: { httpTokens: "required", ' +
        "httpPutResponseHopLimit: 1 }`; pods get AWS access through EKS Pod Identity instead.",
    types: [TYPES.launchTemplate, TYPES.eksNodeGroup],
    validate: ({ type, props }, report) => {
        if (type === TYPES.eksNodeGroup) {
            if (!props.launchTemplate) {
                report("The node group has no launch template, so EKS's default metadata options (hop limit 2) apply.");
            }
            return;
        }
        const metadata = props.metadataOptions ?? {};
        if (metadata.httpTokens !== "required") {
            report(`\`metadataOptions.httpTokens\` is ${metadata.httpTokens ?? "unset (optional)"}, not required.`);
        }
        if (metadata.httpPutResponseHopLimit !== 1) {
            report(
                `\`metadataOptions.httpPutResponseHopLimit\` is ${metadata.httpPutResponseHopLimit ?? "unset"}, not 1.`,
            );
        }
    },
});
