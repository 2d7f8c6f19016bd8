export * from "./catalogue";
export * from "./contract";
export * from "./objects";
export * from "./argocdIngress";
