import { strict as assert } from "assert";
import { groupBinding, rbacValues } from "../../../components/argocd/rbac";
import { casbinNameProblem } from "../../../config/rbacNames";
import { ArgoCdConfig, TeamConfig } from "../../../config/schema";
import { describeWithReference } from "../../reference";
import { HOSTILE_GROUP_NAMES } from "../../fixtures/hostile";
import { PolicyLoadError, argoCdEnforcer, loadArgoCdPolicy, readGoCsvRecord } from "./argocdPolicy";

const teams: TeamConfig[] = [
    { name: "payments", groups: ["acme:payments"] },
    { name: "storefront", groups: ["acme:storefront"], namespaces: ["storefront"] },
];

/** What a writer that pastes names unescaped would produce: the bug this file guards against. */
const naiveBinding = (group: string, role: string) => `g, ${group}, ${role}`;

describeWithReference(
    "Argo CD RBAC, enforced with Argo CD's own Casbin model",
    ["argo-cd-v3.4.4/rbac/model.conf", "argo-cd-v3.4.4/rbac/builtin-policy.csv"],
    ([modelFile, builtinFile]) => {
        async function rbacFor(rbac: Partial<ArgoCdConfig["rbac"]>, withTeams: readonly TeamConfig[] = teams) {
            const settings = rbacValues(
                { defaultRole: "role:readonly", adminGroups: [], readonlyGroups: [], scopes: ["groups"], ...rbac },
                withTeams,
            );
            return argoCdEnforcer(modelFile, builtinFile, settings);
        }

        /** Decisions under a policy text written by hand (the naive writer's output). */
        const decideRaw = (csv: string, defaultRole = "role:readonly") =>
            argoCdEnforcer(modelFile, builtinFile, { "policy.csv": csv, "policy.default": defaultRole });

        it("lets platform admins get, sync and delete in every project", async () => {
            const allowed = await rbacFor({ adminGroups: ["acme:platform"] });
            for (const action of ["get", "sync", "delete"]) {
                for (const object of ["platform/root", "payments/api", "storefront/web"]) {
                    assert.equal(
                        await allowed(["acme:platform"], "applications", action, object),
                        true,
                        `${action} ${object}`,
                    );
                }
            }
            assert.equal(
                await allowed(["acme:platform"], "clusters", "update", "https://kubernetes.default.svc"),
                true,
            );
        });

        it("lets a team get, sync and delete only in its own project", async () => {
            const allowed = await rbacFor({});
            const payments = ["acme:payments"];
            for (const action of ["get", "create", "sync", "delete", "override"]) {
                assert.equal(await allowed(payments, "applications", action, "payments/api"), true, action);
            }
            for (const action of ["sync", "delete", "update", "create"]) {
                assert.equal(
                    await allowed(payments, "applications", action, "storefront/web"),
                    false,
                    `${action} storefront`,
                );
                assert.equal(
                    await allowed(payments, "applications", action, "platform/root"),
                    false,
                    `${action} platform`,
                );
            }
            assert.equal(await allowed(payments, "logs", "get", "payments/api"), true);
            assert.equal(await allowed(payments, "projects", "update", "payments"), false);
            assert.equal(await allowed(payments, "clusters", "update", "https://kubernetes.default.svc"), false);
            assert.equal(await allowed(payments, "repositories", "create", "*"), false);
        });

        it("never grants exec to a team, even in its own project", async () => {
            const allowed = await rbacFor({});
            assert.equal(await allowed(["acme:payments"], "exec", "create", "payments/api"), false);
            assert.equal(await allowed(["acme:storefront"], "exec", "create", "storefront/web"), false);
        });

        it("lets everyone signed in read, and nothing more, with the readonly default", async () => {
            const allowed = await rbacFor({ defaultRole: "role:readonly" });
            assert.equal(await allowed([], "applications", "get", "payments/api"), true);
            assert.equal(await allowed([], "applications", "sync", "payments/api"), false);
            assert.equal(await allowed([], "applications", "delete", "platform/root"), false);
            assert.equal(
                await allowed(["acme:payments"], "applications", "get", "storefront/web"),
                true,
                "teams see other teams' apps",
            );
        });

        it("gives no access at all to unknown users with an empty default", async () => {
            const allowed = await rbacFor({ defaultRole: "" });
            assert.equal(await allowed([], "applications", "get", "payments/api"), false);
            assert.equal(
                await allowed(["acme:payments"], "applications", "get", "storefront/web"),
                false,
                "teams see only their project",
            );
            assert.equal(await allowed(["acme:payments"], "applications", "get", "payments/api"), true);
        });

        it("binds read-only groups to role:readonly", async () => {
            const allowed = await rbacFor({ defaultRole: "", readonlyGroups: ["acme:auditors"] });
            assert.equal(await allowed(["acme:auditors"], "applications", "get", "platform/root"), true);
            assert.equal(await allowed(["acme:auditors"], "applications", "sync", "platform/root"), false);
            assert.equal(await allowed(["acme:auditors"], "exec", "create", "platform/root"), false);
        });

        describe("hostile group names", () => {
            it("would widen access or break the policy if written unescaped (the guarded bug)", async () => {
                // A newline adds a rule: every signed-in user may then delete any application.
                const injected = await decideRaw(
                    naiveBinding(
                        "acme:x, role:admin\np, role:readonly, applications, delete, */*, allow\ng, acme:y",
                        "role:admin",
                    ),
                );
                assert.equal(await injected([], "applications", "delete", "platform/root"), true);
                // role:readonly as a group: the default role inherits admin.
                const asRole = await decideRaw(naiveBinding("role:readonly", "role:admin"));
                assert.equal(await asRole([], "clusters", "delete", "https://kubernetes.default.svc"), true);
                // A comma makes a rule of the wrong size, which Argo CD cannot load.
                await assert.rejects(decideRaw(naiveBinding("acme:x, y", "role:admin")), PolicyLoadError);
                // A quote breaks the CSV record, which Argo CD cannot load either.
                await assert.rejects(decideRaw(naiveBinding('acme:"x"', "role:admin")), PolicyLoadError);
            });

            for (const name of HOSTILE_GROUP_NAMES) {
                it(`refuses ${JSON.stringify(name).slice(0, 60)} before it reaches policy.csv`, () => {
                    assert.ok(casbinNameProblem(name), "the schema's rule refuses it");
                    for (const role of ["role:admin", "role:readonly", "role:team-payments"]) {
                        assert.throws(() => groupBinding(name, role), /cannot be bound/);
                    }
                    const rbac = { defaultRole: "role:readonly" as const, readonlyGroups: [], scopes: ["groups"] };
                    assert.throws(() => rbacValues({ ...rbac, adminGroups: [name] }, []), /cannot be bound/);
                    assert.throws(
                        () => rbacValues({ ...rbac, adminGroups: [] }, [{ name: "payments", groups: [name] }]),
                        /cannot be bound/,
                    );
                });
            }

            /** Unusual names the schema accepts: each must become exactly one rule naming exactly it. */
            const oddButValid = [
                "Platform Admins",
                "acme:platform-team",
                "/acme/platform",
                "platform@acme.example.com",
                "équipe-plateforme",
                "it's-us",
                "acme:role:admin",
                "roles:admin",
                "a=b+c",
                "6d2b1c44-7a1e-4f3a-9d8e-2b5c3a1f0e9d",
            ];
            for (const name of oddButValid) {
                it(`writes ${JSON.stringify(name)} so Argo CD reads exactly one binding of it`, async () => {
                    assert.equal(casbinNameProblem(name), undefined);
                    const settings = rbacValues(
                        { defaultRole: "", adminGroups: [name], readonlyGroups: [], scopes: ["groups"] },
                        [{ name: "payments", groups: [name] }],
                    );
                    const bindings = loadArgoCdPolicy(settings["policy.csv"]).filter((r) => r.ptype === "g");
                    assert.deepEqual(bindings, [
                        { ptype: "g", rule: [name, "role:admin"] },
                        { ptype: "g", rule: [name, "role:team-payments"] },
                    ]);
                    const allowed = await rbacFor({ adminGroups: [name] }, []);
                    assert.equal(await allowed([name], "applications", "delete", "platform/root"), true);
                    assert.equal(await allowed([], "applications", "delete", "platform/root"), false);
                    assert.equal(await allowed(["other"], "clusters", "update", "*"), false);
                });
            }

            it("keeps unknown users at the default role whatever admin and team groups are called", async () => {
                const groups = ["Platform Admins", "acme:role:admin", "it's-us"];
                for (const defaultRole of ["role:readonly", ""] as const) {
                    const allowed = await rbacFor(
                        { defaultRole, adminGroups: groups, readonlyGroups: ["acme:auditors"] },
                        [{ name: "payments", groups }],
                    );
                    for (const [resource, action, object] of [
                        ["applications", "sync", "payments/api"],
                        ["applications", "delete", "platform/root"],
                        ["clusters", "delete", "https://kubernetes.default.svc"],
                        ["projects", "update", "payments"],
                        ["exec", "create", "payments/api"],
                    ]) {
                        assert.equal(await allowed([], resource, action, object), false, `${defaultRole} ${action}`);
                        assert.equal(
                            await allowed(["acme:auditors"], resource, action, object),
                            false,
                            `auditor ${action}`,
                        );
                    }
                    assert.equal(await allowed([], "applications", "get", "payments/api"), defaultRole !== "");
                }
            });
        });
    },
);

