import {
  vaultAuditAgentRolePolicy,
  vaultAuditAgentTrust,
  vaultAuditBucketPolicy,
  vaultAuditDeliveryRolePolicy,
  vaultAuditKeyPolicy,
  vaultAuditSubscriptionTrust,
  vaultAuditTopicPolicy,
} from "../../../lib/policy/aws/vault-audit-policies";

const c = {
  partition: "aws",
  accountId: "444444444444",
  region: "eu-west-1",
  logGroupName: "/acme/etl-secrets/vault-audit/vault-x",
  bucketName: "acme-444444444444-vault-audit-vault-x",
  firehoseName: "acme-vault-audit-vault-x",
  topicName: "acme-vault-audit-vault-x-alarms",
  alarmPrefixes: ["acme-prod-vault-", "acme-vault-vault-x-"],
};

describe("Vault audit sink policies", () => {
  it("lets Firehose encrypt through S3 only, with or without an S3 Bucket Key (bucket or object ARN in the context)", () => {
    const policy = vaultAuditDeliveryRolePolicy({ ...c, prefix: "vault-audit/vault-x/", keyArn: "{{key}}" });
    const kms = policy.Statement.find((s) => s.Sid === "EncryptThroughS3")!;
    expect(kms.Resource).toEqual(["{{key}}"]);
    expect(kms.Condition).toEqual({
      StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
      StringLike: {
        "kms:EncryptionContext:aws:s3:arn": [
          "arn:aws:s3:::acme-444444444444-vault-audit-vault-x",
          "arn:aws:s3:::acme-444444444444-vault-audit-vault-x/vault-audit/vault-x/*",
        ],
      },
    });
    const write = policy.Statement.find((s) => s.Sid === "WriteArchive")!;
    expect(write.Resource).toEqual(["arn:aws:s3:::acme-444444444444-vault-audit-vault-x/vault-audit/vault-x/*"]);
    expect(write.Action).not.toContain("s3:DeleteObject");
  });

  it("refuses every principal a version delete or a retention change, and plain HTTP", () => {
    const policy = vaultAuditBucketPolicy(c);
    expect(policy.Statement.map((s) => [s.Sid, s.Effect, s.Principal])).toEqual([
      ["DenyInsecureTransport", "Deny", "*"],
      ["DenyVersionDeleteAndRetentionChange", "Deny", "*"],
    ]);
    expect(policy.Statement[1]!.Action).toEqual(["s3:BypassGovernanceRetention", "s3:DeleteObjectVersion", "s3:PutObjectRetention"]);
  });

  it("binds CloudWatch Logs' use of the key to the audit log group, and never names a * principal with Allow", () => {
    const policy = vaultAuditKeyPolicy(c);
    const logs = policy.Statement.find((s) => s.Sid === "CloudWatchLogsUseKey")!;
    expect(logs.Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:444444444444:log-group:/acme/etl-secrets/vault-audit/vault-x",
      },
    });
    expect(policy.Statement.filter((s) => s.Effect === "Allow" && s.Principal === "*")).toEqual([]);
  });

  it("lets only this log group's subscription assume the subscription role", () => {
    expect(vaultAuditSubscriptionTrust(c).Statement[0]!.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "444444444444" },
      ArnLike: { "aws:SourceArn": "arn:aws:logs:eu-west-1:444444444444:log-group:/acme/etl-secrets/vault-audit/vault-x:*" },
    });
  });

  it("lets the agent write events to the audit log group only, and trusts the named Vault roles when given", () => {
    const agent = vaultAuditAgentRolePolicy(c);
    expect(agent.Statement.flatMap((s) => s.Action)).toEqual(["logs:DescribeLogStreams", "logs:CreateLogStream", "logs:PutLogEvents"]);
    expect(
      agent.Statement.flatMap((s) => s.Resource ?? []).every((r) =>
        r.startsWith("arn:aws:logs:eu-west-1:444444444444:log-group:/acme/etl-secrets/vault-audit/vault-x:"),
      ),
    ).toBe(true);
    expect(vaultAuditAgentTrust(c, { kind: "roles", roleArns: ["arn:aws:iam::111111111111:role/vault"] }).Statement[0]!.Principal).toEqual({
      AWS: ["arn:aws:iam::111111111111:role/vault"],
    });
    expect(vaultAuditAgentTrust(c, { kind: "account", accountId: "444444444444" }).Statement[0]!.Principal).toEqual({
      AWS: "arn:aws:iam::444444444444:root",
    });
  });

  it("lets only the sink's alarms publish to its topic", () => {
    const statement = vaultAuditTopicPolicy(c).Statement[0]!;
    expect(statement.Condition!.ArnLike).toEqual({
      "aws:SourceArn": [
        "arn:aws:cloudwatch:eu-west-1:444444444444:alarm:acme-prod-vault-*",
        "arn:aws:cloudwatch:eu-west-1:444444444444:alarm:acme-vault-vault-x-*",
      ],
    });
  });
});
