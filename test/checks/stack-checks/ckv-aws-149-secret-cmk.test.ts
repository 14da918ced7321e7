import { ckvAws149SecretCmk as rule } from "../../../lib/checks/stack-checks/ckv-aws-149-secret-cmk";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_149 secret CMK", () => {
  it("passes a secret encrypted with a customer-managed key", () => {
    expect(findings(rule, stackOf({ aws_secretsmanager_secret: { s: { name: "a", kms_key_id: "${aws_kms_key.k.arn}" } } }))).toEqual([]);
  });
  it("fails a secret on the AWS managed key", () => {
    expect(findings(rule, stackOf({ aws_secretsmanager_secret: { s: { name: "a" } } }))).toEqual([
      "aws_secretsmanager_secret.s: the secret has no kms_key_id: it is encrypted with the AWS managed key",
    ]);
  });
  it("is named after the Checkov id it mirrors", () => expect(rule.id).toBe("CKV_AWS_149"));
});
