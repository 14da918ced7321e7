import { parseIamPolicy } from "../../../lib/analysis/iam/policy-document";
import { evaluateIam } from "../../../lib/analysis/iam/policy-evaluator";
import { auditorRolePolicy, auditorTrustPolicy } from "../../../lib/policy/aws/auditor-policy";
import { policyText } from "../../../lib/policy/aws/policy-document";

const ACCOUNT = "111111111111";
const PREFIX = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:acme/prod/`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/acme/prod/acme-prod.auditor`;
const policy = parseIamPolicy("auditor", policyText(auditorRolePolicy({ secretArnPrefix: PREFIX })));

function decide(action: string, resource: string, extra = [] as ReturnType<typeof parseIamPolicy>[]) {
  return evaluateIam({
    request: { principal: { arn: ROLE }, action, resource: { arn: resource, accountId: ACCOUNT } },
    identityPolicies: [policy, ...extra],
  }).decision;
}

describe("the auditor's IAM role policy", () => {
  it.each([
    ["secretsmanager:ListSecrets", "*", "allow"],
    ["secretsmanager:DescribeSecret", `${PREFIX}orders/main-AbCdEf`, "allow"],
    ["secretsmanager:ListSecretVersionIds", `${PREFIX}orders/main-AbCdEf`, "allow"],
    ["secretsmanager:DescribeSecret", `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:acme/dev/orders/main-AbCdEf`, "implicit-deny"],
    ["iam:ListRoles", "*", "allow"],
    ["secretsmanager:GetSecretValue", `${PREFIX}orders/main-AbCdEf`, "explicit-deny"],
    ["kms:Decrypt", `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234`, "explicit-deny"],
    ["secretsmanager:PutSecretValue", `${PREFIX}orders/main-AbCdEf`, "implicit-deny"],
    ["iam:PassRole", "*", "implicit-deny"],
  ])("%s on %s -> %s", (action, resource, expected) => {
    expect(decide(action, resource)).toBe(expected);
  });

  it("keeps values out of reach even when a wider policy is attached later", () => {
    const wide = parseIamPolicy("wide", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["secretsmanager:*", "kms:*"], Resource: "*" }],
    });
    expect(decide("secretsmanager:GetSecretValue", `${PREFIX}orders/main-AbCdEf`, [wide])).toBe("explicit-deny");
    expect(decide("kms:Decrypt", `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234`, [wide])).toBe("explicit-deny");
  });

  it("is trusted by its account, like the library's other roles", () => {
    expect(auditorTrustPolicy({ partition: "aws", accountId: ACCOUNT }).Statement).toEqual([
      { Sid: "TrustAccount", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ["sts:AssumeRole"] },
    ]);
  });
});
