import { strict as assert } from "assert";
import { ROLE_AND_RULE_NAME_LIMIT, fittingName } from "../../../../components/cluster/eks/naming";
import { awsCluster, baseConfig, renderConfig } from "../../../helpers";

/** The longest cluster name config allows (32 characters, a DNS label). */
const LONGEST = "platform-production-eu-central-1";

describe("AWS names of an EKS cluster's resources", () => {
    it("keeps Pulumi's name while it fits, else hands AWS a prefix it completes within the limit", () => {
        assert.deepEqual(fittingName("dev-eks-cluster-role", 64), {});
        assert.deepEqual(fittingName("a".repeat(56), 64), {}, "56 + '-' + 7 random is exactly 64");
        const { namePrefix } = fittingName("a".repeat(57), 64);
        assert.equal(namePrefix, `${"a".repeat(37)}-`);
        assert.ok(namePrefix!.length + 26 <= 64, "AWS's 26-character suffix fits");
    });

    it("fits every IAM role and EventBridge rule name for the longest cluster name config allows", async () => {
        assert.equal(LONGEST.length, 32);
        const r = await renderConfig({
            ...baseConfig(),
            "gitops-platform:clusters": [awsCluster({ name: LONGEST, region: "eu-central-1" })],
        });
        const named = [...r.ofType("aws:iam/role:Role"), ...r.ofType("aws:cloudwatch/eventRule:EventRule")];
        assert.ok(named.length >= 12, String(named.length));
        const tooLong = named.filter((resource) => {
            const { name, namePrefix } = resource.inputs as { name?: string; namePrefix?: string };
            const longest = name ?? (namePrefix ? namePrefix + "x".repeat(26) : `${resource.name}-xxxxxxx`);
            return longest.length > ROLE_AND_RULE_NAME_LIMIT;
        });
        assert.deepEqual(
            tooLong.map((x) => x.name),
            [],
        );
        // Short names keep the names Pulumi gave them before.
        const short = await renderConfig(baseConfig());
        for (const role of short.ofType("aws:iam/role:Role"))
            assert.equal(role.inputs.namePrefix, undefined, role.name);
    });
});
