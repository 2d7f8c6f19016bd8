export * from "./keyRotation";
