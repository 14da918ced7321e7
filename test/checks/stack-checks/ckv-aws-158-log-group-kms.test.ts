import { ckvAws158LogGroupKms as rule } from "../../../lib/checks/stack-checks/ckv-aws-158-log-group-kms";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_158 log group KMS", () => {
  it("passes an encrypted log group", () =>
    expect(findings(rule, stackOf({ aws_cloudwatch_log_group: { g: { kms_key_id: "k" } } }))).toEqual([]));
  it("fails an unencrypted one", () =>
    expect(findings(rule, stackOf({ aws_cloudwatch_log_group: { g: {} } }))).toEqual([
      "aws_cloudwatch_log_group.g: the log group has no kms_key_id",
    ]));
});
