import * as fs from "fs";
import * as path from "path";

/** Path of the Lua health check for `argoproj.io/Application` (kept as a file so it can be run in tests). */
export const APPLICATION_HEALTH_LUA_FILE = path.join(__dirname, "application.lua");

/** The Lua health check for `argoproj.io/Application`, for `resource.customizations.health.argoproj.io_Application`. */
export function applicationHealthLua(): string {
    return fs.readFileSync(APPLICATION_HEALTH_LUA_FILE, "utf8");
}
