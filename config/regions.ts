/**
 * The cloud regions the program supports, in one place (documented in docs/configuration.md#regions). A
 * region is checked against these lists, not a pattern, so a typo or an invented region (`eu-west-9`,
 * `europe-west99`) is refused before anything is created.
 *
 * AWS: the commercial regions of the pinned `@pulumi/aws` provider's `Region` enum, plus GovCloud and the
 * isolated US regions whose partitions `partitionOf` (components/cluster/eks/iam.ts) knows. China
 * (`aws-cn`), the European Sovereign Cloud (`aws-eusc`) and the other isolated partitions are not supported:
 * their ARNs differ and the program does not build them.
 *
 * Google Cloud: the public regions listed in Google's "Geography and regions" pages when this list was last
 * checked. Add a region here (and a test case) when a cloud opens one.
 */

/** AWS regions an EKS cluster may be created in. */
export const AWS_REGIONS = [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
] as const;

/** Google Cloud regions a GKE cluster may be created in. */
export const GCP_REGIONS = [
    "africa-south1",
    "asia-east1",
    "asia-east2",
    "asia-northeast1",
    "asia-northeast2",
    "asia-northeast3",
    "asia-south1",
    "asia-south2",
    "asia-southeast1",
    "asia-southeast2",
    "australia-southeast1",
    "australia-southeast2",
    "europe-central2",
    "europe-north1",
    "europe-north2",
    "europe-southwest1",
    "europe-west1",
    "europe-west2",
    "europe-west3",
    "europe-west4",
    "europe-west6",
    "europe-west8",
    "europe-west9",
    "europe-west10",
    "europe-west12",
    "me-central1",
    "me-central2",
    "me-west1",
    "northamerica-northeast1",
    "northamerica-northeast2",
    "northamerica-south1",
    "southamerica-east1",
    "southamerica-west1",
    "us-central1",
    "us-east1",
    "us-east4",
    "us-east5",
    "us-south1",
    "us-west1",
    "us-west2",
    "us-west3",
    "us-west4",
] as const;

/** The supported regions closest in spelling to `region`, for a "did you mean" hint. */
export function nearestRegions(region: string, regions: readonly string[], count = 3): string[] {
    const distance = (a: string, b: string): number => {
        const row = Array.from({ length: b.length + 1 }, (_, i) => i);
        for (let i = 1; i <= a.length; i++) {
            let previous = row[0];
            row[0] = i;
            for (let j = 1; j <= b.length; j++) {
                const current = row[j];
                row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.length];
    };
    return [...regions]
        .map((candidate) => ({ candidate, d: distance(region, candidate) }))
        .sort((x, y) => x.d - y.d || x.candidate.localeCompare(y.candidate))
        .slice(0, count)
        .map((x) => x.candidate);
}
