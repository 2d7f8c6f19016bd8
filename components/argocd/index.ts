export * from "./argocd";
export * from "./health";
export * from "./notifications";
export * from "./rbac";
export * from "./values";
