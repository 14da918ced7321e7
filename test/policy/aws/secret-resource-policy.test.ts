import { parseIamPolicy, evaluateIam } from "../../../lib/analysis/iam";
import { policyText } from "../../../lib/policy/aws/policy-document";
import { secretResourcePolicy } from "../../../lib/policy/aws/secret-resource-policy";

const secretArn = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme/prod/orders/main-AbCdEf";
const rotator = "arn:aws:iam::222222222222:role/acme/prod/acme-prod-rotate-postgresql-single-user";
const consumer = "arn:aws:iam::222222222222:role/acme/prod/orders-archiver";
const breakGlass = "arn:aws:iam::222222222222:role/acme/prod/acme-prod-break-glass";

function decide(
  policyJson: string,
  principal: string,
  tags: Record<string, string>,
  action = "secretsmanager:GetSecretValue",
  account?: string,
) {
  return evaluateIam({
    request: {
      principal: { arn: principal, tags, accountId: account },
      action,
      resource: { arn: secretArn, tags: { environment: "prod" } },
    },
    identityPolicies: [
      parseIamPolicy("identity", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "secretsmanager:*", Resource: "*" }] }),
    ],
    resourcePolicy: parseIamPolicy("resource", policyJson),
  }).decision;
}

describe("secretResourcePolicy", () => {
  const base = { environment: "prod", accountId: "222222222222", secretArn };

  it("denies a principal of another environment even when its own policy allows everything", () => {
    const text = policyText(secretResourcePolicy(base));
    expect(decide(text, "arn:aws:iam::222222222222:role/acme/dev/job", { environment: "dev" })).toBe("explicit-deny");
    expect(decide(text, consumer, { environment: "prod" })).toBe("allow");
  });

  it("denies principals of other accounts", () => {
    const text = policyText(secretResourcePolicy(base));
    expect(decide(text, "arn:aws:iam::999999999999:role/x", { environment: "prod" })).toBe("explicit-deny");
  });

  it("lets the rotation function of the secret's target rotate it, by name, and nothing more", () => {
    const policy = secretResourcePolicy({ ...base, rotationRoleArn: rotator });
    const allow = policy.Statement.find((s) => s.Sid === "RotationFunctionRotates")!;
    expect(allow.Principal).toEqual({ AWS: rotator });
    expect(allow.Resource).toEqual([secretArn]);
    expect(allow.Action).not.toContain("secretsmanager:*");
  });

  it("quarantine denies the consumers everything and break-glass the read; rotation keeps working and break-glass may still replace and rotate", () => {
    const text = policyText(
      secretResourcePolicy({
        ...base,
        rotationRoleArn: rotator,
        quarantinedPrincipalArns: [consumer],
        quarantinedReaderArns: [breakGlass],
      }),
    );
    const may = (principal: string, action: string) =>
      evaluateIam({
        request: {
          principal: { arn: principal, tags: { environment: "prod" } },
          action,
          resource: { arn: secretArn, tags: { environment: "prod" } },
        },
        identityPolicies:
          principal === rotator
            ? []
            : [
                parseIamPolicy("identity", {
                  Version: "2012-10-17",
                  Statement: [{ Effect: "Allow", Action: "secretsmanager:*", Resource: secretArn }],
                }),
              ],
        resourcePolicy: parseIamPolicy("resource", text),
      }).decision;
    expect(may(consumer, "secretsmanager:GetSecretValue")).toBe("explicit-deny");
    expect(may(rotator, "secretsmanager:GetSecretValue")).toBe("allow");
    expect(may(breakGlass, "secretsmanager:GetSecretValue")).toBe("explicit-deny");
    for (const action of [
      "secretsmanager:PutSecretValue",
      "secretsmanager:RotateSecret",
      "secretsmanager:CancelRotateSecret",
      "secretsmanager:DescribeSecret",
    ]) {
      expect([action, may(breakGlass, action)]).toEqual([action, "allow"]);
    }
  });

  it("has no quarantine statement when nothing is quarantined", () => {
    expect(secretResourcePolicy({ ...base, quarantinedPrincipalArns: [] }).Statement.map((s) => s.Sid)).toEqual([
      "DenyOtherAccounts",
      "DenyOtherEnvironments",
      "DenyUntaggedPrincipalsValue",
    ]);
  });

  describe("in an account shared by environments", () => {
    const untaggedAdmin = "arn:aws:iam::222222222222:role/Admin";

    it("denies reading or writing the value to a principal of the account without an environment tag, whatever its own policy allows", () => {
      const text = policyText(secretResourcePolicy(base));
      for (const action of ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]) {
        expect([action, decide(text, untaggedAdmin, {}, action)]).toEqual([action, "explicit-deny"]);
      }
      // A tag of another environment stays denied for everything.
      expect(decide(text, untaggedAdmin, { environment: "dev" }, "secretsmanager:DescribeSecret")).toBe("explicit-deny");
    });

    it("still lets an untagged deploying principal manage the container (describe, resource policy, tags, rotation settings)", () => {
      const text = policyText(secretResourcePolicy(base));
      for (const action of [
        "secretsmanager:DescribeSecret",
        "secretsmanager:PutResourcePolicy",
        "secretsmanager:TagResource",
        "secretsmanager:RotateSecret",
      ]) {
        expect([action, decide(text, untaggedAdmin, {}, action)]).toEqual([action, "allow"]);
      }
    });

    it("exempts exactly the existing consumer roles (roleArn, tags not managed here) that read the secret", () => {
      const existing = "arn:aws:iam::222222222222:role/legacy/orders-reader";
      const text = policyText(secretResourcePolicy({ ...base, untaggedReaderArns: [existing] }));
      expect(decide(text, existing, {})).toBe("allow");
      expect(decide(text, "arn:aws:iam::222222222222:role/legacy/orders-reader-2", {})).toBe("explicit-deny");
      expect(decide(text, existing, { environment: "dev" })).toBe("explicit-deny");
    });

    it("keeps the library's own tagged roles working: rotation function and consumers of the environment", () => {
      const text = policyText(secretResourcePolicy({ ...base, rotationRoleArn: rotator }));
      expect(decide(text, rotator, { environment: "prod" }, "secretsmanager:PutSecretValue")).toBe("allow");
      expect(decide(text, consumer, { environment: "prod" })).toBe("allow");
    });
  });
});
