import { consumerPolicy, PRINCIPAL_ENVIRONMENT_TAG } from "../../../lib/policy/aws/consumer-policy";

const input = {
  environment: "prod",
  region: "eu-west-1",
  secretArn: (id: string) => `{{secret:${id}}}`,
  cloudRoleArn: (id: string) => `{{role:${id}}}`,
  secretsKeyArn: "{{key}}",
};

describe("consumerPolicy", () => {
  it("grants read on exactly its secrets, sorted by credential id, with the ABAC condition", () => {
    const policy = consumerPolicy({ ...input, reads: ["b/main", "a/main"] });
    expect(policy.Statement[0]).toEqual({
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      Resource: ["{{secret:a/main}}", "{{secret:b/main}}"],
      Condition: { StringEquals: { "aws:ResourceTag/environment": PRINCIPAL_ENVIRONMENT_TAG } },
    });
  });

  it("decrypts only through Secrets Manager", () => {
    const decrypt = consumerPolicy({ ...input, reads: ["a/main"] }).Statement.find((s) => s.Sid === "DecryptViaSecretsManager")!;
    expect(decrypt.Action).toEqual(["kms:Decrypt"]);
    expect(decrypt.Condition).toEqual({ StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } });
  });

  it("lets a rotating refresh token be written back to its own secret only", () => {
    const policy = consumerPolicy({ ...input, reads: ["a/main", "b/main"], writesBack: ["a/main"] });
    const write = policy.Statement.find((s) => s.Sid === "WriteBackOwnSecrets")!;
    expect(write.Action).toEqual(["secretsmanager:PutSecretValue"]);
    expect(write.Resource).toEqual(["{{secret:a/main}}"]);
  });

  it("compares with the environment's name for an existing role whose tags the library does not manage", () => {
    const policy = consumerPolicy({ ...input, reads: ["a/main"], abac: "environment" });
    expect(policy.Statement[0].Condition).toEqual({ StringEquals: { "aws:ResourceTag/environment": "prod" } });
  });

  it("may assume exactly its cloud roles", () => {
    const policy = consumerPolicy({ ...input, reads: [], assumes: ["s3-landing/main"] });
    expect(policy.Statement).toEqual([
      { Sid: "AssumeCloudRoles", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: ["{{role:s3-landing/main}}"] },
    ]);
  });
});
