export * from "./catalogue";
export * from "./contract";
