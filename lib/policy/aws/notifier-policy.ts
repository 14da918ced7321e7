/*
 * Identity policy of the environment's rotation notifier: it writes its own logs and dead letters,
 * publishes to exactly the environment's RotationSucceeded topic, and uses the logs key only through
 * the services that encrypt with it. It reads no secret.
 */
import { policyDocument, type PolicyDocument } from "./policy-document";

export interface NotifierRolePolicyInput {
  readonly region: string;
  readonly logGroupArn: string;
  readonly deadLetterQueueArn: string;
  readonly topicArn: string;
  /** The key of the topic, the dead-letter queue and the environment variables (the logs key). */
  readonly logsKeyArn: string;
}

/** `<service>.<region>.amazonaws.com`, the value of kms:ViaService (`.com.cn` is not used there). */
function viaService(service: string, region: string): string {
  return `${service}.${region}.amazonaws.com`;
}

export function notifierRolePolicy(input: NotifierRolePolicyInput): PolicyDocument {
  return policyDocument([
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [`${input.logGroupArn}:log-stream:*`],
    },
    { Sid: "DeadLetterQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [input.deadLetterQueueArn] },
    { Sid: "PublishRotated", Effect: "Allow", Action: ["sns:Publish"], Resource: [input.topicArn] },
    // Publishing to a KMS-encrypted topic needs the key, through SNS only.
    {
      Sid: "TopicKeyViaSns",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [input.logsKeyArn],
      Condition: { StringEquals: { "kms:ViaService": viaService("sns", input.region) } },
    },
    // The dead-letter queue and the environment variables are encrypted with the same key.
    {
      Sid: "QueueAndVariablesKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [input.logsKeyArn],
      Condition: { StringEquals: { "kms:ViaService": [viaService("lambda", input.region), viaService("sqs", input.region)] } },
    },
    // Active X-Ray tracing (CKV_AWS_50). Neither action has a resource type (WILDCARD_ALLOWLIST).
    { Sid: "WriteXrayTraces", Effect: "Allow", Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Resource: ["*"] },
  ]);
}
