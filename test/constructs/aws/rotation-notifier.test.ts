import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import { Detection } from "../../../lib/constructs/aws/detection";
import { rotationNotifierNames, ROTATION_NOTIFIER_KEY } from "../../../lib/plan/notifier-names";
import { WILDCARD_ALLOWLIST } from "../../../lib/policy/aws/policy-document";
import { ROTATION_TARGETS } from "../../../lib/rotation/contract";
import { awsStack, bodies, environmentPlan, fixturePlan, synthJson } from "./support";

const prod = environmentPlan(fixturePlan("acme.yaml"), "prod");

function detectionStack(extra: { logRetentionDays?: number } = {}) {
  const stack = awsStack();
  new Detection(stack, "detection", {
    detection: prod.aws!.detection,
    environment: "prod",
    partition: "aws",
    accountId: "222222222222",
    region: "eu-west-1",
    iamPath: prod.aws!.iamPath,
    secretNamePrefix: "acme-data/prod/",
    secretArnPrefix: prod.aws!.secretArnPrefix,
    secretsKeyId: "key-id",
    logsKeyArn: "logs-key",
    ...extra,
  });
  return stack;
}

/** The address (`type.name`) of the only resource of a type. */
function only(json: any, type: string): { address: string; body: any } {
  const names = Object.keys(json.resource?.[type] ?? {});
  expect(names).toHaveLength(1);
  return { address: `${type}.${names[0]}`, body: json.resource[type][names[0]] };
}

