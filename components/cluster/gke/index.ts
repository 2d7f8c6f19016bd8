export * from "./gkeCluster";
export * from "./identity";
export * from "./kubeconfig";
