import { ckvAws338LogGroupRetention as rule } from "../../../lib/checks/stack-checks/ckv-aws-338-log-group-retention";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_338 log group retention", () => {
  it("passes a year or more", () =>
    expect(findings(rule, stackOf({ aws_cloudwatch_log_group: { g: { retention_in_days: 365 } } }))).toEqual([]));
  it("fails less than a year", () => {
    expect(findings(rule, stackOf({ aws_cloudwatch_log_group: { g: { retention_in_days: 30 } } }))).toEqual([
      "aws_cloudwatch_log_group.g: logs are kept 30 days, less than 365",
    ]);
  });
  it("fails a log group without an explicit retention", () =>
    expect(findings(rule, stackOf({ aws_cloudwatch_log_group: { g: {} } }))).toHaveLength(1));
});
