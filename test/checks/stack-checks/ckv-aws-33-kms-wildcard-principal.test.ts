import { ckvAws33KmsWildcardPrincipal as rule } from "../../../lib/checks/stack-checks/ckv-aws-33-kms-wildcard-principal";
import { findings, policy, stackOf } from "./ckv-support";

describe("CKV_AWS_33 KMS wildcard principal", () => {
  it("passes a key policy that delegates to the account", () => {
    const text = policy([
      { Sid: "AccountDelegation", Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "kms:*", Resource: "*" },
    ]);
    expect(findings(rule, stackOf({ aws_kms_key: { k: { policy: text } } }))).toEqual([]);
  });
  it("fails a statement allowing everyone", () => {
    for (const principal of ["*", { AWS: "*" }, { AWS: ["arn:aws:iam::1:root", "*"] }]) {
      const text = policy([{ Sid: "Open", Effect: "Allow", Principal: principal, Action: "kms:Decrypt", Resource: "*" }]);
      expect(findings(rule, stackOf({ aws_kms_key: { k: { policy: text } } }))).toEqual([
        'aws_kms_key.k: key policy statement Open allows the "*" principal',
      ]);
    }
  });
  it("reports an unreadable policy", () => {
    expect(findings(rule, stackOf({ aws_kms_key: { k: { policy: "not json" } } }))).toHaveLength(1);
  });
});
