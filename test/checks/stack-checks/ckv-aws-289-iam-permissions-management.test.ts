import { ckvAws289IamPermissionsManagement as rule } from "../../../lib/checks/stack-checks/ckv-aws-289-iam-permissions-management";
import { findings, policy, stackOf } from "./ckv-support";

describe("CKV_AWS_289 permissions management", () => {
  it("fails permissions management on every resource", () => {
    const text = policy([
      { Sid: "Manage", Effect: "Allow", Action: ["iam:PutRolePolicy", "secretsmanager:PutResourcePolicy", "s3:GetObject"], Resource: "*" },
    ]);
    expect(findings(rule, stackOf({ aws_iam_role_policy: { p: { policy: text } } }))).toEqual([
      "aws_iam_role_policy.p: statement Manage allows iam:PutRolePolicy on every resource",
      "aws_iam_role_policy.p: statement Manage allows secretsmanager:PutResourcePolicy on every resource",
    ]);
  });
  it("passes them on exact resources", () => {
    const text = policy([{ Sid: "Manage", Effect: "Allow", Action: ["iam:PassRole"], Resource: ["arn:aws:iam::1:role/x"] }]);
    expect(findings(rule, stackOf({ aws_iam_role_policy: { p: { policy: text } } }))).toEqual([]);
  });
});
