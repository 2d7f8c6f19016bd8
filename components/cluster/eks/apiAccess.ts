import { cidrCoveredBy, parseCidr } from "../../../policies/lib/network";

/**
 * Who can reach an EKS cluster's Kubernetes API, as EKS decides it (EKS user guide, "Cluster API server
 * endpoint"):
 * - the public endpoint answers a source address only when `endpointPublicAccess` is on and the address is in
 *   one of `publicAccessCidrs` (an empty list means 0.0.0.0/0 to AWS, which this program never sends);
 * - the private endpoint answers only inside the cluster's VPC and networks routed to it (peering, transit
 *   gateway, VPN), and only where the cluster security group admits the source on 443; such a network must
 *   exist before `up`, so a VPC the stack itself creates cannot hold the machine that runs that first `up`.
 *
 * Config validation runs {@link apiReachabilityProblems} over every EKS cluster, so a stack whose deployer has
 * no path to an API is refused before any resource is created.
 */

/** How the Kubernetes API of an EKS cluster is reached (`clusters[].endpointAccess`). */
export const EKS_ENDPOINT_ACCESS_MODES = ["public", "private"] as const;
/** One of {@link EKS_ENDPOINT_ACCESS_MODES}. */
export type EksEndpointAccessMode = (typeof EKS_ENDPOINT_ACCESS_MODES)[number];

/** EKS quota "public access CIDR blocks per cluster" (EKS user guide, service quotas). */
export const MAX_PUBLIC_ACCESS_CIDRS = 40;

/** Where the deployer (whatever runs `pulumi up`, verify, drift and teardown) sends its traffic from. */
export interface DeployerNetwork {
    /** Public addresses it reaches the internet from, e.g. a runner group's fixed IP range. */
    egressCidrs: string[];
    /** Private addresses it has in a network routed to an existing cluster VPC. */
    privateCidrs: string[];
}

/** The settings of one EKS cluster that decide who reaches its API. */
export interface EksEndpointSettings {
    endpointAccess: EksEndpointAccessMode;
    endpointPublicAccessCidrs: string[];
    /** True when the cluster goes into a VPC that exists before the stack (`existingVpc`). */
    existingVpc: boolean;
}

/** The `vpcConfig` endpoint fields sent to EKS. The private endpoint is always on: nodes use it. */
export function eksEndpointConfig(settings: EksEndpointSettings): {
    endpointPrivateAccess: true;
    endpointPublicAccess: boolean;
    publicAccessCidrs: string[] | undefined;
} {
    const isPublic = settings.endpointAccess === "public";
    return {
        endpointPrivateAccess: true,
        endpointPublicAccess: isPublic,
        publicAccessCidrs: isPublic ? settings.endpointPublicAccessCidrs : undefined,
    };
}

/** The CIDRs the cluster security group admits on 443 so a deployer in a connected network reaches the API. */
export function privateEndpointSources(settings: EksEndpointSettings, deployer: DeployerNetwork): string[] {
    return settings.endpointAccess === "private" ? deployer.privateCidrs : [];
}

/** One reason the deployer cannot reach a cluster's API, or a setting that contradicts the chosen mode. */
export interface ReachabilityProblem {
    /** Key path below the cluster entry (`["endpointPublicAccessCidrs"]`), or a stack key (`["deployer", ...]`). */
    path: (string | number)[];
    /** True when `path` starts at the stack root instead of the cluster entry. */
    stackKey: boolean;
    message: string;
}

/**
 * Whether `source` (a deployer CIDR, public or private) reaches the API of a cluster with these settings: the
 * model the tests exercise and config validation relies on.
 */
export function canReachApi(
    settings: EksEndpointSettings,
    deployer: DeployerNetwork,
    source: { cidr: string; network: "internet" | "connected" },
): boolean {
    if (source.network === "internet") {
        return (
            settings.endpointAccess === "public" &&
            settings.endpointPublicAccessCidrs.length > 0 &&
            cidrCoveredBy(source.cidr, settings.endpointPublicAccessCidrs)
        );
    }
    // The private endpoint: only from a network that exists before `up` and that the security group admits.
    const admitted = privateEndpointSources(settings, deployer);
    return (
        settings.endpointAccess === "private" &&
        settings.existingVpc &&
        admitted.length > 0 &&
        cidrCoveredBy(source.cidr, admitted)
    );
}

/**
 * Every reason the deployer described by `deployer` (stack key `deployer`) cannot reach this cluster's API, each
 * with what to set instead. Empty when every deployer address has a path.
 */
export function apiReachabilityProblems(
    settings: EksEndpointSettings,
    deployer: DeployerNetwork,
): ReachabilityProblem[] {
    const problems: ReachabilityProblem[] = [];
    if (settings.endpointAccess === "public") {
        if (settings.endpointPublicAccessCidrs.length === 0) {
            problems.push({
                path: ["endpointPublicAccessCidrs"],
                stackKey: false,
                message:
                    "is empty, and EKS opens a public endpoint with no CIDRs to 0.0.0.0/0; list the deployer's egress " +
                    "ranges (deployer.egressCidrs) and your admins' networks, or set endpointAccess: private",
            });
        }
        if (deployer.egressCidrs.length === 0) {
            problems.push({
                path: ["deployer", "egressCidrs"],
                stackKey: true,
                message:
                    "is empty, so nothing says where `pulumi up` runs from and whether it reaches the public endpoint " +
                    "of this EKS cluster; list the fixed public ranges of your deploy runners (docs/ci.md#runner-network)",
            });
        }
        if (settings.endpointPublicAccessCidrs.length > 0) {
            deployer.egressCidrs
                // A value that is not a CIDR is reported by its own pattern.
                .filter((cidr) => parseCidr(cidr) !== undefined)
                .filter((cidr) => !canReachApi(settings, deployer, { cidr, network: "internet" }))
                .forEach((cidr) =>
                    problems.push({
                        path: ["endpointPublicAccessCidrs"],
                        stackKey: false,
                        message: `does not cover the deployer's egress range ${cidr} (deployer.egressCidrs), so \`pulumi up\` could not reach this cluster's API; add ${cidr} here`,
                    }),
                );
        }
        return problems;
    }
    if (settings.endpointPublicAccessCidrs.length > 0) {
        problems.push({
            path: ["endpointPublicAccessCidrs"],
            stackKey: false,
            message: "applies only to endpointAccess: public; remove it, or set endpointAccess: public",
        });
    }
    if (!settings.existingVpc) {
        problems.push({
            path: ["endpointAccess"],
            stackKey: false,
            message:
                "private makes the API reachable only from inside the cluster's VPC, and this stack creates that VPC, " +
                "so the `up` that creates it cannot reach the API; set existingVpc to a VPC your deploy runners " +
                "are in (or routed to), or use endpointAccess: public with endpointPublicAccessCidrs",
        });
    }
    if (deployer.privateCidrs.length === 0) {
        problems.push({
            path: ["deployer", "privateCidrs"],
            stackKey: true,
            message:
                "is empty, so the private endpoint's security group admits no deployer; list the private ranges " +
                "your deploy runners use inside (or routed to) the existing VPC",
        });
    }
    return problems;
}
