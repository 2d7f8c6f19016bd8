/**
 * AWS availability zone IDs (`euw1-az1`) name the same physical zone in every account, unlike zone names
 * (`eu-west-1a`), which AWS maps per account. A zone ID starts with its region's short code: the region's area
 * (`eu`), one letter per word of its direction (`west` → `w`, `southeast` → `se`, `gov` → `g`) and its number.
 */
const DIRECTION_CODES: Record<string, string> = {
    north: "n",
    south: "s",
    east: "e",
    west: "w",
    central: "c",
    northeast: "ne",
    northwest: "nw",
    southeast: "se",
    southwest: "sw",
    gov: "g",
};

/** The short code zone IDs of `region` start with: `eu-west-1` → `euw1`, `us-gov-west-1` → `usgw1`. */
export function awsZoneIdPrefix(region: string): string {
    const [area, ...rest] = region.split("-");
    const number = rest.pop() ?? "";
    return area + rest.map((word) => DIRECTION_CODES[word] ?? word).join("") + number;
}
