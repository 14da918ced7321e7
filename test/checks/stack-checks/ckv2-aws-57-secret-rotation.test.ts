import { ckv2Aws57SecretRotation as rule } from "../../../lib/checks/stack-checks/ckv2-aws-57-secret-rotation";
import { findings, stackOf } from "./ckv-support";

describe("CKV2_AWS_57 secret rotation", () => {
  it("passes a secret with a rotation that references it", () => {
    const stack = stackOf({
      aws_secretsmanager_secret: { s: { name: "a" } },
      aws_secretsmanager_secret_rotation: {
        r: { secret_id: "${aws_secretsmanager_secret.s.arn}", rotation_rules: { automatically_after_days: 30 } },
      },
    });
    expect(findings(rule, stack)).toEqual([]);
  });
  it("fails a secret without rotation", () => {
    const stack = stackOf({
      aws_secretsmanager_secret: { s: { name: "a" }, t: { name: "b" } },
      aws_secretsmanager_secret_rotation: { r: { secret_id: "${aws_secretsmanager_secret.t.arn}" } },
    });
    expect(findings(rule, stack)).toEqual([
      "aws_secretsmanager_secret.s: the secret has no aws_secretsmanager_secret_rotation and no rotation-exemption tag",
    ]);
  });
  it("exempts reminder-mode and not-yet-seeded credentials, whose reason is in the tag", () => {
    const stack = stackOf({
      aws_secretsmanager_secret: {
        reminder: { name: "a", tags: { "rotation-exemption": "only the issuer can rotate it" } },
        unseeded: { name: "b", tags: { "rotation-exemption": "not yet seeded" } },
      },
    });
    expect(findings(rule, stack)).toEqual([]);
  });
  it("is named after the Checkov id it mirrors", () => expect(rule.id).toBe("CKV2_AWS_57"));
});
