import { ckvAws36TrailLogValidation as rule } from "../../../lib/checks/stack-checks/ckv-aws-36-trail-log-validation";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_36 trail log validation", () => {
  it("passes validation on", () =>
    expect(findings(rule, stackOf({ aws_cloudtrail: { t: { enable_log_file_validation: true } } }))).toEqual([]));
  it("fails validation off", () =>
    expect(findings(rule, stackOf({ aws_cloudtrail: { t: { enable_log_file_validation: false } } }))).toHaveLength(1));
});
