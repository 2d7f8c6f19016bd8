export * from "./cidr";
export * from "./eksCluster";
export * from "./iam";
export * from "./kubeconfig";
export * from "./network";
export * from "./nodes";
