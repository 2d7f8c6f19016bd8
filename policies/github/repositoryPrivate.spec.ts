import { expectMetadata, expectNotApplicable, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { githubRepositoryPrivate as policy } from "./repositoryPrivate";

describe("github-repository-private", () => {
    it("has its name and metadata", () => expectMetadata(policy, "github-repository-private"));
    it("passes a private repository", () =>
        expectPass(policy, TYPES.repository, { name: "gitops", visibility: "private" }));
    it("passes an internal repository (GitHub Enterprise)", () =>
        expectPass(policy, TYPES.repository, { name: "gitops", visibility: "internal" }));
    it("passes the deprecated private flag", () =>
        expectPass(policy, TYPES.repository, { name: "gitops", private: true }));
    it("fails a public repository", () =>
        expectViolation(policy, TYPES.repository, { name: "gitops", visibility: "public" }, /is public/));
    it("fails a repository left to GitHub's default (public)", () =>
        expectViolation(policy, TYPES.repository, { name: "gitops" }, /is public/));
    it("does not apply to other resources", () => expectNotApplicable(policy, TYPES.deployKey, {}));
});