describe("Argo CD's policy.csv reader (offline model of Go encoding/csv with TrimLeadingSpace)", () => {
    it("reads quoted fields, doubled quotes and trims leading space only", () => {
        assert.deepEqual(readGoCsvRecord('g,  "a, b" , c'.replace(" , c", ", c")), ["g", "a, b", "c"]);
        assert.deepEqual(readGoCsvRecord('g, "say ""hi""", r'), ["g", 'say "hi"', "r"]);
        assert.deepEqual(readGoCsvRecord("g, a b , r"), ["g", "a b ", "r"]);
    });
    it("refuses bare and unbalanced quotes like Go's strict reader", () => {
        assert.throws(() => readGoCsvRecord('g, a"b, r'), PolicyLoadError);
        assert.throws(() => readGoCsvRecord('g, "ab, r'), PolicyLoadError);
        assert.throws(() => readGoCsvRecord('g, "a"b, r'), PolicyLoadError);
    });
    it("skips comments and blank lines, and refuses a rule of the wrong size", () => {
        assert.deepEqual(loadArgoCdPolicy("# c\n\n  g, a, role:admin  \n"), [
            { ptype: "g", rule: ["a", "role:admin"] },
        ]);
        assert.throws(() => loadArgoCdPolicy("g, a, b, role:admin"), PolicyLoadError);
        assert.throws(() => loadArgoCdPolicy("x, a, b"), PolicyLoadError);
    });
});

describe("Argo CD RBAC settings", () => {
    it("write a role per team scoped to its project, bound to its groups", () => {
        const csv = rbacValues(
            { defaultRole: "role:readonly", adminGroups: ["acme:platform"], readonlyGroups: [], scopes: ["groups"] },
            teams,
        )["policy.csv"];
        assert.match(csv, /^p, role:team-payments, applications, sync, payments\/\*, allow$/m);
        assert.match(csv, /^g, acme:payments, role:team-payments$/m);
        assert.match(csv, /^g, acme:platform, role:admin$/m);
        assert.doesNotMatch(csv, /role:team-payments.*storefront/);
    });

    it("are empty apart from the defaults without groups or teams", () => {
        assert.deepEqual(rbacValues({ defaultRole: "", adminGroups: [], readonlyGroups: [], scopes: ["groups"] }, []), {
            "policy.default": "",
            "policy.csv": "",
            "policy.matchMode": "glob",
            scopes: "[groups]",
        });
    });
});
