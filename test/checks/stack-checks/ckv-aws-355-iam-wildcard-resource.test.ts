import {
  ckvAws355IamWildcardResource as rule,
  RESOURCE_WILDCARD_ACTIONS,
} from "../../../lib/checks/stack-checks/ckv-aws-355-iam-wildcard-resource";
import { findings, policy, stackOf } from "./ckv-support";

describe("CKV_AWS_355 IAM wildcard resource", () => {
  it("fails a restrictable action on *", () => {
    const text = policy([{ Sid: "Read", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }]);
    expect(findings(rule, stackOf({ aws_iam_role_policy: { p: { policy: text } } }))).toEqual([
      "aws_iam_role_policy.p: statement Read allows secretsmanager:GetSecretValue on every resource",
    ]);
  });
  it("passes actions IAM accepts only with *, each with a reason", () => {
    const text = policy([{ Sid: "Password", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" }]);
    expect(findings(rule, stackOf({ aws_iam_role_policy: { p: { policy: text } } }))).toEqual([]);
    for (const reason of Object.values(RESOURCE_WILDCARD_ACTIONS)) expect(reason.length).toBeGreaterThan(5);
  });
});
