import { appliedPolicySize, etlAws001IamPolicySize as rule } from "../../../lib/checks/stack-checks/etl-aws-001-iam-policy-size";
import { findings, policy, stackOf } from "./ckv-support";

function consumerStack(secrets: number) {
  const names = Array.from({ length: secrets }, (_, i) => `s${i}`);
  return stackOf({
    aws_secretsmanager_secret: Object.fromEntries(names.map((n) => [n, { name: `acme-data/prod/connector-${n}/main` }])),
    aws_iam_role_policy: {
      p: {
        role: "${aws_iam_role.r.id}",
        policy: policy([
          {
            Sid: "ReadSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue"],
            Resource: names.map((n) => `\${aws_secretsmanager_secret.${n}.arn}`),
          },
        ]),
      },
    },
  });
}

describe("ETL-AWS-001 policy size", () => {
  it("passes a consumer of a few secrets", () => expect(findings(rule, consumerStack(5))).toEqual([]));
  it("fails a consumer whose exact ARNs would exceed the role's 10,240 characters", () => {
    expect(findings(rule, consumerStack(150))).toEqual([
      expect.stringMatching(/^aws_iam_role_policy\.p: the role's inline policies come to about \d+ characters, over IAM's 10240$/),
    ]);
  });
  it("estimates a secret ARN at least as long as the real one", () => {
    const stack = consumerStack(1);
    const real = "arn:aws:secretsmanager:ap-southeast-2:222222222222:secret:acme-data/prod/connector-s0/main-AbCdEf";
    expect(appliedPolicySize(stack, "${aws_secretsmanager_secret.s0.arn}")).toBeGreaterThanOrEqual(real.length);
  });
});
