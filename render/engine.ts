import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config/stackFile";
import { PROJECT_NAME } from "../config/load";
import { withOfflineSecretStandIns } from "./offlineSecrets";

/** One resource the program registered, as the offline render reports it. */
export interface RenderedResource {
    /** Pulumi type token, e.g. `kubernetes:core/v1:Secret`. */
    type: string;
    /** Logical name. */
    name: string;
    /** Logical name of the parent, or null for top-level resources. */
    parent: string | null;
    /** Logical names of explicit `dependsOn` resources. */
    dependsOn: string[];
    /** Logical name of the explicit provider, or null for the default provider. */
    provider: string | null;
    /** Inputs as sent to the engine; every secret value is `"[secret]"`. */
    inputs: Record<string, unknown>;
}

/** What one run of the program under mocks produced. */
export interface RenderResult {
    /** Stack name. */
    stack: string;
    /** Resources in registration order. */
    resources: RenderedResource[];
    /** Stack outputs, secrets replaced by `"[secret]"`. */
    outputs: Record<string, unknown>;
    /** Lifecycle options by logical name (not part of resources.json); only those set. */
    options: Record<string, ResourceLifecycle>;
    /** Secret keys the stack needs but its config lacks, given stand-in values for this render only. */
    secretStandIns?: string[];
}

/** The lifecycle options of a resource that decide who owns it over time. */
export interface ResourceLifecycle {
    ignoreChanges?: string[];
    retainOnDelete?: boolean;
    protect?: boolean;
}

/** The marker that replaces every secret value in rendered output. */
export const REDACTED = "[secret]";

const PROJECT_ROOT = path.resolve(__dirname, "..");
const PROGRAM = path.join(PROJECT_ROOT, "index.ts");
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function isSecretWrapper(value: unknown): value is { value: unknown } {
    return (
        value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
    );
}

/** Replaces secret-wrapped values (as the engine receives them) with {@link REDACTED}, or unwraps them. */
export function redactSecrets(value: unknown, reveal = false): unknown {
    if (isSecretWrapper(value)) return reveal ? redactSecrets(value.value, reveal) : REDACTED;
    if (value === UNKNOWN) return "[unknown]";
    if (Array.isArray(value)) return value.map((v) => redactSecrets(v, reveal));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v, reveal)]));
    }
    return value;
}

/** A value the engine would mark secret (the provider declares it so), as the mock monitor expects it. */
const secretOutput = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });

type StateFn = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;

/** The AWS account the mocks pretend to deploy into. */
export const MOCK_AWS_ACCOUNT = "123456789012";
/** The Google Cloud project number the mocks answer with. */
export const MOCK_GCP_PROJECT_NUMBER = "987654321098";

/**
 * Outputs the cloud would compute, for the types whose outputs the program reads. Values are fixed so that
 * renders are deterministic; secret outputs are returned as secrets, as the engine would mark them.
 */
