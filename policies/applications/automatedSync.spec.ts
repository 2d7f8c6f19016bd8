import { expectMetadata, expectPass, expectViolation, expectViolations } from "../lib/spec";
import { TYPES } from "../lib/types";
import { applicationAutomatedSync as policy } from "./automatedSync";
import { application, applicationSet, specWith } from "./fixtures";

describe("argocd-application-automated-sync", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-application-automated-sync"));
    it("passes automated sync with retry", () => expectPass(policy, TYPES.application, application()));
    it("fails manual sync", () =>
        expectViolation(
            policy,
            TYPES.application,
            application(specWith((s) => delete s.syncPolicy.automated)),
            /automated` is not set/,
        ));
    it("fails automated sync switched off with enabled: false", () =>
        expectViolation(
            policy,
            TYPES.application,
            application(specWith((s) => (s.syncPolicy.automated = { enabled: false }))),
            /automated` is not set/,
        ));
    it("fails automated sync without retry", () =>
        expectViolation(
            policy,
            TYPES.applicationSet,
            applicationSet(specWith((s) => delete s.syncPolicy.retry)),
            /retry` is not set/,
        ));
    it("fails an Application without a sync policy on both counts", () =>
        expectViolations(policy, TYPES.application, application(specWith((s) => delete s.syncPolicy)), [
            /automated/,
            /retry/,
        ]));
});
