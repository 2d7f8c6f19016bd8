import * as path from "path";
import { PlatformPolicy } from "./policy";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- the SDK's generated
   gRPC code has no ES exports or typings */

/**
 * Holds the analyzer server to the rule that always-mandatory policies cannot be disabled or downgraded.
 *
 * `@pulumi/policy` (pinned) keeps the pack config from the engine's `Configure` call and skips a policy whose
 * configured level is `disabled` before the policy runs, so no policy can defend itself. This wraps the
 * deserializer of that one RPC in the service definition the SDK's server registers (resolved from the SDK's
 * own location, so it is the same module instance): each always-mandatory policy's configured level is reset
 * to mandatory, with a note on stderr (the engine shows a plugin's stderr), and the rest of the request is
 * untouched. Call it before `new PolicyPack`, which registers the service.
 */
export function lockAlwaysMandatoryLevels(policies: PlatformPolicy[]): void {
    const fromSdk = { paths: [path.dirname(require.resolve("@pulumi/policy"))] };
    const rpc = require(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb", fromSdk));
    const proto = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", fromSdk));
    const method = rpc.AnalyzerService.configure;
    const deserialize = method.requestDeserialize;
    const locked = new Set(policies.filter((p) => p.alwaysMandatory).map((p) => p.name));
    const mandatory = proto.EnforcementLevel.MANDATORY;
    method.requestDeserialize = (bytes: Uint8Array) => {
        const request = deserialize(bytes);
        request.getPolicyconfigMap().forEach((config: any, name: string) => {
            if (!locked.has(name) || config.getEnforcementlevel() === mandatory) return;
            console.error(`policy ${name} is always mandatory: its configured enforcement level is ignored`);
            config.setEnforcementlevel(mandatory);
        });
        return request;
    };
}
