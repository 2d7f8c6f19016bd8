import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_NAME } from "../config/load";
import { StackConfig, readStackFile, stackConfigFromMap } from "../config/stackFile";
import { LiveState, RenderResult, RenderedResource, renderProgram } from "../render/engine";
import { RenderedFile, renderFiles } from "../render/files";

/** Root of the repository. */
export const ROOT = path.resolve(__dirname, "..");

/** A finished render with small query helpers. */
export class Rendered {
    constructor(public readonly result: RenderResult) {}

    get resources(): RenderedResource[] {
        return this.result.resources;
    }

    /** Resources of one type token. */
    ofType(type: string): RenderedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The resource with this logical name; throws when there is none. */
    named(name: string): RenderedResource {
        const found = this.resources.find((r) => r.name === name);
        if (!found) throw new Error(`no resource named ${name}; have: ${this.resources.map((r) => r.name).join(", ")}`);
        return found;
    }

    /** Children of a resource, by logical name. */
    childrenOf(name: string): RenderedResource[] {
        return this.resources.filter((r) => r.parent === name);
    }

    /** The files `npm run render` would write. */
    files(): RenderedFile[] {
        return renderFiles(this.result);
    }
}

/** The fixed egress range of the test stacks' deploy runners (a documentation range, RFC 5737). */
export const DEPLOYER_CIDR = "198.51.100.0/28";

/** The `deployer` key of the test stacks: runners egress from {@link DEPLOYER_CIDR}. */
export const TEST_DEPLOYER = { egressCidrs: [DEPLOYER_CIDR] };

/** The hosted zone the test stacks' EKS add-ons may change (`route53ZoneIds`; prod requires one). */
export const TEST_HOSTED_ZONE = "Z0123456789ABCDEFGHIJ";

/** The CI deploy role of the test stacks' EKS clusters (`deployerRoleArn`). */
export const TEST_DEPLOYER_ROLE = "arn:aws:iam::123456789012:role/platform-deployer";

/**
 * An EKS cluster entry valid in every environment: its public endpoint admits the test deployer, whose role
 * owns the admin access entry, and its DNS add-ons are limited to one hosted zone. `extra` overrides any key.
 */
export function awsCluster(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "dev-eks",
        cloud: "aws",
        region: "eu-west-1",
        endpointPublicAccessCidrs: [DEPLOYER_CIDR],
        deployerRoleArn: TEST_DEPLOYER_ROLE,
        route53ZoneIds: [TEST_HOSTED_ZONE],
        ...extra,
    };
}

/** A small valid config (the `config:` map of a stack file), to be varied by tests. */
export function baseConfig(): Record<string, unknown> {
    return {
        "gitops-platform:environment": "dev",
        "gitops-platform:clusters": [awsCluster()],
        "gitops-platform:deployer": TEST_DEPLOYER,
        "gitops-platform:gitops": { owner: "acme", name: "platform-gitops" },
    };
}

/**
 * Renders the real program from an inline `config:` map (same format as a stack file, `secure:` allowed).
 * `secrets` are added as secret config values, and then revealed in the result so tests can follow them.
 */
export async function renderConfig(
    configMap: Record<string, unknown>,
    stack = "test",
    secrets: Record<string, string> = {},
): Promise<Rendered> {
    const stackConfig = stackConfigFromMap(configMap, PROJECT_NAME);
    for (const [key, value] of Object.entries(secrets)) {
        stackConfig.config[`${PROJECT_NAME}:${key}`] = value;
        stackConfig.secretKeys.push(`${PROJECT_NAME}:${key}`);
    }
    const reveal = Object.keys(secrets).length > 0;
    return new Rendered(await renderProgram(stack, stackConfig, { revealSecrets: reveal }));
}

/** Renders an inline `config:` map against cloud resources that exist already (see {@link LiveState}). */
export async function renderLive(
    configMap: Record<string, unknown>,
    live: LiveState,
    stack = "test",
): Promise<Rendered> {
    return new Rendered(await renderProgram(stack, stackConfigFromMap(configMap, PROJECT_NAME), { live }));
}

/** Renders with config values given as the CLI would pass them, with chosen keys marked secret. */
export async function renderRaw(stackConfig: StackConfig, stack = "test", program?: string): Promise<Rendered> {
    return new Rendered(await renderProgram(stack, stackConfig, { program }));
}

/** Renders one of the repository's stack files. */
export async function renderStack(stack: string): Promise<Rendered> {
    return new Rendered(
        await renderProgram(stack, readStackFile(path.join(ROOT, `Pulumi.${stack}.yaml`), PROJECT_NAME)),
    );
}

/** Every file under a directory, relative path to content. */
export function readTree(dir: string): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (d: string) => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
            const full = path.join(d, entry.name);
            if (entry.isDirectory()) walk(full);
            else out.set(path.relative(dir, full), fs.readFileSync(full, "utf8"));
        }
    };
    walk(dir);
    return out;
}

/** Runs one of the repository's TypeScript entry points as `npm run <script>` does (without npm's banner). */
export function runScript(script: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
    return runScriptWith({}, script, ...args);
}

/** {@link runScript} from another working directory or as another user (`uid`, which needs root). */
export function runScriptWith(
    options: { cwd?: string; uid?: number },
    script: string,
    ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync(
        process.execPath,
        ["-r", path.join(ROOT, "cli", "register.js"), path.join(ROOT, script), ...args],
        {
            cwd: options.cwd ?? ROOT,
            encoding: "utf8",
            uid: options.uid,
            gid: options.uid,
            // ts-node looks for tsconfig.json from the working directory.
            env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") },
        },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A copy of `Pulumi.prod.yaml` with its secrets set, as `pulumi config set --secret` would leave it (the
 * repository's file holds none): for tests of real-run paths, which refuse a stack whose secrets are missing.
 */
export function prodStackFileWithSecrets(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prod-secrets-"));
    const file = path.join(dir, "Pulumi.prod.yaml");
    const secrets = ["ssoClientSecret", "slackToken", "teamsWebhookUrl"]
        .map((key) => `  ${PROJECT_NAME}:${key}:\n    secure: v1:c3RhbmQtaW4=:Y2lwaGVydGV4dA==\n`)
        .join("");
    fs.writeFileSync(file, `${fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")}${secrets}`);
    return file;
}
