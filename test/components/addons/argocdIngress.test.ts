import { strict as assert } from "assert";
import * as fs from "fs";
import Ajv from "ajv";
import * as YAML from "yaml";
import {
    ARGOCD_SERVICES,
    CATALOGUE,
    KubernetesObject,
    addonApplicationSet,
    argocdIngressObjects,
    bridgeContractProblems,
    renderPlatformObjects,
} from "../../../components/addons";
import { ApplicationSetManifest } from "../../../components/addons/contract";
import { argocdHelmValues } from "../../../components/argocd/values";
import { expandApplicationSet } from "../../../components/gitops/applicationSets";
import { Cluster } from "../../../components/gitops/permissions";
import { mergeValues } from "../../../components/gitops/layering";
import { platformConfigSchema, platformConfigShape } from "../../../config/schema";
import { Rendered, TEST_HOSTED_ZONE, baseConfig, renderStack } from "../../helpers";
import { describeWithReference } from "../../reference";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A small model of who can open a TCP connection to a pod port, as Kubernetes NetworkPolicy decides it
 * (`networking.k8s.io/v1`, Ingress only): a pod no policy selects takes everything; a selected pod takes a
 * connection when some selecting policy has a rule whose `from` is absent (any source) and whose `ports` are
 * absent or list the port (by number or the container port's name).
 */
interface Pod {
    labels: Record<string, string>;
    ports: Record<string, number>;
}
function admitsFromAnywhere(pod: Pod, port: number, policies: readonly KubernetesObject[]): boolean {
    const selects = (p: Inputs) =>
        Object.entries(p.spec.podSelector?.matchLabels ?? {}).every(([k, v]) => pod.labels[k] === v);
    const selecting = policies.filter((p) => selects(p as Inputs));
    if (selecting.length === 0) return true;
    return selecting.some((p) =>
        ((p.spec as Inputs).ingress ?? []).some(
            (rule: Inputs) =>
                rule.from === undefined &&
                (rule.ports === undefined ||
                    rule.ports.some((r: Inputs) => r.port === port || pod.ports[r.port] === port)),
        ),
    );
}

/**
 * The argo-cd chart 10.1.1's NetworkPolicies for our values (`global.networkPolicy.create`,
 * `defaultDenyIngress`), read from argoproj/argo-helm at tag argo-cd-10.1.1:
 * templates/argocd-configs/argocd-default-deny-networkpolicy (every pod of the release, no ingress rule),
 * templates/argocd-server/networkpolicy.yaml (`ingress: [{}]`), and
 * templates/argocd-applicationset/networkpolicy.yaml, rendered only when metrics, ingress or httproute is on
 * (webhook port only with the chart's ingress/httproute; metrics port from any namespace).
 */
function chartNetworkPolicies(values: Inputs): KubernetesObject[] {
    const policy = (name: string, matchLabels: Record<string, string>, ingress: unknown[]): KubernetesObject => ({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name },
        spec: { podSelector: { matchLabels }, policyTypes: ["Ingress"], ingress },
    });
    const appSet = values.applicationSet ?? {};
    const appSetPolicy =
        appSet.metrics?.enabled || appSet.ingress?.enabled || appSet.httproute?.enabled
            ? [
                  policy("argocd-applicationset-controller", APPSET_POD.labels, [
                      ...(appSet.ingress?.enabled || appSet.httproute?.enabled
                          ? [{ ports: [{ port: "webhook" }] }]
                          : []),
                      { from: [{ namespaceSelector: {} }], ports: [{ port: "metrics" }] },
                  ]),
              ]
            : [];
    return [
        policy("argocd-default-deny", { "app.kubernetes.io/instance": "argocd" }, []),
        policy("argocd-server", SERVER_POD.labels, [{}]),
        ...appSetPolicy,
    ];
}

