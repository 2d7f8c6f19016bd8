/** Decisions about EKS managed node groups; pure and tested on their own. */

/** Graviton (arm64) instance families carry a `g` after the generation digit: m7g, c6gn, t4g, r8g. */
const GRAVITON = /^[a-z]+\d+g[a-z]*\./;

/** The EKS AMI type for a pool's instance types: Amazon Linux 2023 on arm64 (Graviton) or x86_64. */
export function amiTypeFor(instanceTypes: readonly string[]): "AL2023_ARM_64_STANDARD" | "AL2023_x86_64_STANDARD" {
    return instanceTypes.every((t) => GRAVITON.test(t)) ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}

/** True when a pool mixes Graviton and x86 instance types, which one AMI cannot serve. */
export function mixesArchitectures(instanceTypes: readonly string[]): boolean {
    const arm = instanceTypes.filter((t) => GRAVITON.test(t)).length;
    return arm > 0 && arm < instanceTypes.length;
}

/** Kubernetes taint effect to the EKS API's spelling. */
export function eksTaintEffect(effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute"): string {
    return { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" }[effect];
}
