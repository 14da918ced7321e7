import { ckvAws63IamWildcardAction as rule } from "../../../lib/checks/stack-checks/ckv-aws-63-iam-wildcard-action";
import { findings, policy, stackOf } from "./ckv-support";

describe("CKV_AWS_63 IAM wildcard action", () => {
  it("fails Action * even on one resource", () => {
    const text = policy([{ Sid: "All", Effect: "Allow", Action: "*", Resource: "arn:x" }]);
    expect(findings(rule, stackOf({ aws_iam_role_policy: { p: { policy: text } } }))).toEqual([
      "aws_iam_role_policy.p: statement All allows every action",
    ]);
  });
  it("reads inline role policies and Terraform-escaped policy variables", () => {
    const text = policy([
      {
        Sid: "Read",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "arn:x",
        Condition: { StringEquals: { "aws:ResourceTag/e": "$${aws:PrincipalTag/e}" } },
      },
    ]);
    expect(findings(rule, stackOf({ aws_iam_role: { r: { inline_policy: [{ policy: text }] } } }))).toEqual([]);
  });
  it("reports an unreadable policy", () =>
    expect(findings(rule, stackOf({ aws_iam_role_policy: { p: { policy: "{" } } }))).toHaveLength(1));
});
