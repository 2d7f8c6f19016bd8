import * as fs from "fs";
import * as path from "path";

/** Path of the Lua health check for `argoproj.io/Application` (kept as a file so it can be run in tests). */
export const APPLICATION_HEALTH_LUA_FILE = path.join(__dirname, "application.lua");

/**
 * Path of the Lua health check for `argoproj.io/ApplicationSet`: Argo CD's stock condition handling plus a
 * roll-up of the generated Applications' health, so a sync wave waits for the previous wave to be Healthy.
 */
export const APPLICATIONSET_HEALTH_LUA_FILE = path.join(__dirname, "applicationset.lua");

/** The Lua health check for `argoproj.io/Application`, for `resource.customizations.health.argoproj.io_Application`. */
export function applicationHealthLua(): string {
    return fs.readFileSync(APPLICATION_HEALTH_LUA_FILE, "utf8");
}

/** The Lua health check for `argoproj.io/ApplicationSet`, for `resource.customizations.health.argoproj.io_ApplicationSet`. */
export function applicationSetHealthLua(): string {
    return fs.readFileSync(APPLICATIONSET_HEALTH_LUA_FILE, "utf8");
}
