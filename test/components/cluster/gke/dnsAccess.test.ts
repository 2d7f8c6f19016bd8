import { strict as assert } from "assert";
import { Rendered, baseConfig, renderConfig } from "../../../helpers";

/**
 * A small model of Google Cloud IAM for Cloud DNS: a grant on the project reaches the project and every managed
 * zone in it, a grant on a zone reaches only that zone; a call is allowed when some grant that reaches the
 * resource it is checked on has a role holding the permission. `dns.managedZones.list` is checked on the
 * project (it lists the project's zones), record and change permissions on the zone.
 */
type Where = { kind: "project" } | { kind: "zone"; zone: string };
interface Grant {
    where: Where;
    role: string;
    member: string;
}

/** Predefined roles the program might grant, by their documented permissions (Cloud DNS roles reference). */
const PREDEFINED: Record<string, (permission: string) => boolean> = {
    "roles/dns.admin": (p) => p.startsWith("dns."),
    "roles/dns.reader": (p) => /^dns\.[a-zA-Z]+\.(get|list)$/.test(p),
};

function grantsOf(r: Rendered): { grants: Grant[]; custom: Map<string, string[]> } {
    const custom = new Map<string, string[]>();
    for (const role of r.ofType("gcp:projects/iAMCustomRole:IAMCustomRole")) {
        custom.set(`projects/${role.inputs.project}/roles/${role.inputs.roleId}`, role.inputs.permissions as string[]);
    }
    const grants: Grant[] = [
        ...r.ofType("gcp:projects/iAMMember:IAMMember").map((m) => ({
            where: { kind: "project" as const },
            role: String(m.inputs.role),
            member: String(m.inputs.member),
        })),
        ...r.ofType("gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember").map((m) => ({
            where: { kind: "zone" as const, zone: String(m.inputs.managedZone) },
            role: String(m.inputs.role),
            member: String(m.inputs.member),
        })),
    ];
    return { grants, custom };
}

function allowed(r: Rendered, member: string, permission: string, on: Where): boolean {
    const { grants, custom } = grantsOf(r);
    return grants.some((g) => {
        if (g.member !== member) return false;
        const reaches = g.where.kind === "project" || (on.kind === "zone" && g.where.zone === on.zone);
        if (!reaches) return false;
        const holds = custom.has(g.role) ? custom.get(g.role)!.includes(permission) : PREDEFINED[g.role]?.(permission);
        return holds === true;
    });
}

/**
 * What each add-on calls, from its source: external-dns v0.21.0 `provider/google/google.go` lists the project's
 * managed zones, lists record sets and creates changes (adding and deleting records); cert-manager
 * `pkg/issuer/acme/dns/clouddns/clouddns.go` lists managed zones by DNS name, lists record sets, creates changes
 * and polls them with `changes.get`.
 */
const CALLS: Record<string, { project: string[]; zone: string[] }> = {
    "external-dns": {
        project: ["dns.managedZones.list"],
        zone: [
            "dns.resourceRecordSets.list",
            "dns.changes.create",
            "dns.resourceRecordSets.create",
            "dns.resourceRecordSets.delete",
        ],
    },
    "cert-manager": {
        project: ["dns.managedZones.list"],
        zone: [
            "dns.resourceRecordSets.list",
            "dns.changes.create",
            "dns.changes.get",
            "dns.resourceRecordSets.create",
            "dns.resourceRecordSets.delete",
        ],
    },
};
const MEMBERS: Record<string, string> = {
    "external-dns": "serviceAccount:prod-gke-dns@mock-project.iam.gserviceaccount.com",
    "cert-manager": "serviceAccount:prod-gke-certs@mock-project.iam.gserviceaccount.com",
};
/** What neither add-on ever needs: managing zones themselves or who may use them. */
const NEVER = [
    "dns.managedZones.create",
    "dns.managedZones.delete",
    "dns.managedZones.update",
    "dns.managedZones.setIamPolicy",
];

async function renderGke(cloudDnsZones: string[]): Promise<Rendered> {
    return renderConfig({
        ...baseConfig(),
        // Prod must list its zones; "every zone of the project" is a choice only elsewhere.
        "gitops-platform:environment": cloudDnsZones.length === 0 ? "dev" : "prod",
        "gitops-platform:clusters": [
            { name: "prod-gke", cloud: "gcp", project: "acme-platform", region: "europe-west1", cloudDnsZones },
        ],
    });
}

describe("Cloud DNS access of external-dns and cert-manager on GKE", () => {
    for (const [title, zones, managed] of [
        [
            "with listed zones",
            ["platform-example-com", "internal-example-com"],
            ["platform-example-com", "internal-example-com"],
        ],
        ["with no zones listed (every zone of the project)", [], ["any-zone"]],
    ] as const) {
        describe(title, () => {
            let r: Rendered;
            before(async () => (r = await renderGke([...zones])));

            for (const addon of Object.keys(CALLS)) {
                it(`${addon} may make every call it makes, where IAM checks it`, () => {
                    const member = MEMBERS[addon];
                    for (const permission of CALLS[addon].project) {
                        assert.ok(allowed(r, member, permission, { kind: "project" }), `${permission} on the project`);
                    }
                    for (const zone of managed) {
                        for (const permission of CALLS[addon].zone) {
                            assert.ok(
                                allowed(r, member, permission, { kind: "zone", zone }),
                                `${permission} on ${zone}`,
                            );
                        }
                    }
                });

                it(`${addon} cannot manage zones or their IAM`, () => {
                    for (const permission of NEVER) {
                        for (const on of [
                            { kind: "project" as const },
                            ...managed.map((zone) => ({ kind: "zone" as const, zone })),
                        ]) {
                            assert.ok(
                                !allowed(r, MEMBERS[addon], permission, on),
                                `${permission} on ${JSON.stringify(on)}`,
                            );
                        }
                    }
                });
            }

            if (zones.length > 0) {
                it("keeps record changes out of zones that are not listed", () => {
                    for (const member of Object.values(MEMBERS)) {
                        assert.ok(
                            !allowed(r, member, "dns.changes.create", { kind: "zone", zone: "other-example-com" }),
                        );
                    }
                });
            }
        });
    }
});
