import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The directory of a file backend (`PULUMI_BACKEND_URL=file://<dir>`), or undefined for other backends. `~`
 * expands to the home directory, as the CLI does.
 */
export function fileBackendDirectory(backendUrl: string | undefined): string | undefined {
    if (!backendUrl?.startsWith("file://")) return undefined;
    const location = backendUrl.slice("file://".length).split("?")[0];
    return path.resolve(location.startsWith("~") ? path.join(os.homedir(), location.slice(1)) : location);
}

/**
 * The CLI opens a file backend only in an existing directory; creates it (and says so) when
 * `PULUMI_BACKEND_URL` names one that is missing. Other backends are left to the CLI.
 */
export function prepareFileBackend(backendUrl: string | undefined, log: (line: string) => void): void {
    const directory = fileBackendDirectory(backendUrl);
    if (!directory || fs.existsSync(directory)) return;
    fs.mkdirSync(directory, { recursive: true });
    log(`created the file backend's directory ${directory} (PULUMI_BACKEND_URL)`);
}