/** The pods behind the two Services, with the chart's selector labels and container ports. */
const SERVER_POD: Pod = {
    labels: { "app.kubernetes.io/name": "argocd-server", "app.kubernetes.io/instance": "argocd" },
    ports: { server: 8080, metrics: 8083 },
};
const APPSET_POD: Pod = {
    labels: { "app.kubernetes.io/name": "argocd-applicationset-controller", "app.kubernetes.io/instance": "argocd" },
    ports: { metrics: 8080, probe: 8081, webhook: 7000 },
};

/** The chart's Services: name -> port -> the container port it targets. */
const CHART_SERVICES: Record<string, { pod: Pod; ports: Record<number, number> }> = {
    "argocd-server": { pod: SERVER_POD, ports: { 80: 8080, 443: 8080 } },
    "argocd-applicationset-controller": { pod: APPSET_POD, ports: { 7000: 7000 } },
};

/** Every backend the add-on's objects send traffic or health checks to: Service, port, health port. */
function backends(objects: readonly KubernetesObject[]): { service: string; port: number; healthPort: number }[] {
    return objects.flatMap((o) => {
        const spec = o.spec as Inputs;
        if (o.kind === "Ingress") {
            const annotations = o.metadata.annotations as Record<string, string>;
            return spec.rules.flatMap((rule: Inputs) =>
                rule.http.paths.map((p: Inputs) => ({
                    service: p.backend.service.name,
                    port: p.backend.service.port.number,
                    healthPort: Number(annotations["alb.ingress.kubernetes.io/healthcheck-port"]),
                })),
            );
        }
        if (o.kind === "HTTPRoute") {
            return spec.rules.flatMap((rule: Inputs) =>
                rule.backendRefs.map((ref: Inputs) => {
                    const check = objects.find(
                        (c) => c.kind === "HealthCheckPolicy" && (c.spec as Inputs).targetRef.name === ref.name,
                    );
                    const config = (check?.spec as Inputs | undefined)?.default.config ?? {};
                    const health = config.httpsHealthCheck ?? config.httpHealthCheck;
                    return { service: ref.name, port: ref.port, healthPort: health?.port ?? ref.port };
                }),
            );
        }
        return [];
    });
}

/** Why a load balancer could not reach a backend of the add-on: no such Service/port, or a policy closes it. */
function reachabilityProblems(objects: readonly KubernetesObject[], argocdValues: Inputs): string[] {
    const policies = [...chartNetworkPolicies(argocdValues), ...objects.filter((o) => o.kind === "NetworkPolicy")];
    return backends(objects).flatMap(({ service, port, healthPort }) => {
        const target = CHART_SERVICES[service];
        if (!target) return [`${service}: no such Service in the argo-cd chart`];
        const containerPort = target.ports[port];
        if (containerPort === undefined) return [`${service}:${port}: the Service has no such port`];
        const problems: string[] = [];
        if (!admitsFromAnywhere(target.pod, containerPort, policies))
            problems.push(`${service}:${port}: traffic to container port ${containerPort} is closed`);
        if (!Object.values(target.pod.ports).includes(healthPort))
            problems.push(`${service}: health check port ${healthPort} is not a container port`);
        else if (!admitsFromAnywhere(target.pod, healthPort, policies))
            problems.push(`${service}: health checks to port ${healthPort} are closed`);
        return problems;
    });
}

/** A parsed `argocd` key, `ha` resolved as config loading does. */
const argocdOf = (raw: Inputs) => ({ ...platformConfigShape.shape.argocd.parse(raw), ha: raw.ha ?? false });
const platformArgocd = () => argocdOf({ domain: "platform.example.com", ingress: {}, ha: true });

