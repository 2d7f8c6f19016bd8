import { strict as assert } from "assert";
import { applicationHealthLua } from "../../../components/argocd/health";

// fengari ships no typings: a Lua 5.3 VM in JavaScript, enough to run Argo CD's health scripts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lua, lauxlib, lualib, to_luastring, to_jsstring } = require("fengari");

type LuaState = unknown;

/** Pushes a JSON-like value onto the Lua stack (objects and arrays become tables, null becomes nil). */
function push(L: LuaState, value: unknown): void {
    if (value === null || value === undefined) lua.lua_pushnil(L);
    else if (typeof value === "boolean") lua.lua_pushboolean(L, value);
    else if (typeof value === "number") lua.lua_pushnumber(L, value);
    else if (typeof value === "string") lua.lua_pushstring(L, to_luastring(value));
    else if (Array.isArray(value)) {
        lua.lua_createtable(L, value.length, 0);
        value.forEach((item, i) => {
            push(L, item);
            lua.lua_rawseti(L, -2, i + 1);
        });
    } else {
        lua.lua_createtable(L, 0, 0);
        for (const [k, v] of Object.entries(value as object)) {
            push(L, v);
            lua.lua_setfield(L, -2, to_luastring(k));
        }
    }
}

/** Runs the health script the way Argo CD does: `obj` is the resource, the script returns {status, message}. */
function health(resource: unknown): { status: string; message: string } {
    const L = lauxlib.luaL_newstate();
    lualib.luaL_openlibs(L);
    push(L, resource);
    lua.lua_setglobal(L, to_luastring("obj"));
    if (
        lauxlib.luaL_loadstring(L, to_luastring(applicationHealthLua())) !== lua.LUA_OK ||
        lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK
    ) {
        throw new Error(`Lua failed: ${to_jsstring(lua.lua_tostring(L, -1))}`);
    }
    const field = (name: string) => {
        lua.lua_getfield(L, -1, to_luastring(name));
        const text = to_jsstring(lua.lua_tostring(L, -1));
        lua.lua_pop(L, 1);
        return text;
    };
    return { status: field("status"), message: field("message") };
}

const application = (status?: unknown) => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "child", namespace: "argocd" },
    spec: { project: "platform" },
    ...(status === undefined ? {} : { status }),
});

describe("Lua health check for argoproj.io/Application", () => {
    it("reports a Healthy child as Healthy", () => {
        assert.deepEqual(health(application({ health: { status: "Healthy" }, sync: { status: "Synced" } })), {
            status: "Healthy",
            message: "",
        });
    });

    it("reports a Progressing child as Progressing, with its message", () => {
        assert.deepEqual(health(application({ health: { status: "Progressing", message: "Waiting for rollout" } })), {
            status: "Progressing",
            message: "Waiting for rollout",
        });
    });

    it("reports a Degraded child as Degraded", () => {
        assert.deepEqual(health(application({ health: { status: "Degraded", message: "Back-off pulling image" } })), {
            status: "Degraded",
            message: "Back-off pulling image",
        });
    });

    it("reports a child with no status yet as Progressing, so waves wait for it", () => {
        assert.equal(health(application()).status, "Progressing");
        assert.equal(health(application({})).status, "Progressing");
        assert.equal(health(application({ health: {} })).status, "Progressing");
    });

    it("passes other health states through (Missing, Suspended, Unknown)", () => {
        for (const status of ["Missing", "Suspended", "Unknown"])
            assert.equal(health(application({ health: { status } })).status, status);
    });
});
