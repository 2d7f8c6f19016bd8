import { PolicyPack } from "@pulumi/policy";
import { lockAlwaysMandatoryLevels } from "./lib/serve";
import { ALL_POLICIES } from "./policies";

// Before the server registers its service: always-mandatory policies keep their level whatever the pack config.
lockAlwaysMandatoryLevels(ALL_POLICIES);
// The only place the pack is constructed: this starts the analyzer's gRPC server for the Pulumi engine.
new PolicyPack("gitops-platform", {
    policies: ALL_POLICIES,
    description: "Clusters, Argo CD, Applications and the GitOps repository of gitops-platform.",
});
