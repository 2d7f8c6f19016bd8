export * from "./accessEntriesOnly";
export * from "./controlPlaneLogging";
export * from "./deletionProtection";
export * from "./endpointRestricted";
export * from "./nodeImdsV2";
export * from "./nodesPrivateSubnets";
export * from "./secretsEncryption";
export * from "./standardSupport";
