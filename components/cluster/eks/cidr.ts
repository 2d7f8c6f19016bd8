/** IPv4 CIDR arithmetic for laying out subnets; pure and tested on its own. */

function parseCidr(cidr: string): { address: number; prefix: number } {
    const [ip, prefixText] = cidr.split("/");
    const octets = ip.split(".").map(Number);
    const prefix = Number(prefixText);
    if (
        octets.length !== 4 ||
        octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255) ||
        !(prefix >= 0 && prefix <= 32)
    ) {
        throw new Error(`not an IPv4 CIDR: ${cidr}`);
    }
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    return { address, prefix };
}

function formatAddress(address: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/**
 * The `netNum`-th subnet of `base` that is `newBits` longer than it (as Terraform's `cidrsubnet`):
 * `cidrSubnet("10.0.0.0/16", 3, 1)` is `10.0.32.0/19`.
 */
export function cidrSubnet(base: string, newBits: number, netNum: number): string {
    const { address, prefix } = parseCidr(base);
    const newPrefix = prefix + newBits;
    if (newPrefix > 32) throw new Error(`${base} cannot be split into /${newPrefix} subnets`);
    if (netNum < 0 || netNum >= 2 ** newBits)
        throw new Error(`${base} has no subnet number ${netNum} of /${newPrefix}`);
    const network = address - (address % 2 ** (32 - prefix));
    return `${formatAddress(network + netNum * 2 ** (32 - newPrefix))}/${newPrefix}`;
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