describe("argocd-ingress: Argo CD through the cloud's load balancer", () => {
    for (const cloud of ["aws", "gcp"] as const) {
        it(`reaches argocd-server and the ApplicationSet webhook on ${cloud}, health checks included`, () => {
            const values = argocdHelmValues({ argocd: platformArgocd(), teams: [], clusterName: "prod-x" });
            assert.deepEqual(reachabilityProblems(Object.values(argocdIngressObjects(cloud)), values), []);
        });

        it(`fails on ${cloud} without the webhook NetworkPolicy, or with a wrong port`, () => {
            const values = argocdHelmValues({ argocd: platformArgocd(), teams: [], clusterName: "prod-x" });
            const objects = argocdIngressObjects(cloud);
            const { "networkpolicy-applicationset-webhook": _dropped, ...withoutPolicy } = objects; // eslint-disable-line @typescript-eslint/no-unused-vars
            assert.ok(
                reachabilityProblems(Object.values(withoutPolicy), values).some((p) =>
                    /argocd-applicationset-controller:7000: traffic to container port 7000 is closed/.test(p),
                ),
            );
            const wrongPort = renderPlatformObjects(
                mergeValues(
                    { objects },
                    cloud === "aws"
                        ? {
                              objects: {
                                  "ingress-server": {
                                      ...objects["ingress-server"],
                                      spec: {
                                          ...(objects["ingress-server"].spec as Inputs),
                                          rules: [
                                              {
                                                  host: "x",
                                                  http: {
                                                      paths: [
                                                          {
                                                              path: "/",
                                                              pathType: "Prefix",
                                                              backend: {
                                                                  service: {
                                                                      name: "argocd-server",
                                                                      port: { number: 8443 },
                                                                  },
                                                              },
                                                          },
                                                      ],
                                                  },
                                              },
                                          ],
                                      },
                                  },
                              },
                          }
                        : {
                              objects: {
                                  "httproute-server": {
                                      ...objects["httproute-server"],
                                      spec: {
                                          ...(objects["httproute-server"].spec as Inputs),
                                          rules: [{ backendRefs: [{ name: "argocd-server", port: 8443 }] }],
                                      },
                                  },
                              },
                          },
                ),
            );
            assert.ok(
                reachabilityProblems(wrongPort, values).some((p) => /argocd-server:8443: the Service has no/.test(p)),
            );
        });
    }

    it("keeps argocd-server's own TLS (the load balancer re-encrypts), and no chart Ingress", () => {
        const values = argocdHelmValues({ argocd: platformArgocd(), teams: [], clusterName: "prod-x" }) as Inputs;
        assert.equal(values.configs.params["server.insecure"], "false");
        assert.equal(values.server.ingress, undefined);
        assert.equal(values.applicationSet.ingress, undefined);
        assert.equal(values.server.service.servicePortHttpsAppProtocol, "HTTPS");
        assert.equal(ARGOCD_SERVICES.server.port, 443);
        const alb = argocdIngressObjects("aws")["ingress-server"].metadata.annotations as Record<string, string>;
        assert.equal(alb["alb.ingress.kubernetes.io/backend-protocol"], "HTTPS");
        assert.equal(alb["alb.ingress.kubernetes.io/scheme"], "internet-facing");
        // The chart's Ingress of a user's class stays as before, TLS ending there.
        const own = argocdHelmValues({
            argocd: argocdOf({ domain: "example.com", ingress: { className: "traefik" } }),
            teams: [],
            clusterName: "c",
        }) as Inputs;
        assert.equal(own.server.ingress.ingressClassName, "traefik");
        assert.equal(own.configs.params["server.insecure"], "true");
    });
});