describe("RotationNotifier", () => {
  it("is named like the environment's rotation functions, and is no rotation target", () => {
    expect(rotationNotifierNames("acme-data", "prod")).toEqual({
      functionName: "acme-data-prod-rotate-notifier",
      roleName: "acme-data-prod-rotate-notifier",
      logGroupName: "/aws/lambda/acme-data-prod-rotate-notifier",
      deadLetterQueueName: "acme-data-prod-rotate-notifier-dlq",
    });
    expect(ROTATION_TARGETS as readonly string[]).not.toContain(ROTATION_NOTIFIER_KEY);
  });

  it("is the RotationSucceeded rule's only target; the rule keeps its address", () => {
    const json = synthJson(detectionStack());
    const fn = only(json, "aws_lambda_function");
    const rules = json.resource.aws_cloudwatch_event_rule;
    const succeeded = Object.keys(rules).find((name) => rules[name].name === "acme-data-prod-rotation-succeeded")!;
    expect(succeeded).toMatch(/^detection_rule-rotation-succeeded_/);
    const targets = bodies(json, "aws_cloudwatch_event_target").filter((t) => t.rule === `\${aws_cloudwatch_event_rule.${succeeded}.name}`);
    expect(targets).toEqual([expect.objectContaining({ target_id: "rotation-notifier", arn: `\${${fn.address}.arn}` })]);
    expect(targets[0].input_transformer).toBeUndefined();
  });

  it("lets only the rule invoke it, from this account", () => {
    const json = synthJson(detectionStack());
    const rules = json.resource.aws_cloudwatch_event_rule;
    const succeeded = Object.keys(rules).find((name) => rules[name].name === "acme-data-prod-rotation-succeeded")!;
    const fn = only(json, "aws_lambda_function");
    expect(bodies(json, "aws_lambda_permission")).toEqual([
      {
        statement_id: "RotationSucceededRule",
        action: "lambda:InvokeFunction",
        function_name: `\${${fn.address}.function_name}`,
        principal: "events.amazonaws.com",
        source_account: "222222222222",
        source_arn: `\${aws_cloudwatch_event_rule.${succeeded}.arn}`,
      },
    ]);
    expect(Testing.synth(detectionStack())).toHaveResourceWithProperties(LambdaPermission, { principal: "events.amazonaws.com" });
  });

  it("runs traced, capped, with a KMS-encrypted DLQ, log group and environment of names only", () => {
    const synth = Testing.synth(detectionStack());
    const json = JSON.parse(synth);
    expect(synth).toHaveResourceWithProperties(LambdaFunction, {
      function_name: "acme-data-prod-rotate-notifier",
      handler: "index.handler",
      runtime: "nodejs22.x",
      reserved_concurrent_executions: 5,
      kms_key_arn: "logs-key",
      tracing_config: { mode: "Active" },
      logging_config: { log_format: "JSON", log_group: "/aws/lambda/acme-data-prod-rotate-notifier" },
    });
    const fn = only(json, "aws_lambda_function").body;
    const rotated = Object.keys(json.resource.aws_sns_topic).find(
      (name) => json.resource.aws_sns_topic[name].name === prod.aws!.detection.rotatedTopic,
    )!;
    expect(fn.environment.variables).toEqual({
      ENVIRONMENT: "prod",
      ORGANIZATION: "acme-data",
      TOPIC_ARN: `\${aws_sns_topic.${rotated}.arn}`,
    });
    expect(fn.dead_letter_config.target_arn).toMatch(/^\$\{aws_sqs_queue\..*\.arn\}$/);
    expect(synth).toHaveResourceWithProperties(SqsQueue, { name: "acme-data-prod-rotate-notifier-dlq", kms_master_key_id: "logs-key" });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/lambda/acme-data-prod-rotate-notifier",
      kms_key_id: "logs-key",
      retention_in_days: 365,
    });
    expect(Testing.synth(detectionStack({ logRetentionDays: 731 }))).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/lambda/acme-data-prod-rotate-notifier",
      retention_in_days: 731,
    });
  });

  it("has a role under the environment's path with exactly these statements", () => {
    const json = synthJson(detectionStack());
    const role = only(json, "aws_iam_role").body;
    expect(role).toMatchObject({ name: "acme-data-prod-rotate-notifier", path: "/acme-data/prod/", tags: { environment: "prod" } });
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Sid: "TrustService", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: ["sts:AssumeRole"] },
    ]);
    const policy = JSON.parse(only(json, "aws_iam_role_policy").body.policy);
    const logGroup = only(json, "aws_cloudwatch_log_group").address;
    const queue = only(json, "aws_sqs_queue").address;
    const rotated = Object.keys(json.resource.aws_sns_topic).find(
      (name) => json.resource.aws_sns_topic[name].name === prod.aws!.detection.rotatedTopic,
    )!;
    expect(policy.Statement).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`\${${logGroup}.arn}:log-stream:*`],
      },
      { Sid: "DeadLetterQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [`\${${queue}.arn}`] },
      { Sid: "PublishRotated", Effect: "Allow", Action: ["sns:Publish"], Resource: [`\${aws_sns_topic.${rotated}.arn}`] },
      {
        Sid: "TopicKeyViaSns",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: ["logs-key"],
        Condition: { StringEquals: { "kms:ViaService": "sns.eu-west-1.amazonaws.com" } },
      },
      {
        Sid: "QueueAndVariablesKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: ["logs-key"],
        Condition: { StringEquals: { "kms:ViaService": ["lambda.eu-west-1.amazonaws.com", "sqs.eu-west-1.amazonaws.com"] } },
      },
      { Sid: "WriteXrayTraces", Effect: "Allow", Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Resource: ["*"] },
    ]);
    // The only wildcard resource is X-Ray's, which IAM accepts in no other form (WILDCARD_ALLOWLIST).
    const wildcards = policy.Statement.filter((statement: any) =>
      statement.Resource.some((resource: string) => resource.includes("*") && !resource.endsWith(":log-stream:*")),
    );
    expect(wildcards.map((statement: any) => statement.Sid)).toEqual(["WriteXrayTraces"]);
    expect(WILDCARD_ALLOWLIST.WriteXrayTraces).toBeDefined();
  });

  it("refuses a secret name prefix of another environment", () => {
    const stack = awsStack();
    expect(
      () =>
        new Detection(stack, "detection", {
          detection: prod.aws!.detection,
          environment: "prod",
          partition: "aws",
          accountId: "222222222222",
          region: "eu-west-1",
          iamPath: prod.aws!.iamPath,
          secretNamePrefix: "acme-data/dev/",
          secretArnPrefix: prod.aws!.secretArnPrefix,
          secretsKeyId: "key-id",
          logsKeyArn: "logs-key",
        }),
    ).toThrow('secretNamePrefix must be "<organization>/prod/", got "acme-data/dev/"');
  });

  it("keeps the rule pattern on the environment's secrets only", () => {
    const json = synthJson(detectionStack());
    const pattern = bodies(json, "aws_cloudwatch_event_rule")
      .map((r) => JSON.parse(r.event_pattern))
      .find((p) => p.detail.eventName[0] === "RotationSucceeded");
    expect(pattern.detail.additionalEventData.SecretId).toEqual([{ prefix: prod.aws!.secretArnPrefix }]);
    expect(Testing.synth(detectionStack())).toHaveResourceWithProperties(CloudwatchEventTarget, { target_id: "rotation-notifier" });
  });
});
