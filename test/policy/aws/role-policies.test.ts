import { breakGlassPolicy, cloudRolePolicy, rotationRolePolicy } from "../../../lib/policy/aws/role-policies";
import { WILDCARD_ALLOWLIST } from "../../../lib/policy/aws/policy-document";

const rotation = {
  region: "eu-west-1",
  logGroupArn: "{{logs}}",
  deadLetterQueueArn: "{{dlq}}",
  secretsKeyArn: "{{secrets-key}}",
  logsKeyArn: "{{logs-key}}",
  generatesPasswords: true,
  vpc: false,
};

describe("rotation role policy", () => {
  it("grants no secret: each secret's resource policy names the role, so the policy never grows", () => {
    const text = JSON.stringify(rotationRolePolicy(rotation));
    expect(text).not.toContain("GetSecretValue");
    expect(text).not.toContain(":secret:");
  });

  it("uses Resource * only where IAM allows nothing else, each justified", () => {
    const wildcards = rotationRolePolicy({ ...rotation, vpc: true })
      .Statement.filter((statement) => statement.Resource?.includes("*"))
      .map((statement) => statement.Sid);
    // The VPC variant has wildcard statements (network interfaces): an empty list would prove nothing.
    expect(wildcards.length).toBeGreaterThan(0);
    expect(wildcards.filter((sid) => WILDCARD_ALLOWLIST[sid] === undefined)).toEqual([]);
  });

  it("writes only to its own log group and queue", () => {
    const statements = rotationRolePolicy(rotation).Statement;
    expect(statements.find((s) => s.Sid === "WriteOwnLogs")!.Resource).toEqual(["{{logs}}:log-stream:*"]);
    expect(statements.find((s) => s.Sid === "DeadLetterQueue")!.Resource).toEqual(["{{dlq}}"]);
  });

  it("publishes only where told, to exactly that topic (the key-broker function announcing Vault rotations)", () => {
    expect(JSON.stringify(rotationRolePolicy(rotation))).not.toContain("sns:");
    const statements = rotationRolePolicy({ ...rotation, publishesTo: "{{rotated-topic}}" }).Statement.filter((s) =>
      JSON.stringify(s.Action).includes("sns:"),
    );
    expect(statements).toEqual([{ Sid: "PublishRotated", Effect: "Allow", Action: ["sns:Publish"], Resource: ["{{rotated-topic}}"] }]);
  });

  it("lets a key-broker function go without GetRandomPassword", () => {
    expect(rotationRolePolicy({ ...rotation, generatesPasswords: false }).Statement.map((s) => s.Sid)).not.toContain(
      "GenerateRandomPassword",
    );
  });
});

describe("break-glass policy", () => {
  it("reaches the environment's secrets by name prefix and environment tag, nothing else", () => {
    const policy = breakGlassPolicy({
      environment: "prod",
      region: "eu-west-1",
      secretArnPrefix: "arn:aws:secretsmanager:eu-west-1:2:secret:acme/prod/",
      secretsKeyArn: "{{key}}",
    });
    expect(policy.Statement[0].Resource).toEqual(["arn:aws:secretsmanager:eu-west-1:2:secret:acme/prod/*"]);
    expect(policy.Statement[0].Condition).toEqual({ StringEquals: { "aws:ResourceTag/environment": "prod" } });
  });
});

describe("cloud role policy", () => {
  it("is exactly the allow map, one statement per action", () => {
    const policy = cloudRolePolicy({ "s3:ListBucket": ["arn:aws:s3:::b"], "s3:GetObject": ["arn:aws:s3:::b/*"] });
    expect(policy.Statement).toEqual([
      { Sid: "AllowS3GetObject", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] },
      { Sid: "AllowS3ListBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::b"] },
    ]);
  });
});
