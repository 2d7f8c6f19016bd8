import { stackPolicy } from "../lib/policy";
import { TYPES } from "../lib/types";
import { COMPUTED, peek } from "../lib/unknowns";

/* eslint-disable @typescript-eslint/no-explicit-any -- route inputs are untyped */

/** NAT gateways each route table sends the internet to (`routes[].natGatewayId`), when known. */
function natGatewaysOf(props: Record<string, any>): string[] {
    const routes: any = peek(props, ["routes"]);
    if (!Array.isArray(routes)) return [];
    return routes
        .map((route) => peek(route, ["natGatewayId"]))
        .filter((id): id is string => id !== COMPUTED && typeof id === "string" && id !== "");
}

/** Every private route table of a production VPC has a NAT gateway of its own (one per zone). */
export const eksNatGatewayPerZone = stackPolicy({
    name: "eks-nat-gateway-per-zone",
    severity: "medium",
    productionOnly: true,
    description: "On production stacks no NAT gateway serves the private subnets of more than one zone.",
    rationale:
        "AWS VPC documentation and the Well-Architected reliability pillar: a NAT gateway lives in one zone; when " +
        "the private subnets of every zone route through it, that zone's outage cuts the whole cluster's egress " +
        "(image pulls, AWS APIs, Git), and cross-zone traffic costs extra.",
    remediationSteps:
        "Leave `natGateways` unset (one per zone in prod) or set it to `perZone`; gitops-platform refuses " +
        "`single` in prod.",
    appliesTo: [TYPES.routeTable],
    validateStack: ({ resources, notApplicable }, report) => {
        const tables = resources.filter((r) => r.type === TYPES.routeTable && natGatewaysOf(r.props).length > 0);
        if (tables.length === 0) return notApplicable("the stack has no route tables through a NAT gateway");
        const users = new Map<string, string[]>();
        for (const table of tables) {
            for (const nat of natGatewaysOf(table.props)) users.set(nat, [...(users.get(nat) ?? []), table.name]);
        }
        for (const [nat, names] of users) {
            if (names.length > 1) {
                report(
                    `NAT gateway ${nat} serves ${names.length} route tables (${names.join(", ")}): one zone's outage cuts their egress.`,
                );
            }
        }
    },
});
