import { strict as assert } from "assert";
import * as fs from "fs";
import { Enforcer, StringAdapter, newEnforcer, newModelFromString } from "casbin";
import { rbacValues } from "../../../components/argocd/rbac";
import { ArgoCdConfig, TeamConfig } from "../../../config/schema";
import { describeWithReference } from "../../reference";

/** Argo CD's `glob` match mode: `*` matches any run of characters. */
function globMatch(value: string, pattern: string): boolean {
    const source = pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${source}$`).test(value);
}

const teams: TeamConfig[] = [
    { name: "payments", groups: ["acme:payments"] },
    { name: "storefront", groups: ["acme:storefront"], namespaces: ["storefront"] },
];

describeWithReference(
    "Argo CD RBAC, enforced with Argo CD's own Casbin model",
    ["argo-cd-v3.4.4/rbac/model.conf", "argo-cd-v3.4.4/rbac/builtin-policy.csv"],
    ([modelFile, builtinFile]) => {
        /**
         * Decides like Argo CD's claims enforcer: a request is allowed when the user's subject or any of their
         * groups is allowed, or, failing that, the default role is.
         */
        async function rbacFor(rbac: Partial<ArgoCdConfig["rbac"]>) {
            const settings = rbacValues(
                { defaultRole: "role:readonly", adminGroups: [], readonlyGroups: [], scopes: ["groups"], ...rbac },
                teams,
            );
            const policy = `${fs.readFileSync(builtinFile, "utf8")}\n${settings["policy.csv"]}`;
            const enforcer: Enforcer = await newEnforcer(
                newModelFromString(fs.readFileSync(modelFile, "utf8")),
                new StringAdapter(policy),
            );
            await enforcer.addFunction("globOrRegexMatch", globMatch);
            return async (groups: string[], resource: string, action: string, object: string): Promise<boolean> => {
                for (const subject of ["user@example.com", ...groups]) {
                    if (await enforcer.enforce(subject, resource, action, object)) return true;
                }
                const fallback = settings["policy.default"];
                return fallback !== "" && enforcer.enforce(fallback, resource, action, object);
            };
        }

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
    },
);

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
