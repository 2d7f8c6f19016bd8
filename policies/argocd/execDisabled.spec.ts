import { expectMetadata, expectPass, expectViolation } from "../lib/spec";
import { TYPES } from "../lib/types";
import { argocdExecDisabled as policy } from "./execDisabled";
import { release, secureValues } from "./fixtures";

const withExec = (value: unknown) => {
    const values = secureValues();
    values.configs.cm["exec.enabled"] = value;
    return release(values);
};

describe("argocd-exec-disabled", () => {
    it("has its name and metadata", () => expectMetadata(policy, "argocd-exec-disabled"));
    it("passes exec off", () => expectPass(policy, TYPES.helmRelease, withExec(false)));
    it("passes the chart default (unset, off)", () => expectPass(policy, TYPES.helmRelease, withExec(undefined)));
    it("fails exec on", () => expectViolation(policy, TYPES.helmRelease, withExec(true), /exec.enabled"` is true/));
    it('fails exec on as the string "true"', () =>
        expectViolation(policy, TYPES.helmRelease, withExec("true"), /exec.enabled/));
});
