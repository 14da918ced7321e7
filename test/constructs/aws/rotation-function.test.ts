import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RotationFunction } from "../../../lib/constructs/aws/rotation-function";
import { stageRotationPackage } from "../../../lib/constructs/aws/rotation-package";
import { RotationSchedule } from "../../../lib/constructs/aws/rotation-schedule";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { packageRotationFunction } from "../../../lib/rotation/package";
import { awsStack, bodies, environmentPlan, fixturePlan, synthJson } from "./support";

const prod = environmentPlan(fixturePlan("acme.yaml"), "prod");
const plan = prod.aws!.rotationFunctions.find((f) => f.target === "postgresql-single-user")!;
const packageDirectory = mkdtempSync(join(tmpdir(), "rotation-test-"));

function props(extra: object = {}) {
  return {
    fn: { ...plan, target: "postgresql-single-user" as const },
    partition: "aws",
    accountId: "222222222222",
    region: "eu-west-1",
    secretArnPrefix: prod.aws!.secretArnPrefix,
    iamPath: prod.aws!.iamPath,
    secretsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/secrets",
    logsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/logs",
    logRetentionDays: 365,
    tags: { environment: "prod" },
    packageDirectory,
    ...extra,
  };
}

describe("RotationFunction", () => {
  it("trusts the runtime's RDS CA bundle on database targets only, and allows plaintext only where a secret pins it", () => {
    const variablesOf = (extra: object) => {
      const stack = awsStack();
      new RotationFunction(stack, "rotation", props(extra));
      return Object.values(bodies(synthJson(stack), "aws_lambda_function"))[0].environment.variables;
    };
    expect(variablesOf({})).toEqual({
      CONNECT_TIMEOUT_SECONDS: "10",
      NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem",
      PASSWORD_LENGTH: "48",
    });
    expect(variablesOf({ fn: { ...plan, target: "postgresql-single-user", allowsPlaintextDatabase: true } }).ALLOW_PLAINTEXT_DATABASE).toBe(
      "true",
    );
    expect(variablesOf({ fn: { ...plan, target: "key-broker" } })).toEqual({ CONNECT_TIMEOUT_SECONDS: "10" });
  });

  it("packages lib/rotation's deterministic zip and hashes it", () => {
    const stack = awsStack();
    new RotationFunction(stack, "rotation", props());
    const expected = packageRotationFunction("postgresql-single-user");
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(LambdaFunction, {
      function_name: "acme-data-prod-rotate-postgresql-single-user",
      source_code_hash: expected.sha256Base64,
      handler: expected.handler,
      runtime: "nodejs22.x",
      reserved_concurrent_executions: 10,
      kms_key_arn: "arn:aws:kms:eu-west-1:222222222222:key/logs",
      environment: { variables: { CONNECT_TIMEOUT_SECONDS: "10", NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem", PASSWORD_LENGTH: "48" } },
    });
    const staged = stageRotationPackage("postgresql-single-user", packageDirectory);
    expect(readFileSync(staged.path).equals(expected.zip)).toBe(true);
    const fn = bodies(synthJson(stack), "aws_lambda_function")[0];
    expect(fn.filename).toMatch(new RegExp(`^assets/.+/${staged.sha256Hex}/postgresql-single-user\\.zip$`));
    expect(fn.dead_letter_config.target_arn).toMatch(/^\$\{aws_sqs_queue\./);
    expect(fn.vpc_config).toBeUndefined();
  });

  it("lets only Secrets Manager of this account, for this environment's secrets, invoke it", () => {
    const stack = awsStack();
    new RotationFunction(stack, "rotation", props());
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LambdaPermission, {
      principal: "secretsmanager.amazonaws.com",
      source_account: "222222222222",
      source_arn: "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/*",
    });
  });

  it("has an encrypted log group with the class retention and an encrypted dead-letter queue", () => {
    const stack = awsStack();
    new RotationFunction(stack, "rotation", props());
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/lambda/acme-data-prod-rotate-postgresql-single-user",
      retention_in_days: 365,
      kms_key_id: "arn:aws:kms:eu-west-1:222222222222:key/logs",
    });
    expect(synth).toHaveResourceWithProperties(SqsQueue, { name: "acme-data-prod-rotate-postgresql-single-user-dlq" });
  });

  it("runs in the VPC when subnets and security groups are given", () => {
    const stack = awsStack();
    new RotationFunction(stack, "rotation", props({ vpc: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] } }));
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LambdaFunction, {
      vpc_config: { subnet_ids: ["subnet-1"], security_group_ids: ["sg-1"] },
    });
    const policy = JSON.parse(bodies(synthJson(stack), "aws_iam_role_policy")[0].policy);
    expect(policy.Statement.map((s: any) => s.Sid)).toContain("ManageVpcNetworkInterfaces");
  });

  it("traces actively with X-Ray, and its role may send the traces (the only Resource * actions it adds)", () => {
    const stack = awsStack();
    new RotationFunction(stack, "rotation", props());
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LambdaFunction, { tracing_config: { mode: "Active" } });
    const policy = JSON.parse(bodies(synthJson(stack), "aws_iam_role_policy")[0].policy);
    expect(policy.Statement.find((s: any) => s.Sid === "WriteXrayTraces")).toEqual({
      Sid: "WriteXrayTraces",
      Effect: "Allow",
      Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
      Resource: ["*"],
    });
  });

  it("has a role on the environment's IAM path that grants no secret", () => {
    const stack = awsStack();
    new RotationFunction(stack, "rotation", props());
    const json = synthJson(stack);
    expect(bodies(json, "aws_iam_role")[0]).toMatchObject({ path: "/acme-data/prod/", tags: { environment: "prod" } });
    expect(bodies(json, "aws_iam_role_policy")[0].policy).not.toContain("GetSecretValue");
  });
});

describe("RotationSchedule", () => {
  it("rotates on the plan's schedule and, unless told, only tests the function when enabled", () => {
    const stack = awsStack();
    new RotationSchedule(stack, "rotation", { secretArn: "s", rotationLambdaArn: "f", days: 30 });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(SecretsmanagerSecretRotation, {
      rotation_rules: { automatically_after_days: 30 },
      rotate_immediately: false,
    });
  });
});
