import { expectMetadata, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { application, applicationSet, specWith } from "./fixtures";
import { applicationNoApplyOutOfSyncOnly as policy } from "./noApplyOutOfSyncOnly";

describe("argocd-application-no-apply-out-of-sync-only", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-application-no-apply-out-of-sync-only"));
    it("passes an Application without it", () => expectPass(policy, TYPES.application, application()));
    it("passes ApplyOutOfSyncOnly=false", () =>
        expectPass(
            policy,
            TYPES.application,
            application(specWith((s) => s.syncPolicy.syncOptions.push("ApplyOutOfSyncOnly=false"))),
        ));
    it("fails ApplyOutOfSyncOnly=true", () =>
        expectViolation(
            policy,
            TYPES.applicationSet,
            applicationSet(specWith((s) => s.syncPolicy.syncOptions.push("ApplyOutOfSyncOnly=true"))),
            /has ApplyOutOfSyncOnly=true/,
        ));
});
