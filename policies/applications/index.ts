export * from "./automatedSync";
export * from "./noApplyOutOfSyncOnly";
export * from "./notDefaultProject";
export * from "./serverSideApply";
export * from "./appProjectConfined";
