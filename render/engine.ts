import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CliError, EXIT } from "../cli/exitCodes";
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
    /** Logical names of explicit `dependsOn` resources, as the program wrote them. */
    dependsOn: string[];
    /**
     * Logical names of every resource the engine records this one as depending on (Pulumi state's
     * `dependencies`): the explicit `dependsOn` with components expanded to the custom resources under them,
     * and every resource whose outputs flow into this one's inputs. Sorted.
     */
    dependencies: string[];
    /** Per input property, the logical names of the resources whose outputs it was built from (sorted). */
    propertyDependencies: Record<string, string[]>;
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
    "aws:iam/role:Role": ({ name, inputs }) => {
        const roleName = (inputs.name as string | undefined) ?? name;
        return { name: roleName, arn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:role/${roleName}` };
    },
    "aws:sqs/queue:Queue": ({ name, inputs }) => {
        const queueName = (inputs.name as string | undefined) ?? name;
        return {
            name: queueName,
            arn: `arn:aws:sqs:mock:${MOCK_AWS_ACCOUNT}:${queueName}`,
            url: `https://sqs.mock.amazonaws.com/${MOCK_AWS_ACCOUNT}/${queueName}`,
        };
    },
    "aws:kms/key:Key": ({ name }) => ({
        keyId: `${name}-key-id`,
        arn: `arn:aws:kms:mock:${MOCK_AWS_ACCOUNT}:key/${name}`,
    }),
    "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
    // ACM gives every name of a DNS-validated certificate its own CNAME to publish.
    "aws:acm/certificate:Certificate": ({ name, inputs }) => ({
        arn: `arn:aws:acm:mock:${MOCK_AWS_ACCOUNT}:certificate/${name}`,
        domainValidationOptions: [inputs.domainName, ...((inputs.subjectAlternativeNames as string[]) ?? [])].map(
            (domainName) => ({
                domainName,
                resourceRecordName: `_mock.${domainName}.`,
                resourceRecordType: "CNAME",
                resourceRecordValue: `_mock.acm-validations.aws.`,
            }),
        ),
    }),
    "aws:route53/record:Record": ({ inputs }) => ({ fqdn: String(inputs.name).replace(/\.$/, "") }),
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
        zoneIds: [1, 2, 3, 4, 5, 6].map((n) => `mock1-az${n}`),
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
    "gcp:organizations/getProject:getProject": (inputs) => ({ ...inputs, number: MOCK_GCP_PROJECT_NUMBER }),
};

/**
 * Cloud resources that exist before the run, as the provider functions that read them would find them. The
 * default is a first deployment: nothing exists yet.
 */
export interface LiveState {
    /** EKS clusters by name, with the Kubernetes version each runs (e.g. after EKS upgraded it itself). */
    eksClusters?: Record<string, string>;
}

/** Provider functions that read live resources, answered from {@link LiveState} as the cloud would. */
function liveInvokes(live: LiveState): Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> {
    const eks = live.eksClusters ?? {};
    return {
        "aws:eks/getClusters:getClusters": () => ({ id: "mock-region", names: Object.keys(eks) }),
        "aws:eks/getCluster:getCluster": (inputs) => {
            const name = String(inputs.name);
            // DescribeCluster of a missing cluster fails the preview, which is why the program lists first.
            if (!(name in eks)) throw new Error(`ResourceNotFoundException: No cluster found for name: ${name}.`);
            return { name, version: eks[name] };
        },
    };
}

class RecordingMocks implements pulumi.runtime.Mocks {
    /** Inputs and provider of each registration, by URN. */
    readonly registered = new Map<string, { inputs: Record<string, unknown>; provider: string | null }>();
    /** The URN of the registration being answered; set by {@link recordRegistrations} just before. */
    currentUrn = "";

    private readonly invokes: typeof invokeResults;

    constructor(live: LiveState = {}) {
        this.invokes = { ...invokeResults, ...liveInvokes(live) };
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        this.registered.set(this.currentUrn, {
            inputs: args.inputs as Record<string, unknown>,
            // A provider reference is `<urn>::<id>`; the URN ends with the provider's logical name.
            provider: args.provider ? args.provider.split("::").slice(-2)[0] : null,
        });
        const extra = computedOutputs[args.type]?.(args) ?? {};
        return { id: args.custom ? `${args.name}-id` : undefined, state: { ...args.inputs, ...extra } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const answer = this.invokes[args.token];
        return answer ? answer(args.inputs as Record<string, unknown>) : (args.inputs as Record<string, unknown>);
    }
}

interface Registration {
    type: string;
    name: string;
    parent: string | null;
    dependsOn: Promise<string[]>;
    resource: pulumi.Resource;
}

/** The parts of the SDK's RegisterResourceRequest (protobuf) the render reads. */
interface RegisterResourceRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

/** The SDK's MockMonitor, as far as the render wraps it (internal to the SDK: `runtime/mocks.js`). */
interface MockMonitor {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: RegisterResourceRequest, callback: (error: Error | null, response?: unknown) => void): void;
}

