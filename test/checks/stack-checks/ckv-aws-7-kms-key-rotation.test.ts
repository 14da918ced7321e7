import { ckvAws7KmsKeyRotation as rule } from "../../../lib/checks/stack-checks/ckv-aws-7-kms-key-rotation";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_7 KMS key rotation", () => {
  it("passes a key with rotation on", () => {
    expect(findings(rule, stackOf({ aws_kms_key: { k: { enable_key_rotation: true } } }))).toEqual([]);
  });
  it("fails a symmetric key without rotation", () => {
    expect(findings(rule, stackOf({ aws_kms_key: { k: {} } }))).toEqual(["aws_kms_key.k: key rotation is not enabled"]);
  });
  it("ignores asymmetric keys, which cannot rotate", () => {
    expect(findings(rule, stackOf({ aws_kms_key: { k: { customer_master_key_spec: "RSA_2048" } } }))).toEqual([]);
  });
});
