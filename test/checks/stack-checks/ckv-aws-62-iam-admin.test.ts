import { ckvAws62IamAdmin as rule } from "../../../lib/checks/stack-checks/ckv-aws-62-iam-admin";
import { findings, policy, stackOf } from "./ckv-support";

describe("CKV_AWS_62 IAM admin", () => {
  it("fails * on *", () => {
    const text = policy([{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }]);
    expect(findings(rule, stackOf({ aws_iam_role_policy: { p: { policy: text } } }))).toEqual([
      "aws_iam_role_policy.p: statement Admin allows every action on every resource",
    ]);
  });
  it("passes exact grants and denies", () => {
    const text = policy([
      { Sid: "Read", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ["arn:x"] },
      { Sid: "No", Effect: "Deny", Action: "*", Resource: "*" },
    ]);
    expect(findings(rule, stackOf({ aws_iam_policy: { p: { policy: text } } }))).toEqual([]);
  });
});