const computedOutputs: Record<string, StateFn> = {
    "random:index/randomPassword:RandomPassword": ({ name }) => ({
        result: secretOutput(`mock-password-of-${name}`),
        bcryptHash: secretOutput(`$2a$10$mock-bcrypt-hash-of-${name}`),
    }),
    "tls:index/privateKey:PrivateKey": ({ name }) => ({
        privateKeyOpenssh: secretOutput(
            `-----BEGIN OPENSSH PRIVATE KEY-----\nmock key of ${name}\n-----END OPENSSH PRIVATE KEY-----\n`,
        ),
        privateKeyPem: secretOutput(`mock PEM of ${name}`),
        publicKeyOpenssh: `ssh-ed25519 AAAAmock${name.replace(/[^A-Za-z0-9]/g, "")} ${name}`,
    }),
    "github:index/repository:Repository": ({ inputs }) => ({
        nodeId: `R_mock_${inputs.name}`,
        fullName: `mock/${inputs.name}`,
    }),
    "aws:iam/role:Role": ({ name }) => ({ name, arn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:role/${name}` }),
    "aws:kms/key:Key": ({ name }) => ({
        keyId: `${name}-key-id`,
        arn: `arn:aws:kms:mock:${MOCK_AWS_ACCOUNT}:key/${name}`,
    }),
    "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
    "aws:eks/cluster:Cluster": ({ name, inputs }) => ({
        arn: `arn:aws:eks:mock:${MOCK_AWS_ACCOUNT}:cluster/${inputs.name}`,
        endpoint: `https://${name}.mock.eks.amazonaws.com`,
        certificateAuthority: { data: Buffer.from(`mock CA of ${name}`).toString("base64") },
        vpcConfig: { ...(inputs.vpcConfig as object), clusterSecurityGroupId: `sg-${name}` },
    }),
    "gcp:serviceaccount/account:Account": ({ inputs }) => {
        const email = `${inputs.accountId}@mock-project.iam.gserviceaccount.com`;
        return { email, name: `projects/mock-project/serviceAccounts/${email}` };
    },
    "gcp:kms/keyRing:KeyRing": ({ inputs }) => ({
        id: `projects/mock-project/locations/${inputs.location}/keyRings/${inputs.name}`,
    }),
    "gcp:container/cluster:Cluster": ({ name, inputs }) => ({
        endpoint: "10.0.0.2",
        masterAuth: {
            clientCertificateConfig: { issueClientCertificate: false },
            clusterCaCertificate: Buffer.from(`mock CA of ${name}`).toString("base64"),
        },
        controlPlaneEndpointsConfig: {
            ...(inputs.controlPlaneEndpointsConfig as object),
            dnsEndpointConfig: {
                ...((inputs.controlPlaneEndpointsConfig as { dnsEndpointConfig?: object })?.dnsEndpointConfig ?? {}),
                endpoint: `gke-mock-${name}.${inputs.location}.gke.goog`,
            },
        },
    }),
    "gcp:projects/iAMCustomRole:IAMCustomRole": ({ inputs }) => ({
        name: `projects/${inputs.project}/roles/${inputs.roleId}`,
    }),
};

