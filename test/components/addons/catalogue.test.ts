import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import * as YAML from "yaml";
import {
    ADDON_NAMES,
    CATALOGUE,
    addonApplicationSet,
    addonApplicationSets,
    addonLabels,
    bridgeContractProblems,
    withAddonLabels,
} from "../../../components/addons";
import { ApplicationSetManifest } from "../../../components/addons/contract";
import { expandApplicationSet } from "../../../components/gitops/applicationSets";
import { Cluster } from "../../../components/gitops/permissions";
import { platformConfigSchema } from "../../../config/schema";
import { Rendered, baseConfig, renderStack } from "../../helpers";
import { REFERENCE_DIR, describeWithReference } from "../../reference";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const IN_CLUSTER = "https://kubernetes.default.svc";

/** The cluster Secrets and the seeded add-on ApplicationSets of a rendered stack. */
function bridge(r: Rendered): { clusters: Cluster[]; applicationSets: ApplicationSetManifest[] } {
    const clusters = r
        .ofType("kubernetes:core/v1:Secret")
        .map((s) => s.inputs as Inputs)
        .filter((s) => s.metadata.labels?.["argocd.argoproj.io/secret-type"] === "cluster")
        .map((s) => ({
            name: s.metadata.labels.cluster_name,
            server: IN_CLUSTER,
            labels: s.metadata.labels,
            annotations: s.metadata.annotations,
        }));
    const applicationSets = r
        .ofType("github:index/repositoryFile:RepositoryFile")
        .filter((f) => /^bootstrap\/addons\/.*\.yaml$/.test(String(f.inputs.file)))
        .map((f) => YAML.parse(f.inputs.content as string));
    // A stack Pulumi does not seed (local) gets the same files from `npm run layout`.
    return {
        clusters,
        applicationSets: applicationSets.length > 0 ? applicationSets : Object.values(addonApplicationSets()),
    };
}

describe("add-on catalogue", () => {
    it("lists every add-on once, in wave order, as names.ts does", () => {
        assert.deepEqual(
            CATALOGUE.map((a) => a.name),
            [...ADDON_NAMES],
        );
        CATALOGUE.slice(1).forEach((a, i) => assert.ok(a.wave >= CATALOGUE[i].wave, `${a.name} before its wave`));
    });

    it("labels a cluster with exactly the add-ons its cloud runs, defaults per environment, config overriding", () => {
        assert.deepEqual(Object.keys(addonLabels("gcp", "dev", {})).sort(), [
            "enable_cert_manager",
            "enable_external_dns",
            "enable_external_secrets",
        ]);
        assert.ok(addonLabels("aws", "prod", {}).enable_kube_prometheus_stack);
        assert.ok(!addonLabels("aws", "dev", {}).enable_kube_prometheus_stack);
        assert.ok(addonLabels("existing", "dev", { "kube-prometheus-stack": true }).enable_kube_prometheus_stack);
        assert.ok(!addonLabels("aws", "prod", { "external-dns": false }).enable_external_dns);
        assert.ok(!addonLabels("gcp", "prod", { "metrics-server": true }).enable_metrics_server);
    });

    it("replaces the cloud layer's enable_* labels with the catalogue's", () => {
        const metadata = withAddonLabels(
            { labels: { cloud: "aws", enable_cluster_autoscaler: "true" }, annotations: { a: "b" } },
            "aws",
            "dev",
            { "external-dns": false },
        );
        assert.equal(metadata.labels.enable_cluster_autoscaler, undefined);
        assert.equal(metadata.labels.enable_external_dns, undefined);
        assert.equal(metadata.labels.enable_cert_manager, "true");
        assert.equal(metadata.labels.cloud, "aws");
    });

    it("refuses an add-on no cluster of the stack can run, naming the key", () => {
        const result = platformConfigSchema.safeParse({
            ...Object.fromEntries(Object.entries(baseConfig()).map(([k, v]) => [k.split(":")[1], v])),
            clusters: [{ name: "lab", cloud: "existing", context: "kind-lab" }],
            addons: { "metrics-server": true },
        });
        assert.ok(!result.success);
        const issue = result.error.issues.find((i) => i.path.join(".") === "addons.metrics-server");
        assert.ok(issue, JSON.stringify(result.error.issues));
        assert.match(issue.message, /runs only on aws clusters/);
    });

    it("selects each cloud's clusters by the add-on's label and reads the namespace from the Secret", () => {
        const set = addonApplicationSet(
            CATALOGUE.find((a) => a.name === "external-dns")!,
            "gcp",
        ) as Inputs;
        assert.deepEqual(set.spec.generators[0].clusters.selector.matchLabels, {
            "argocd.argoproj.io/secret-type": "cluster",
            cloud: "gcp",
            enable_external_dns: "true",
        });
        assert.equal(set.spec.template.spec.destination.namespace, "{{.metadata.annotations.external_dns_namespace}}");
    });
});

