import { strict as assert } from "assert";
import {
    DeployerNetwork,
    EksEndpointSettings,
    apiReachabilityProblems,
    canReachApi,
    eksEndpointConfig,
} from "../../../../components/cluster/eks/apiAccess";
import { cidrCoveredBy } from "../../../../policies/lib/network";

const RUNNERS = "198.51.100.0/28";
const publicTo = (...cidrs: string[]): EksEndpointSettings => ({
    endpointAccess: "public",
    endpointPublicAccessCidrs: cidrs,
    existingVpc: false,
});
const privateIn = (existingVpc: boolean): EksEndpointSettings => ({
    endpointAccess: "private",
    endpointPublicAccessCidrs: [],
    existingVpc,
});
const deployer = (egressCidrs: string[], privateCidrs: string[] = []): DeployerNetwork => ({
    egressCidrs,
    privateCidrs,
});

describe("EKS API reachability model", () => {
    describe("cidrCoveredBy", () => {
        it("covers a range inside one listed CIDR", () => assert.ok(cidrCoveredBy("198.51.100.4/30", [RUNNERS])));
        it("covers a range split across adjacent listed CIDRs", () =>
            assert.ok(cidrCoveredBy("198.51.100.0/28", ["198.51.100.8/29", "198.51.100.0/29"])));
        it("counts two halves of the address space as the whole of it", () =>
            assert.ok(cidrCoveredBy("0.0.0.0/0", ["0.0.0.0/1", "128.0.0.0/1"])));
        it("does not cover a range only partly listed", () => assert.ok(!cidrCoveredBy("198.51.100.0/27", [RUNNERS])));
        it("does not cover across a gap", () =>
            assert.ok(!cidrCoveredBy("10.0.0.0/22", ["10.0.0.0/24", "10.0.2.0/23"])));
        it("normalises a host address written with a prefix to its network", () =>
            assert.ok(cidrCoveredBy("198.51.100.9/28", [RUNNERS])));
        it("covers nothing with, and nothing of, text that is not a CIDR", () => {
            assert.ok(!cidrCoveredBy("198.51.100.0", [RUNNERS]));
            assert.ok(!cidrCoveredBy(RUNNERS, ["198.51.100.0/33"]));
        });
    });

    describe("canReachApi, as EKS decides it", () => {
        it("admits a deployer on the internet whose egress is listed", () =>
            assert.ok(canReachApi(publicTo(RUNNERS), deployer([RUNNERS]), { cidr: RUNNERS, network: "internet" })));
        it("refuses a deployer whose egress is not listed", () =>
            assert.ok(
                !canReachApi(publicTo("203.0.113.0/24"), deployer([RUNNERS]), { cidr: RUNNERS, network: "internet" }),
            ));
        it("refuses the internet when the public endpoint is off", () =>
            assert.ok(
                !canReachApi(privateIn(true), deployer([RUNNERS], ["10.50.0.0/24"]), {
                    cidr: RUNNERS,
                    network: "internet",
                }),
            ));
        it("admits a connected deployer on the private endpoint of an existing VPC when the group admits it", () =>
            assert.ok(
                canReachApi(privateIn(true), deployer([], ["10.50.0.0/24"]), {
                    cidr: "10.50.0.0/25",
                    network: "connected",
                }),
            ));
        it("refuses a connected address the security group does not admit", () =>
            assert.ok(
                !canReachApi(privateIn(true), deployer([], ["10.50.0.0/24"]), {
                    cidr: "10.60.0.0/24",
                    network: "connected",
                }),
            ));
        it("refuses the private endpoint of a VPC the same `up` creates", () =>
            assert.ok(
                !canReachApi(privateIn(false), deployer([], ["10.50.0.0/24"]), {
                    cidr: "10.50.0.0/24",
                    network: "connected",
                }),
            ));
    });

    describe("apiReachabilityProblems", () => {
        const paths = (settings: EksEndpointSettings, network: DeployerNetwork) =>
            apiReachabilityProblems(settings, network).map((p) => p.path.join("."));

        it("finds nothing wrong with a public endpoint that lists the deployer", () =>
            assert.deepEqual(paths(publicTo(RUNNERS, "203.0.113.0/24"), deployer([RUNNERS])), []));
        it("refuses a public endpoint with no CIDRs (EKS would open it to 0.0.0.0/0)", () =>
            assert.deepEqual(paths(publicTo(), deployer([RUNNERS])), ["endpointPublicAccessCidrs"]));
        it("refuses a stack that does not say where its deployer runs", () =>
            assert.deepEqual(paths(publicTo(RUNNERS), deployer([])), ["deployer.egressCidrs"]));
        it("names each egress range the endpoint does not admit", () => {
            const problems = apiReachabilityProblems(publicTo(RUNNERS), deployer([RUNNERS, "192.0.2.0/29"]));
            assert.equal(problems.length, 1);
            assert.match(problems[0].message, /192\.0\.2\.0\/29/);
            assert.match(problems[0].message, /add 192\.0\.2\.0\/29 here/);
        });
        it("refuses a private endpoint in a VPC the stack creates, saying what to set", () => {
            const problems = apiReachabilityProblems(privateIn(false), deployer([], ["10.50.0.0/24"]));
            assert.deepEqual(
                problems.map((p) => p.path.join(".")),
                ["endpointAccess"],
            );
            assert.match(problems[0].message, /existingVpc/);
        });
        it("refuses a private endpoint that admits no deployer", () =>
            assert.deepEqual(paths(privateIn(true), deployer([RUNNERS])), ["deployer.privateCidrs"]));
        it("refuses public CIDRs on a private endpoint, where they would do nothing", () =>
            assert.deepEqual(
                paths({ ...privateIn(true), endpointPublicAccessCidrs: [RUNNERS] }, deployer([], ["10.50.0.0/24"])),
                ["endpointPublicAccessCidrs"],
            ));
        it("agrees with the model: no problems means every deployer range reaches the API", () => {
            const cases: [EksEndpointSettings, DeployerNetwork][] = [
                [publicTo(RUNNERS), deployer([RUNNERS])],
                [publicTo("198.51.100.0/29", "198.51.100.8/29"), deployer([RUNNERS])],
                [publicTo(RUNNERS), deployer(["198.51.100.16/28"])],
                [privateIn(true), deployer([], ["10.50.0.0/24"])],
                [privateIn(false), deployer([], ["10.50.0.0/24"])],
            ];
            for (const [settings, network] of cases) {
                const reachable =
                    network.egressCidrs.every((cidr) =>
                        canReachApi(settings, network, { cidr, network: "internet" }),
                    ) &&
                    network.privateCidrs.every((cidr) =>
                        canReachApi(settings, network, { cidr, network: "connected" }),
                    );
                const nothingWrong = apiReachabilityProblems(settings, network).length === 0;
                assert.equal(nothingWrong, reachable, JSON.stringify({ settings, network }));
            }
        });
    });

    describe("eksEndpointConfig", () => {
        it("keeps the private endpoint on and sends the public list", () =>
            assert.deepEqual(eksEndpointConfig(publicTo(RUNNERS)), {
                endpointPrivateAccess: true,
                endpointPublicAccess: true,
                publicAccessCidrs: [RUNNERS],
            }));
        it("turns the public endpoint off in private mode", () =>
            assert.deepEqual(eksEndpointConfig(privateIn(true)), {
                endpointPrivateAccess: true,
                endpointPublicAccess: false,
                publicAccessCidrs: undefined,
            }));
    });
});
