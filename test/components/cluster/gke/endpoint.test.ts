import { strict as assert } from "assert";
import * as YAML from "yaml";
import { stackConfigFromMap } from "../../../../config/stackFile";
import { PROJECT_NAME } from "../../../../config/load";
import { renderProgram } from "../../../../render/engine";
import { baseConfig } from "../../../helpers";

type Inputs = Record<string, unknown>;

/**
 * Who can reach which GKE control-plane endpoint (GKE "About network isolation"): the private IP endpoint only
 * from the cluster's network (and networks routed to it); a public IP endpoint from its authorized networks; the
 * DNS-based endpoint, with `allowExternalTraffic`, from any network, IAM deciding at Google's front end. A
 * GitHub-hosted runner sits on the internet at an address nobody can list in advance.
 */
function reachableFromAnywhere(cluster: Inputs): string[] {
    const ways: string[] = [];
    const endpoints = cluster.controlPlaneEndpointsConfig as
        { dnsEndpointConfig?: { allowExternalTraffic?: boolean } } | undefined;
    if (endpoints?.dnsEndpointConfig?.allowExternalTraffic === true) ways.push("dns");
    const privateConfig = cluster.privateClusterConfig as { enablePrivateEndpoint?: boolean };
    const authorized = (cluster.masterAuthorizedNetworksConfig as { cidrBlocks?: { cidrBlock: string }[] })?.cidrBlocks;
    if (privateConfig.enablePrivateEndpoint !== true && (authorized ?? []).some((b) => b.cidrBlock === "0.0.0.0/0")) {
        ways.push("public-ip");
    }
    return ways;
}

/**
 * Which certificate a GKE endpoint presents: the DNS-based endpoint one from a public CA (Google Trust Services),
 * the IP endpoints one signed by the cluster's root CA. A kubeconfig must trust the one its server presents.
 */
function presentedCertificate(server: string): "public" | "cluster-ca" {
    return new URL(server).hostname.endsWith(".gke.goog") ? "public" : "cluster-ca";
}

describe("GKE control-plane endpoint", () => {
    let cluster: Inputs;
    let kubeconfig: {
        clusters: { cluster: Record<string, string> }[];
        users: { user: { exec: { command: string } } }[];
    };
    before(async () => {
        const config = stackConfigFromMap(
            {
                ...baseConfig(),
                "gitops-platform:environment": "prod",
                "gitops-platform:clusters": [
                    {
                        name: "prod-gke",
                        cloud: "gcp",
                        project: "acme-platform",
                        region: "europe-west1",
                        cloudDnsZones: ["platform-example-com"],
                    },
                ],
            },
            PROJECT_NAME,
        );
        const result = await renderProgram("test", config, { revealSecrets: true });
        cluster = result.resources.find((r) => r.name === "prod-gke-gke")!.inputs;
        const provider = result.resources.find((r) => r.name === "prod-gke-k8s")!.inputs;
        kubeconfig = YAML.parse(String(provider.kubeconfig));
    });

    it("is reachable from a GitHub-hosted runner through the DNS-based endpoint, keeping nodes and IP private", () => {
        assert.deepEqual(reachableFromAnywhere(cluster), ["dns"]);
        assert.deepEqual(cluster.privateClusterConfig, {
            enablePrivateEndpoint: true,
            enablePrivateNodes: true,
            masterIpv4CidrBlock: "172.16.0.0/28",
        });
    });

    it("points the kubeconfig at the DNS-based endpoint, trusting the certificate it presents", () => {
        const server = kubeconfig.clusters[0].cluster.server;
        assert.equal(server, "https://gke-mock-prod-gke-gke.europe-west1.gke.goog");
        assert.equal(presentedCertificate(server), "public");
        assert.equal(
            kubeconfig.clusters[0].cluster["certificate-authority-data"],
            undefined,
            "the cluster CA does not sign the DNS endpoint's certificate: pinning it would fail the TLS handshake",
        );
    });

    it("authenticates with the caller's gcloud identity, which IAM checks at the DNS endpoint", () => {
        assert.equal(kubeconfig.users[0].user.exec.command, "gke-gcloud-auth-plugin");
        assert.deepEqual(Object.keys(kubeconfig.users[0].user), ["exec"]);
    });
});
