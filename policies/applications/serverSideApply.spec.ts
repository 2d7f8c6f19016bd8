import { expectMetadata, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { application, specWith } from "./fixtures";
import { applicationServerSideApply as policy } from "./serverSideApply";

const withOptions = (syncOptions: string[] | undefined) =>
    application(specWith((s) => (s.syncPolicy.syncOptions = syncOptions)));

describe("argocd-application-server-side-apply", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-application-server-side-apply"));
    it("passes ServerSideApply=true", () => expectPass(policy, TYPES.application, application()));
    it("fails without sync options", () =>
        expectViolation(policy, TYPES.application, withOptions(undefined), /lacks ServerSideApply=true/));
    it("fails ServerSideApply=false", () =>
        expectViolation(policy, TYPES.application, withOptions(["ServerSideApply=false"]), /lacks ServerSideApply/));
    it("takes the last of repeated options, as Argo CD does", () =>
        expectViolation(
            policy,
            TYPES.application,
            withOptions(["ServerSideApply=true", "ServerSideApply=false"]),
            /lacks/,
        ));
});