describe("the GitOps-bridge contract of every committed stack", () => {
    const rendered = new Map<string, Rendered>();
    before(async function () {
        this.timeout(300000);
        for (const stack of ["dev", "dev-gke", "prod", "local"]) rendered.set(stack, await renderStack(stack));
    });

    for (const stack of ["dev", "dev-gke", "prod", "local"]) {
        it(`holds both ways in ${stack}: every template reference is written, every enable_* label consumed`, () => {
            const { clusters, applicationSets } = bridge(rendered.get(stack)!);
            assert.ok(clusters.length > 0 && applicationSets.length === Object.keys(addonApplicationSets()).length);
            assert.deepEqual(bridgeContractProblems(clusters, applicationSets), []);
        });
    }

    it("gives prod's EKS and GKE clusters their catalogue", () => {
        const { clusters, applicationSets } = bridge(rendered.get("prod")!);
        const generated = (cluster: Cluster) =>
            applicationSets.filter((set) =>
                Object.entries((set.spec.generators[0] as Inputs).clusters.selector.matchLabels).every(
                    ([k, v]) => cluster.labels?.[k] === v,
                ),
            );
        const names = (name: string) =>
            generated(clusters.find((c) => c.name === name)!)
                .map((s) => s.metadata.name)
                .sort();
        assert.deepEqual(names("prod-eks"), [
            "argocd-ingress-aws",
            "aws-load-balancer-controller",
            "cert-manager-aws",
            "external-dns-aws",
            "external-secrets-aws",
            "gateway-api-crds",
            "karpenter",
            "karpenter-nodepools",
            "kube-prometheus-stack-aws",
            "metrics-server",
        ]);
        assert.deepEqual(names("prod-gke"), [
            "argocd-ingress-gcp",
            "cert-manager-gcp",
            "external-dns-gcp",
            "external-secrets-gcp",
            "kube-prometheus-stack-gcp",
        ]);
    });

    it("fails on a Secret missing an annotation a template reads, and on a label without a consumer", () => {
        const { clusters, applicationSets } = bridge(rendered.get("prod")!);
        const eks = clusters.find((c) => c.name === "prod-eks")!;
        const { aws_vpc_id: _dropped, ...annotations } = eks.annotations!; // eslint-disable-line @typescript-eslint/no-unused-vars
        const broken = [
            { ...eks, annotations },
            { ...eks, name: "extra", labels: { ...eks.labels, enable_ingress_nginx: "true" } },
        ];
        const problems = bridgeContractProblems(broken, applicationSets);
        assert.ok(
            problems.some((p) => /aws-load-balancer-controller on cluster prod-eks: .*aws_vpc_id/.test(p)),
            problems.join("\n"),
        );
        assert.ok(problems.some((p) => /extra: label enable_ingress_nginx selects no ApplicationSet/.test(p)));
    });
});

/** Every leaf path of a values object (lists and scalars are leaves). */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
        return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
    }
    return [prefix];
}

