import { logsKeyPolicy, secretsKeyPolicy, trailKeyPolicy } from "../../../lib/policy/aws/kms-key-policy";

const context = { partition: "aws", accountId: "111111111111", region: "eu-west-1" };

describe("key policies", () => {
  it("delegate the secrets key to the account and name no consumer and no * principal", () => {
    const policy = secretsKeyPolicy(context);
    expect(policy.Statement).toEqual([
      {
        Sid: "AccountDelegation",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: ["kms:*"],
        Resource: ["*"],
      },
    ]);
  });

  it("let CloudWatch Logs use the logs key only for the environment's log groups", () => {
    const logs = logsKeyPolicy({ ...context, logGroupPattern: "/aws/lambda/acme-prod-rotate-*" }).Statement.find(
      (s) => s.Sid === "CloudWatchLogsUseKey",
    )!;
    expect(logs.Principal).toEqual({ Service: "logs.eu-west-1.amazonaws.com" });
    expect(logs.Condition).toEqual({
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/acme-prod-rotate-*" },
    });
  });

  it("bind CloudTrail's use of the trail key to the trail", () => {
    const trailArn = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/acme-etl-secrets";
    const statements = trailKeyPolicy({ ...context, trailArn, logGroupName: "/aws/cloudtrail/acme" }).Statement;
    for (const statement of statements.filter((s) => JSON.stringify(s.Principal).includes("cloudtrail"))) {
      expect(statement.Condition?.StringEquals).toEqual({ "aws:SourceArn": trailArn });
    }
  });

  it("never allow the * principal", () => {
    for (const policy of [
      secretsKeyPolicy(context),
      logsKeyPolicy({ ...context, logGroupPattern: "x" }),
      trailKeyPolicy({ ...context, trailArn: "t", logGroupName: "g" }),
    ]) {
      for (const statement of policy.Statement) expect(statement.Principal).not.toBe("*");
    }
  });
});
