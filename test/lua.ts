// fengari ships no typings: a Lua 5.3 VM in JavaScript, enough to run Argo CD's health scripts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lua, lauxlib, lualib, to_luastring, to_jsstring } = require("fengari");

type LuaState = unknown;

/** What an Argo CD health script returns. */
export interface HealthStatus {
    status: string;
    message: string;
}

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

/** Runs a health script the way Argo CD does: `obj` is the resource, the script returns {status, message}. */
export function runHealthScript(script: string, resource: unknown): HealthStatus {
    const L = lauxlib.luaL_newstate();
    lualib.luaL_openlibs(L);
    push(L, resource);
    lua.lua_setglobal(L, to_luastring("obj"));
    if (lauxlib.luaL_loadstring(L, to_luastring(script)) !== lua.LUA_OK || lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
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