/** Why a key path is not one the chart takes (values.schema.json when the chart has one, else values.yaml). */
function unknownKey(dir: string, keyPath: string[]): string | undefined {
    const schemaFile = path.join(dir, "values.schema.json");
    if (fs.existsSync(schemaFile)) {
        const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
        const resolve = (node: Inputs): Inputs =>
            node.$ref
                ? resolve(
                      node.$ref
                          .split("/")
                          .slice(1)
                          .reduce((n: Inputs, k: string) => n[k], schema),
                  )
                : node;
        let node = resolve(schema);
        for (let i = 0; i < keyPath.length; i++) {
            const next = node.properties?.[keyPath[i]];
            if (!next) {
                // A map the schema leaves open takes any key below it.
                if (node.additionalProperties !== false && !node.properties) return undefined;
                return `${keyPath.slice(0, i + 1).join(".")} is not in values.schema.json`;
            }
            node = resolve(next);
        }
        return undefined;
    }
    let node: unknown = YAML.parse(fs.readFileSync(path.join(dir, "values.yaml"), "utf8"));
    for (let i = 0; i < keyPath.length; i++) {
        const map = node as Record<string, unknown>;
        if (node === null || typeof node !== "object" || !(keyPath[i] in map))
            return `${keyPath.slice(0, i + 1).join(".")} is not in values.yaml`;
        node = map[keyPath[i]];
        if (node !== null && typeof node === "object" && Object.keys(node).length === 0) return undefined;
    }
    return undefined;
}

const chartDir = (chart: string, version: string) => path.join(REFERENCE_DIR, `${chart}-chart-${version}`);

describeWithReference(
    "add-on pins and values against the reference charts",
    ["cert-manager-chart-v1.21.1/values.schema.json", "gateway-api-v1.6.1/crds", "argo-cd-v3.4.4/crds"],
    () => {
        it("pins exactly the reference versions", () => {
            for (const { name, source } of CATALOGUE) {
                // The GitOps repository's own chart has no upstream to pin.
                if (source.kind === "objects") continue;
                if (source.kind === "git") {
                    assert.ok(fs.existsSync(path.join(REFERENCE_DIR, `gateway-api-${source.revision}`)), name);
                    continue;
                }
                const dir = chartDir(source.chart, source.version);
                assert.ok(fs.existsSync(dir), `${name}: no reference ${dir}`);
                const chart = YAML.parse(fs.readFileSync(path.join(dir, "Chart.yaml"), "utf8"));
                assert.equal(chart.name, source.chart);
                // cert-manager's in-repo Chart.yaml says v0.0.0: its release tool sets the version.
                if (chart.version !== "v0.0.0") assert.equal(chart.version, source.version, name);
            }
        });

        it("sets only Helm values the charts take, on every cloud", () => {
            // Keys of kube-prometheus-stack's grafana subchart (12.11.1), whose values.yaml is not in the
            // reference: the only values this test cannot check.
            const subchartKeys = ["grafana.dashboardProviders", "grafana.dashboards"];
            const problems = CATALOGUE.flatMap((entry) =>
                entry.source.kind !== "helm"
                    ? []
                    : entry.clouds.flatMap((cloud) =>
                          leafPaths(entry.values(cloud))
                              .filter((p) => p.length > 0)
                              .filter((p) => !subchartKeys.some((k) => p.join(".").startsWith(`${k}.`)))
                              .map((p) => unknownKey(chartDir(entry.name, (entry.source as Inputs).version), p))
                              .filter((p) => p !== undefined)
                              .map((p) => `${entry.name} (${cloud}): ${p}`),
                      ),
            );
            assert.deepEqual(problems, []);
        });

        it("catches a value the chart does not take", () => {
            assert.match(
                unknownKey(chartDir("external-dns", "1.21.1"), ["provider", "nmae"]) ?? "",
                /provider.nmae is not in values.schema.json/,
            );
            assert.match(unknownKey(chartDir("metrics-server", "3.13.1"), ["nodeSelectr"]) ?? "", /not in values.yaml/);
        });

        it("seeds ApplicationSets the Argo CD CRD accepts", () => {
            const crd = YAML.parse(
                fs.readFileSync(path.join(REFERENCE_DIR, "argo-cd-v3.4.4/crds/applicationset-crd.yaml"), "utf8"),
            );
            const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
            const check = ajv.compile(
                crd.spec.versions.find((v: Inputs) => v.name === "v1alpha1").schema.openAPIV3Schema,
            );
            for (const [file, manifest] of Object.entries(addonApplicationSets())) {
                assert.ok(check(manifest), `${file}: ${ajv.errorsText(check.errors)}`);
            }
            assert.ok(!check({ ...addonApplicationSets()["addons/metrics-server.yaml"], spec: { generators: 1 } }));
        });
    },
);

