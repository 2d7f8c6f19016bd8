// The benchmark's floor: the bare SDK under mocks registering the resources of a render's resources.json (same
// count, types, names and inputs) with the providers' own classes, and nothing else: no program, no
// recording, no files. `node -r ts-node/register/transpile-only bench/floor.ts <resources.json>`.
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { RenderedResource } from "../render/engine";

type ResourceClass = new (name: string, args: Record<string, unknown>) => pulumi.Resource;

/** The SDK class of a type token, e.g. `aws:ec2/vpc:Vpc` is `aws.ec2.Vpc`; undefined when the package has none. */
export function classOf(type: string): ResourceClass | undefined {
    const [pkg, module = "", name = ""] = type.split(":");
    if (pkg === "pulumi" && module === "providers") return requirePackage(name)?.Provider as ResourceClass;
    const root = requirePackage(pkg);
    if (!root) return undefined;
    if (pkg === "kubernetes") {
        // `core/v1:Secret` is k8s.core.v1.Secret, `helm.sh/v3:Release` k8s.helm.v3.Release.
        const [group, version] = module.split("/");
        return (root[group.split(".")[0]] as Record<string, Record<string, unknown>> | undefined)?.[version]?.[name] as
            ResourceClass | undefined;
    }
    const first = module.split("/")[0];
    return (first === "index" ? root[name] : (root[first] as Record<string, unknown> | undefined)?.[name]) as
        ResourceClass | undefined;
}

function requirePackage(pkg: string): Record<string, unknown> | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(`@pulumi/${pkg}`) as Record<string, unknown>;
    } catch {
        return undefined;
    }
}

async function main(file: string): Promise<void> {
    // The SDK's own work only: stack traces formatted by V8, not source-mapped by the TypeScript loader.
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    const resources = JSON.parse(fs.readFileSync(file, "utf8")) as RenderedResource[];
    const components = new Set(resources.flatMap((r) => (r.parent ? [r.parent] : [])));
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: args.custom ? `${args.name}-id` : undefined, state: args.inputs }),
            call: (args) => args.inputs,
        },
        "bench",
        "floor",
        false,
    );
    await pulumi.runtime.runInPulumiStack(async () => {
        for (const r of resources) {
            if (components.has(r.name)) {
                new pulumi.ComponentResource(r.type, r.name);
                continue;
            }
            const resourceClass = classOf(r.type);
            if (resourceClass) new resourceClass(r.name, r.inputs);
            else if (r.type.startsWith("kubernetes:")) {
                // A custom resource kind (Argo CD's): the Kubernetes SDK's generic class.
                const k8s = requirePackage("kubernetes") as { apiextensions: { CustomResource: ResourceClass } };
                new k8s.apiextensions.CustomResource(r.name, r.inputs);
            } else
                new (pulumi.CustomResource as unknown as new (t: string, n: string, a: object) => pulumi.Resource)(
                    r.type,
                    r.name,
                    r.inputs,
                );
        }
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

if (require.main === module) {
    main(process.argv[2]).catch((error: unknown) => {
        console.error(error);
        process.exit(1);
    });
}
