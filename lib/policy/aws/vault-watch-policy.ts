/*
 * Identity policy of the Vault static-role watcher: it writes its own logs and dead letters,
 * publishes to exactly the environment's RotationSucceeded and alarm topics, and uses the logs key
 * only through the services that encrypt with it. It reads no secret: Vault's AWS auth checks who
 * it is from a signed sts:GetCallerIdentity, which needs no permission.
 */
import { policyDocument, type PolicyDocument } from "./policy-document";

export interface VaultWatchRolePolicyInput {
  readonly region: string;
  readonly logGroupArn: string;
  readonly deadLetterQueueArn: string;
  /** Rotations are announced here. */
  readonly rotatedTopicArn: string;
  /** Missed rotations are reported here. */
  readonly alarmTopicArn: string;
  /** The key of both topics, the dead-letter queue and the environment variables (the logs key). */
  readonly logsKeyArn: string;
}

function viaService(service: string, region: string): string {
  return `${service}.${region}.amazonaws.com`;
}

export function vaultWatchRolePolicy(input: VaultWatchRolePolicyInput): PolicyDocument {
  return policyDocument([
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [`${input.logGroupArn}:log-stream:*`],
    },
    { Sid: "DeadLetterQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [input.deadLetterQueueArn] },
    { Sid: "PublishRotatedAndOverdue", Effect: "Allow", Action: ["sns:Publish"], Resource: [input.rotatedTopicArn, input.alarmTopicArn] },
    {
      Sid: "TopicKeyViaSns",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [input.logsKeyArn],
      Condition: { StringEquals: { "kms:ViaService": viaService("sns", input.region) } },
    },
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