describe("argocd-ingress in the prod stack", () => {
    let prod: Rendered;
    before(async function () {
        this.timeout(300000);
        prod = await renderStack("prod");
    });

    const clusterSecret = (name: string): Cluster => {
        const secret = prod
            .ofType("kubernetes:core/v1:Secret")
            .map((s) => s.inputs as Inputs)
            .find((s) => s.metadata.labels?.cluster_name === name)!;
        return {
            name,
            server: "https://kubernetes.default.svc",
            labels: secret.metadata.labels,
            annotations: secret.metadata.annotations,
        };
    };

    it("validates an ACM certificate for both hosts in the zone of argocd.domain, and hands the ARN over", () => {
        const [certificate] = prod.ofType("aws:acm/certificate:Certificate");
        assert.equal(certificate.inputs.domainName, "argocd.prod-eks.platform.example.com");
        assert.deepEqual(certificate.inputs.subjectAlternativeNames, [
            "argocd-applicationset.prod-eks.platform.example.com",
        ]);
        assert.equal(certificate.inputs.validationMethod, "DNS");
        const records = prod.ofType("aws:route53/record:Record");
        assert.equal(records.length, 2);
        for (const record of records) assert.equal(record.inputs.zoneId, TEST_HOSTED_ZONE);
        const [validation] = prod.ofType("aws:acm/certificateValidation:CertificateValidation");
        assert.equal((validation.inputs.validationRecordFqdns as string[]).length, 2);
        const eks = clusterSecret("prod-eks");
        assert.equal(eks.labels!.enable_argocd_ingress, "true");
        assert.match(eks.annotations!.argocd_certificate_arn, /^arn:aws:acm:/);
        assert.equal(eks.annotations!.argocd_host, "argocd.prod-eks.platform.example.com");
    });

    it("turns GKE's Gateway controller on", () => {
        const [gke] = prod.ofType("gcp:container/cluster:Cluster");
        assert.deepEqual(gke.inputs.gatewayApiConfig, { channel: "CHANNEL_STANDARD" });
        assert.equal(clusterSecret("prod-gke").labels!.enable_argocd_ingress, "true");
    });

    it("fails the contract when the Secret lacks the certificate ARN the ALB Ingress names", () => {
        const eks = clusterSecret("prod-eks");
        const { argocd_certificate_arn: _dropped, ...annotations } = eks.annotations!; // eslint-disable-line @typescript-eslint/no-unused-vars
        const set = addonApplicationSet(
            CATALOGUE.find((a) => a.name === "argocd-ingress")!,
            "aws",
        );
        const problems = bridgeContractProblems([{ ...eks, annotations }], [set as unknown as ApplicationSetManifest]);
        assert.ok(problems.some((p) => /argocd-ingress-aws on cluster prod-eks: .*argocd_certificate_arn/.test(p)));
        const own = (problems: string[]) => problems.filter((p) => !/selects no ApplicationSet/.test(p));
        assert.deepEqual(own(bridgeContractProblems([eks], [set as unknown as ApplicationSetManifest])), []);
    });

    it("generates the objects for each cluster from its Secret", () => {
        for (const [name, cloud] of [
            ["prod-eks", "aws"],
            ["prod-gke", "gcp"],
        ] as const) {
            const set = addonApplicationSet(
                CATALOGUE.find((a) => a.name === "argocd-ingress")!,
                cloud,
            );
            const [app] = expandApplicationSet(set as unknown as ApplicationSetManifest, {
                clusters: [clusterSecret(name)],
                directories: [],
            }) as Inputs[];
            assert.equal(app.spec.sources[0].path, "charts/platform-objects");
            const objects = renderPlatformObjects(app.spec.sources[0].helm.valuesObject);
            const text = YAML.stringify(objects);
            assert.ok(!text.includes("{{"), text);
            assert.ok(text.includes(`argocd.${name}.platform.example.com`));
        }
    });
});

