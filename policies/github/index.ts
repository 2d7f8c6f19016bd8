export * from "./deployKeyReadOnly";
export * from "./repositoryPrivate";
export * from "./webhookSecure";
