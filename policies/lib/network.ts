import * as ipaddr from "ipaddr.js";

/**
 * CIDR arithmetic shared by the config schema and the policies, so both judge a list of networks the same
 * way: parsed by ipaddr.js, compared as address intervals (`0.0.0.0/1` + `128.0.0.0/1` is the whole internet
 * as surely as `0.0.0.0/0` is).
 */

/**
 * Shortest prefix an allow list (API endpoint CIDRs, authorized networks) may hold: a /16 (65,536 addresses)
 * for IPv4, a /48 (one site) for IPv6. Anything broader is not "your network" but a large part of the internet.
 */
export const MIN_ALLOWED_PREFIX = { ipv4: 16, ipv6: 48 } as const;

/** One parsed CIDR as an interval of addresses. */
export interface ParsedCidr {
    /** The text as given. */
    text: string;
    family: "ipv4" | "ipv6";
    prefix: number;
    /** First and last address of the network, as integers. */
    first: bigint;
    last: bigint;
    /** The address as given, as an integer. */
    address: bigint;
    /** The network in canonical form (`10.0.0.0/16` for `10.0.1.0/16`). */
    network: string;
}

const BITS = { ipv4: 32, ipv6: 128 } as const;

function toBigInt(bytes: number[]): bigint {
    return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** Parses `a.b.c.d/n` (four decimal parts only) or an IPv6 CIDR; `undefined` when it is neither. */
export function parseCidr(text: string): ParsedCidr | undefined {
    const trimmed = text.trim();
    const [address, prefixText, ...rest] = trimmed.split("/");
    if (rest.length > 0 || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
    let family: ParsedCidr["family"];
    if (ipaddr.IPv4.isValidFourPartDecimal(address)) family = "ipv4";
    else if (ipaddr.IPv6.isValid(address) && !address.includes("%")) family = "ipv6";
    else return undefined;
    const prefix = Number(prefixText);
    if (prefix > BITS[family]) return undefined;
    const value = toBigInt(ipaddr.parse(address).toByteArray());
    const hostBits = BigInt(BITS[family] - prefix);
    const first = (value >> hostBits) << hostBits;
    const last = first + (1n << hostBits) - 1n;
    const network = (
        family === "ipv4"
            ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`)
            : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`)
    ).toString();
    return { text, family, prefix, address: value, first, last, network: `${network}/${prefix}` };
}

/** True when the CIDR's address is its network address (`10.0.0.0/16`, not `10.0.1.0/16`). */
export function isNetworkAddress(cidr: ParsedCidr): boolean {
    return cidr.address === cidr.first;
}

/** True when two networks share an address. */
export function overlaps(a: ParsedCidr, b: ParsedCidr): boolean {
    return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** How many addresses of one family a list covers together (overlaps counted once). */
export function coveredAddresses(cidrs: readonly ParsedCidr[], family: ParsedCidr["family"]): bigint {
    const intervals = cidrs
        .filter((c) => c.family === family)
        .map((c) => [c.first, c.last] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let total = 0n;
    let current: [bigint, bigint] | undefined;
    for (const [first, last] of intervals) {
        if (current && first <= current[1] + 1n) {
            if (last > current[1]) current[1] = last;
            continue;
        }
        if (current) total += current[1] - current[0] + 1n;
        current = [first, last];
    }
    if (current) total += current[1] - current[0] + 1n;
    return total;
}

/** True when the list, together, covers every address of a family. */
export function coversWholeSpace(cidrs: readonly ParsedCidr[], family: ParsedCidr["family"]): boolean {
    return coveredAddresses(cidrs, family) === 1n << BigInt(BITS[family]);
}

/**
 * True when every address of `inner` is in the union of `outer` (CIDRs that together cover it count); false
 * when `inner` is not a CIDR. Entries of `outer` that are not CIDRs cover nothing.
 */
export function cidrCoveredBy(inner: string, outer: readonly string[]): boolean {
    const network = parseCidr(inner);
    if (!network) return false;
    const list = outer.map(parseCidr).filter((c): c is ParsedCidr => c !== undefined);
    return coveredAddresses([...list, network], network.family) === coveredAddresses(list, network.family);
}

/** One problem of an allow list: at an entry (`index`), or of the list as a whole. */
export interface AllowListProblem {
    index?: number;
    message: string;
}

/**
 * What is wrong with an allow list of networks (empty when nothing is): entries that are not CIDRs or are
 * broader than {@link MIN_ALLOWED_PREFIX}, and lists that together cover the whole address space.
 */
export function allowListIssues(texts: readonly string[]): AllowListProblem[] {
    const problems: AllowListProblem[] = [];
    const parsed: ParsedCidr[] = [];
    texts.forEach((text, index) => {
        const cidr = parseCidr(String(text));
        if (!cidr) {
            problems.push({ index, message: `${JSON.stringify(text)} is not a CIDR` });
            return;
        }
        parsed.push(cidr);
        const min = MIN_ALLOWED_PREFIX[cidr.family];
        if (cidr.prefix < min) {
            const share =
                cidr.prefix === 0 ? "the whole internet" : `1/${2 ** Math.min(cidr.prefix, 52)} of the address space`;
            problems.push({ index, message: `${cidr.text} is broader than a /${min} (${share})` });
        }
    });
    for (const family of ["ipv4", "ipv6"] as const) {
        const ofFamily = parsed.filter((c) => c.family === family);
        if (ofFamily.length > 1 && coversWholeSpace(ofFamily, family)) {
            const list = ofFamily.map((c) => c.text).join(" + ");
            problems.push({
                message: `${list} together cover the whole ${family === "ipv4" ? "IPv4" : "IPv6"} internet`,
            });
        }
    }
    return problems;
}

/** {@link allowListIssues} as sentences, for policy messages. */
export function allowListProblems(texts: readonly string[]): string[] {
    return allowListIssues(texts).map((problem) => problem.message);
}