/** Answers for provider functions (invokes) the program calls; by default a function echoes its arguments. */
const invokeResults: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
        names: ["a", "b", "c", "d", "e", "f"].map((z) => `mock-zone-${z}`),
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: MOCK_AWS_ACCOUNT,
        arn: `arn:aws:sts::${MOCK_AWS_ACCOUNT}:assumed-role/deployer/ci-session`,
        userId: "AROAMOCK:ci-session",
    }),
    "aws:iam/getSessionContext:getSessionContext": (inputs) => ({
        arn: inputs.arn,
        issuerArn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:role/deployer`,
    }),
    "aws:eks/getAddonVersion:getAddonVersion": (inputs) => ({ ...inputs, version: `v0.0.0-mock-${inputs.addonName}` }),
    "gcp:organizations/getProject:getProject": (inputs) => ({ ...inputs, number: MOCK_GCP_PROJECT_NUMBER }),
};

class RecordingMocks implements pulumi.runtime.Mocks {
    readonly registered = new Map<string, { inputs: Record<string, unknown>; provider: string | null }>();

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        this.registered.set(`${args.type}::${args.name}`, {
            inputs: args.inputs as Record<string, unknown>,
            // A provider reference is `<urn>::<id>`; the URN ends with the provider's logical name.
            provider: args.provider ? args.provider.split("::").slice(-2)[0] : null,
        });
        const extra = computedOutputs[args.type]?.(args) ?? {};
        return { id: args.custom ? `${args.name}-id` : undefined, state: { ...args.inputs, ...extra } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const answer = invokeResults[args.token];
        return answer ? answer(args.inputs as Record<string, unknown>) : (args.inputs as Record<string, unknown>);
    }
}

interface Registration {
    type: string;
    name: string;
    parent: string | null;
    dependsOn: Promise<string[]>;
}

const resourceName = (resource: unknown): string | undefined => (resource as { __name?: string } | undefined)?.__name;

async function dependsOnNames(dependsOn: pulumi.ResourceOptions["dependsOn"]): Promise<string[]> {
    // `dependsOn` may hold Outputs or promises of resources; Output.promise() is internal to the SDK.
    const resolve = async (value: unknown): Promise<unknown> =>
        pulumi.Output.isInstance(value) ? (value as unknown as { promise(): Promise<unknown> }).promise() : value;
    const top = await resolve(dependsOn);
    const list = Array.isArray(top) ? await Promise.all(top.map(resolve)) : top ? [top] : [];
    return list.map((r) => resourceName(r)).filter((n): n is string => n !== undefined);
}

/**
 * The stack outputs as the (mock) monitor received them: still serialized, so secrets keep their marker.
 * The value `runInPulumiStack` resolves to has already dropped secretness.
 */
function stackOutputs(monitor: unknown): Record<string, unknown> {
    type Registered = { urn: string; state: unknown };
    const registered = (monitor as { getRegisteredResources(): Map<string, Registered> }).getRegisteredResources();
    for (const entry of registered.values()) {
        if (entry.urn.includes("::pulumi:pulumi:Stack::")) {
            const state = entry.state as { toJavaScript?: () => Record<string, unknown> } | Record<string, unknown>;
            return typeof state.toJavaScript === "function" ? state.toJavaScript() : (state as Record<string, unknown>);
        }
    }
    return {};
}

/** Forgets the project's own modules so the next run reads config afresh; SDK modules stay loaded. */
function unloadProjectModules(): void {
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(PROJECT_ROOT + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)) {
            delete require.cache[file];
        }
    }
}

/**
 * Runs the real program (`index.ts`) under Pulumi's runtime mocks with the given config and returns every
 * resource it registered. Needs no CLI, credentials or network. Runs one at a time per process.
 * `options.program` runs another program file instead (tests use small fixtures); `options.revealSecrets`
 * keeps secret values in the result, like `--show-secrets`, so tests can check where secrets go (the CLI never
 * sets it).
 */
export async function renderProgram(
    stack: string,
    stackConfig: StackConfig,
    options: { project?: string; program?: string; revealSecrets?: boolean } = {},
): Promise<RenderResult> {
    const project = options.project ?? PROJECT_NAME;
    const mocks = new RecordingMocks();
    // preview=false: with preview=true every output the mocks do not return would stay unknown.
    await pulumi.runtime.setMocks(mocks, project, stack, false);
    // Secrets the stack file cannot give the render (see offlineSecrets.ts); the real program gets none.
    const { stackConfig: config, standIns } = withOfflineSecretStandIns(stackConfig);
    pulumi.runtime.setAllConfig(config.config, config.secretKeys);
    unloadProjectModules();

    const registrations: Registration[] = [];
    const lifecycles: Record<string, ResourceLifecycle> = {};
    await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation((args) => {
            const parent = args.opts.parent;
            const parentIsStack =
                (parent as { __pulumiType?: string } | undefined)?.__pulumiType === "pulumi:pulumi:Stack";
            registrations.push({
                type: args.type,
                name: args.name,
                parent: parent && !parentIsStack ? (resourceName(parent) ?? null) : null,
                dependsOn: dependsOnNames(args.opts.dependsOn),
            });
            const { ignoreChanges, retainOnDelete, protect } = args.opts as pulumi.CustomResourceOptions;
            const lifecycle = Object.fromEntries(
                Object.entries({ ignoreChanges, retainOnDelete, protect }).filter(
                    ([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0),
                ),
            );
            if (Object.keys(lifecycle).length > 0) lifecycles[args.name] = lifecycle;
            return undefined;
        });
        // require, not import: the program must run afresh inside this stack, after its modules were unloaded.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(options.program ?? PROGRAM);
    });
    // Internal to the SDK (not in its typings): waits until every registration has reached the (mock) monitor.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        waitForRPCs(): Promise<void>;
        getMonitor(): unknown;
    };
    await settings.waitForRPCs();

    const resources: RenderedResource[] = [];
    for (const registration of registrations) {
        const recorded = mocks.registered.get(`${registration.type}::${registration.name}`);
        resources.push({
            type: registration.type,
            name: registration.name,
            parent: registration.parent,
            dependsOn: await registration.dependsOn,
            provider: recorded?.provider ?? null,
            inputs: redactSecrets(recorded?.inputs ?? {}, options.revealSecrets) as Record<string, unknown>,
        });
    }
    const outputs = redactSecrets(stackOutputs(settings.getMonitor()), options.revealSecrets) as Record<
        string,
        unknown
    >;
    return { stack, resources, outputs, options: lifecycles, secretStandIns: standIns };
}