describeWithReference(
    "ClusterIssuer and ClusterSecretStore against the reference CRDs",
    [
        "cert-manager-chart-v1.21.1/crds/cert-manager.io_clusterissuers.yaml",
        "external-secrets-chart-2.9.0/crds/external-secrets.io_clustersecretstores.yaml",
    ],
    ([issuerCrd, storeCrd]) => {
        const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
        const compile = (file: string, version: string) => {
            const crd = YAML.parse(fs.readFileSync(file, "utf8"));
            return ajv.compile(crd.spec.versions.find((v: Inputs) => v.name === version).schema.openAPIV3Schema);
        };
        const validators: Record<string, ReturnType<typeof compile>> = {
            ClusterIssuer: compile(issuerCrd, "v1"),
            ClusterSecretStore: compile(storeCrd, "v1"),
        };
        const cluster = (cloud: string) => ({
            name: `c-${cloud}`,
            server: IN_CLUSTER,
            labels: {
                "argocd.argoproj.io/secret-type": "cluster",
                cloud,
                environment: "prod",
                ...addonLabels(cloud as "aws" | "gcp", "prod", {}),
            },
            annotations: {
                addons_repo_url: "git@github.com:acme/x.git",
                addons_repo_revision: "main",
                addons_repo_basepath: "",
                aws_region: "eu-west-1",
                gcp_project_id: "acme-prod",
                cert_manager_namespace: "cert-manager",
                cert_manager_service_account: "cert-manager",
                cert_manager_gcp_service_account: "x@acme-prod.iam.gserviceaccount.com",
                external_secrets_namespace: "external-secrets",
                external_secrets_service_account: "external-secrets",
                external_secrets_gcp_service_account: "y@acme-prod.iam.gserviceaccount.com",
            },
        });
        /** The extraObjects an add-on's generated Application applies on a cluster of this cloud. */
        const objects = (name: string, cloud: "aws" | "gcp") => {
            const set = addonApplicationSet(
                CATALOGUE.find((a) => a.name === name)!,
                cloud,
            ) as unknown as ApplicationSetManifest;
            const [app] = expandApplicationSet(set, { clusters: [cluster(cloud)], directories: [] }) as Inputs[];
            return (app.spec.sources[0].helm.valuesObject.extraObjects as string[]).map((text) => YAML.parse(text));
        };

        for (const cloud of ["aws", "gcp"] as const) {
            it(`accepts the ${cloud} ClusterIssuer (DNS-01) and ClusterSecretStore, filled from the Secret`, () => {
                const made = [...objects("cert-manager", cloud), ...objects("external-secrets", cloud)];
                assert.deepEqual(
                    made.map((o) => o.kind),
                    ["ClusterIssuer", "ClusterSecretStore"],
                );
                for (const object of made) {
                    const check = validators[object.kind];
                    assert.ok(check(object), `${object.kind}: ${ajv.errorsText(check.errors)}`);
                    assert.ok(!JSON.stringify(object).includes("{{"), "an unfilled template reference");
                }
                const solver = made[0].spec.acme.solvers[0].dns01;
                if (cloud === "aws") assert.equal(solver.route53.region, "eu-west-1");
                else assert.equal(solver.cloudDNS.project, "acme-prod");
            });
        }

        it("rejects a store with an unknown service", () => {
            const broken = { ...objects("external-secrets", "aws")[0] };
            broken.spec = { provider: { aws: { service: "SecretsManagr", region: "eu-west-1" } } };
            assert.ok(!validators.ClusterSecretStore(broken));
        });
    },
);
