import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fileBackendDirectory, prepareFileBackend } from "../../automation/backend";

describe("file backend", () => {
    it("finds the directory of a file:// backend URL, expanding ~", () => {
        assert.strictEqual(fileBackendDirectory("file:///var/state"), "/var/state");
        assert.strictEqual(fileBackendDirectory("file://~/.pulumi-state"), path.join(os.homedir(), ".pulumi-state"));
        assert.strictEqual(fileBackendDirectory("s3://bucket/state"), undefined);
        assert.strictEqual(fileBackendDirectory(undefined), undefined);
    });

    it("creates a missing file backend directory and says so; leaves an existing one alone", () => {
        const directory = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "backend-")), "state");
        const log: string[] = [];
        prepareFileBackend(`file://${directory}`, (l) => log.push(l));
        assert.ok(fs.statSync(directory).isDirectory());
        prepareFileBackend(`file://${directory}`, (l) => log.push(l));
        assert.deepStrictEqual(log, [`created the file backend's directory ${directory} (PULUMI_BACKEND_URL)`]);
    });
});
