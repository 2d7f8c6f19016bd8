import { strict as assert } from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { PROJECT_NAME } from "../../config/load";
import { parseStackConfig } from "../../render/cliSupport";
import { stackConfigFromMap } from "../../config/stackFile";
import * as YAML from "yaml";
import { HEADER, formatRow, manyClusters } from "../../bench/bench";
import { classOf } from "../../bench/floor";
import { ROOT } from "../helpers";

// The benchmark itself is run by hand (`npm run bench`); these check its parts, never its timings.
describe("benchmark", () => {
    it("generates valid stacks of N clusters, EKS and GKE alternating, uniquely named", () => {
        const text = manyClusters(path.join(ROOT, "Pulumi.prod.yaml"), 5);
        const config = (YAML.parse(text) as { config: Record<string, unknown> }).config;
        const parsed = parseStackConfig(stackConfigFromMap(config, PROJECT_NAME));
        assert.deepEqual(
            parsed.clusters.map((c) => [c.name, c.cloud]),
            [
                ["c001-eks", "aws"],
                ["c002-gke", "gcp"],
                ["c003-eks", "aws"],
                ["c004-gke", "gcp"],
                ["c005-eks", "aws"],
            ],
        );
    });

    it("floor: finds each provider's own class for a type token", () => {
        assert.equal(classOf("aws:ec2/vpc:Vpc"), aws.ec2.Vpc);
        assert.equal(classOf("kubernetes:core/v1:Secret"), k8s.core.v1.Secret);
        assert.equal(classOf("kubernetes:helm.sh/v3:Release"), k8s.helm.v3.Release);
        assert.equal(classOf("random:index/randomPassword:RandomPassword"), random.RandomPassword);
        assert.equal(classOf("pulumi:providers:aws"), aws.Provider);
        assert.equal(classOf("kubernetes:argoproj.io/v1alpha1:Application"), undefined);
    });

    it("prints render and floor side by side with their ratios, aligned with the header", () => {
        const row = formatRow("prod", 152, { seconds: 3, rssMb: 450 }, { seconds: 2, rssMb: 300 });
        assert.equal(row.length, HEADER.length);
        assert.deepEqual(row.split(/\s{2,}/), ["prod", "152", "3.00", "2.00", "1.50x", "450", "300", "1.50x"]);
    });
});
