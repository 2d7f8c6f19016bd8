/** CIDRs that mean "the whole internet". */
const OPEN_CIDRS = new Set(["0.0.0.0/0", "::/0"]);

/** True for `0.0.0.0/0` and `::/0`. */
export function isOpenCidr(cidr: string): boolean {
    return OPEN_CIDRS.has(cidr.trim());
}
