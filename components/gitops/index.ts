export * from "./handoff";
export * from "./layout";
export * from "./repository";
export * from "./seed";
