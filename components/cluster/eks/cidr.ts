import * as ipaddr from "ipaddr.js";
import { parseCidr } from "../../../policies/lib/network";

/** IPv4 CIDR arithmetic for laying out subnets; pure and tested on its own. */

/** An IPv4 address held as an integer, written in dotted form. */
function formatIpv4(address: bigint): string {
    return ipaddr.fromByteArray([24n, 16n, 8n, 0n].map((shift) => Number((address >> shift) & 255n))).toString();
}

/**
 * The `netNum`-th subnet of `base` that is `newBits` longer than it (as Terraform's `cidrsubnet`):
 * `cidrSubnet("10.0.0.0/16", 3, 1)` is `10.0.32.0/19`.
 */
export function cidrSubnet(base: string, newBits: number, netNum: number): string {
    const parsed = parseCidr(base);
    if (parsed?.family !== "ipv4") throw new Error(`not an IPv4 CIDR: ${base}`);
    const newPrefix = parsed.prefix + newBits;
    if (newPrefix > 32) throw new Error(`${base} cannot be split into /${newPrefix} subnets`);
    if (netNum < 0 || netNum >= 2 ** newBits)
        throw new Error(`${base} has no subnet number ${netNum} of /${newPrefix}`);
    return `${formatIpv4(parsed.first + BigInt(netNum) * (1n << BigInt(32 - newPrefix)))}/${newPrefix}`;
}

/** Subnets of a new EKS VPC: one private and one public per zone. */
export interface SubnetLayout {
    private: string[];
    public: string[];
}

/**
 * Splits a VPC range into eighths: the first six are the zones' private subnets (nodes and pods need most of
 * the addresses), and the seventh is cut into eight public subnets (load balancers and NAT need few).
 * A /16 gives /19 private and /22 public subnets.
 */
export function eksSubnetLayout(vpcCidr: string, zoneCount: number): SubnetLayout {
    if (!Number.isInteger(zoneCount) || zoneCount < 1 || zoneCount > 6)
        throw new Error(`zone count must be 1 to 6, got ${zoneCount}`);
    const zones = [...Array(zoneCount).keys()];
    return {
        private: zones.map((zone) => cidrSubnet(vpcCidr, 3, zone)),
        public: zones.map((zone) => cidrSubnet(vpcCidr, 6, 6 * 8 + zone)),
    };
}