/** The dependencies the engine would receive with one registration, as URNs. */
interface EngineDependencies {
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

/** The engine's message for two resources with one URN (pkg/diag/errors.go, `GetDuplicateResourceURNError`). */
export const duplicateUrnMessage = (urn: string) => `Duplicate resource URN '${urn}'; try giving it a unique name`;

/**
 * Wraps the mock monitor's `registerResource` so the render sees each request as the engine would: it
 * records the dependencies the SDK computed (`prepareResource`: explicit `dependsOn` expanded through
 * components, and the resources behind every input's Outputs) and notes a second registration of a URN,
 * which the engine refuses and the SDK's mock monitor would silently let overwrite the first.
 */
function recordRegistrations(
    monitor: MockMonitor,
    mocks: RecordingMocks,
): { byUrn: Map<string, EngineDependencies>; duplicates: string[] } {
    const byUrn = new Map<string, EngineDependencies>();
    const duplicates: string[] = [];
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
        // Answered anyway, so the program runs to its end; the render then fails naming the URN.
        if (byUrn.has(urn)) duplicates.push(urn);
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((value, key) => {
            propertyDependencies[key] = value.getUrnsList();
        });
        byUrn.set(urn, { dependencies: req.getDependenciesList(), propertyDependencies });
        // The mock monitor calls `mocks.newResource` synchronously, before its first await.
        mocks.currentUrn = urn;
        register(req, callback);
    };
    return { byUrn, duplicates };
}

/** The logical name in a URN (`urn:pulumi:<stack>::<project>::<type chain>::<name>`). */
const nameOfUrn = (urn: string) => urn.split("::").slice(3).join("::");
const sortedNames = (urns: string[]) => [...new Set(urns.map(nameOfUrn))].sort();

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
 * `options.live` says which cloud resources exist already (none by default, a first deployment).
 * `options.program` runs another program file instead (tests use small fixtures); `options.revealSecrets`
 * keeps secret values in the result, like `--show-secrets`, so tests can check where secrets go (the CLI never
 * sets it).
 */
export async function renderProgram(
    stack: string,
    stackConfig: StackConfig,
    options: { project?: string; program?: string; revealSecrets?: boolean; live?: LiveState } = {},
): Promise<RenderResult> {
    const project = options.project ?? PROJECT_NAME;
    const mocks = new RecordingMocks(options.live);
    // preview=false: with preview=true every output the mocks do not return would stay unknown.
    await pulumi.runtime.setMocks(mocks, project, stack, false);
    // Secrets the stack file cannot give the render (see offlineSecrets.ts); the real program gets none.
    const { stackConfig: config, standIns } = withOfflineSecretStandIns(stackConfig);
    pulumi.runtime.setAllConfig(config.config, config.secretKeys);
    unloadProjectModules();
    // Internal to the SDK (not in its typings): the mock monitor, and waitForRPCs, which waits until every
    // registration has reached it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        waitForRPCs(): Promise<void>;
        getMonitor(): unknown;
    };
    const recorded = recordRegistrations(settings.getMonitor() as MockMonitor, mocks);

    const registrations: Registration[] = [];
    const lifecycles: Record<string, ResourceLifecycle> = {};
    // The SDK takes a stack trace for every promise it makes (to report leaks) and every resource (its source
    // position, for the engine); the mock monitor uses neither. Under ts-node each trace is source-mapped
    // frame by frame, which took most of a large render's time: while the program runs, traces are
    // formatted by V8 alone. An error's trace is formatted when first read, so one read later is mapped.
    const prepareStackTrace = Error.prepareStackTrace;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    try {
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
                    resource: args.resource,
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
        await settings.waitForRPCs();
    } finally {
        Error.prepareStackTrace = prepareStackTrace;
    }
    // The engine stops at the first duplicate URN with this message.
    if (recorded.duplicates.length > 0) throw new CliError(duplicateUrnMessage(recorded.duplicates[0]), EXIT.failed);

    const resources: RenderedResource[] = [];
    for (const registration of registrations) {
        // Set by the SDK before the registration reaches the monitor; Output.promise() is internal to the SDK.
        const urn = await (registration.resource.urn as unknown as { promise(): Promise<string> }).promise();
        const inputs = mocks.registered.get(urn);
        const engine = recorded.byUrn.get(urn) ?? { dependencies: [], propertyDependencies: {} };
        resources.push({
            type: registration.type,
            name: registration.name,
            parent: registration.parent,
            dependsOn: await registration.dependsOn,
            dependencies: sortedNames(engine.dependencies),
            propertyDependencies: Object.fromEntries(
                Object.entries(engine.propertyDependencies)
                    .filter(([, urns]) => urns.length > 0)
                    .sort(([a], [b]) => a.localeCompare(b))
                    .map(([key, urns]) => [key, sortedNames(urns)]),
            ),
            provider: inputs?.provider ?? null,
            inputs: redactSecrets(inputs?.inputs ?? {}, options.revealSecrets) as Record<string, unknown>,
        });
    }
    const outputs = redactSecrets(stackOutputs(settings.getMonitor()), options.revealSecrets) as Record<
        string,
        unknown
    >;
    return { stack, resources, outputs, options: lifecycles, secretStandIns: standIns };
}