describe("argocd.ingress without className: refused where it cannot work", () => {
    const parse = (changes: Record<string, unknown>) =>
        platformConfigSchema.safeParse({
            ...Object.fromEntries(Object.entries(baseConfig()).map(([k, v]) => [k.split(":")[1], v])),
            argocd: { domain: "example.com", ingress: {} },
            ...changes,
        });
    const messages = (changes: Record<string, unknown>) => {
        const result = parse(changes);
        return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };

    it("accepts an EKS stack with its hosted zone", () => assert.deepEqual(messages({}), []));
    it("needs the ALB controller and external-dns", () =>
        assert.ok(
            messages({ addons: { "external-dns": false } }).some((m) => /^addons.external-dns: is needed/.test(m)),
        ));
    it("needs the hosted zone for the certificate", () => {
        const [cluster] = baseConfig()["gitops-platform:clusters"] as Inputs[];
        assert.ok(
            messages({ clusters: [{ ...cluster, route53ZoneIds: [] }] }).some((m) =>
                /^clusters.0.route53ZoneIds: needs the Route 53 hosted zone/.test(m),
            ),
        );
    });
    it("refuses an existing cluster, annotations it ignores, and the add-on as a key", () => {
        const found = messages({
            clusters: [{ name: "lab", cloud: "existing", context: "kind-lab" }],
            argocd: { domain: "example.com", ingress: { annotations: { "a.example.com/x": "y" } } },
            addons: { "argocd-ingress": true },
        });
        assert.ok(
            found.some((m) => /^argocd.ingress.className: is required: cluster lab/.test(m)),
            found.join("\n"),
        );
        assert.ok(found.some((m) => /^argocd.ingress.annotations: apply only/.test(m)));
        assert.ok(found.some((m) => /^addons.argocd-ingress: follows argocd.ingress/.test(m)));
    });
});

describeWithReference(
    "argocd-ingress objects against the reference CRDs",
    [
        "gateway-api-v1.6.1/crds/gateway.networking.k8s.io_gateways.yaml",
        "gateway-api-v1.6.1/crds/gateway.networking.k8s.io_httproutes.yaml",
        "cert-manager-chart-v1.21.1/crds/cert-manager.io_certificates.yaml",
    ],
    ([gatewayCrd, routeCrd, certificateCrd]) => {
        const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
        const compile = (file: string) => {
            const crd = YAML.parse(fs.readFileSync(file, "utf8"));
            return ajv.compile(crd.spec.versions.find((v: Inputs) => v.name === "v1").schema.openAPIV3Schema);
        };
        const validators: Record<string, ReturnType<typeof compile>> = {
            Gateway: compile(gatewayCrd),
            HTTPRoute: compile(routeCrd),
            Certificate: compile(certificateCrd),
        };

        it("validates every GKE object a reference CRD covers, as generated for a cluster", () => {
            const set = addonApplicationSet(
                CATALOGUE.find((a) => a.name === "argocd-ingress")!,
                "gcp",
            );
            const cluster: Cluster = {
                name: "prod-gke",
                server: "https://kubernetes.default.svc",
                labels: {
                    "argocd.argoproj.io/secret-type": "cluster",
                    cloud: "gcp",
                    environment: "prod",
                    enable_argocd_ingress: "true",
                },
                annotations: {
                    addons_repo_url: "git@github.com:acme/x.git",
                    addons_repo_revision: "main",
                    addons_repo_basepath: "",
                    argocd_host: "argocd.prod-gke.example.com",
                    argocd_applicationset_webhook_host: "argocd-applicationset.prod-gke.example.com",
                },
            };
            const [app] = expandApplicationSet(set as unknown as ApplicationSetManifest, {
                clusters: [cluster],
                directories: [],
            }) as Inputs[];
            const objects = renderPlatformObjects(app.spec.sources[0].helm.valuesObject);
            const checked = objects.filter((o) => validators[o.kind]);
            assert.deepEqual(checked.map((o) => o.kind).sort(), ["Certificate", "Gateway", "HTTPRoute", "HTTPRoute"]);
            for (const object of checked) {
                const check = validators[object.kind];
                assert.ok(check(object), `${object.kind} ${object.metadata.name}: ${ajv.errorsText(check.errors)}`);
            }
            const gateway = objects.find((o) => o.kind === "Gateway")!;
            assert.ok(!validators.Gateway({ ...gateway, spec: { listeners: [] } }), "a Gateway without a class");
        });
    },
);
