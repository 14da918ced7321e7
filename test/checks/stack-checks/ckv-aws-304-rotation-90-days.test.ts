import { ckvAws304Rotation90Days as rule } from "../../../lib/checks/stack-checks/ckv-aws-304-rotation-90-days";
import { findings, stackOf } from "./ckv-support";

const rotation = (rules: object) => stackOf({ aws_secretsmanager_secret_rotation: { r: { secret_id: "s", rotation_rules: rules } } });

describe("CKV_AWS_304 rotation within 90 days", () => {
  it("passes 90 days and fewer", () => {
    expect(findings(rule, rotation({ automatically_after_days: 90 }))).toEqual([]);
    expect(findings(rule, rotation({ schedule_expression: "rate(30 days)" }))).toEqual([]);
  });
  it("fails more than 90 days", () => {
    expect(findings(rule, rotation({ automatically_after_days: 120 }))).toEqual([
      "aws_secretsmanager_secret_rotation.r: rotation every 120 days exceeds 90",
    ]);
  });
  it("reports a schedule it cannot read instead of passing it", () => {
    expect(findings(rule, rotation({ schedule_expression: "cron(0 0 1 * ? *)" }))).toHaveLength(1);
  });
});
