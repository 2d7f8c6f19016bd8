import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES } from "./policies";

// The only place the pack is constructed: this starts the analyzer's gRPC server for the Pulumi engine.
new PolicyPack("gitops-platform", {
    policies: ALL_POLICIES,
    description: "Clusters, Argo CD, Applications and the GitOps repository of gitops-platform.",
});
