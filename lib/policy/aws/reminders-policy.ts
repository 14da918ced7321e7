/*
 * Identity policy of the daily reminder checker: it writes its own logs and dead letters, publishes
 * to exactly the environment's reminders and paging topics, and uses the logs key only through the
 * services that encrypt with it. It lists the versions (dates, never values) of exactly the Secrets
 * Manager reminder credentials, granted by each one's resource policy, naming the role
 * (lib/policy/aws/secret-resource-policy.ts), so this policy keeps its size whatever their number
 * (IAM: 10,240 characters of inline policy per role). Vault's AWS auth checks who it is from a
 * signed sts:GetCallerIdentity, which needs no permission.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./policy-document";

export interface RemindersRolePolicyInput {
  readonly region: string;
  readonly logGroupArn: string;
  readonly deadLetterQueueArn: string;
  readonly topicArns: readonly string[];
  readonly logsKeyArn: string;
}

/** What the checker does with a reminder credential's secret, granted by the secret's resource policy: dates, never values. */
export const REMINDER_SECRET_ACTIONS = ["secretsmanager:ListSecretVersionIds"] as const;

function viaService(service: string, region: string): string {
  return `${service}.${region}.amazonaws.com`;
}

export function remindersRolePolicy(input: RemindersRolePolicyInput): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [`${input.logGroupArn}:log-stream:*`],
    },
    { Sid: "DeadLetterQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [input.deadLetterQueueArn] },
    { Sid: "PublishReminders", Effect: "Allow", Action: ["sns:Publish"], Resource: [...input.topicArns] },
  ];
  statements.push(
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
  );
  return policyDocument(statements);
}

export interface RemindersTopicPolicyInput {
  readonly topicArn: string;
  /** The reminder checker's execution role: the only publisher. */
  readonly publisherRoleArn: string;
  readonly accountId: string;
  readonly partition: string;
}

/** Policy of the reminders and paging topics: the checker's role publishes; nobody outside the account subscribes. */
export function remindersTopicPolicy(input: RemindersTopicPolicyInput): PolicyDocument {
  return policyDocument([
    {
      Sid: "CheckerPublishes",
      Effect: "Allow",
      Principal: { AWS: input.publisherRoleArn },
      Action: ["sns:Publish"],
      Resource: [input.topicArn],
    },
    {
      Sid: "AccountSubscribes",
      Effect: "Allow",
      Principal: { AWS: `arn:${input.partition}:iam::${input.accountId}:root` },
      Action: ["sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:Subscribe"],
      Resource: [input.topicArn],
    },
  ]);
}
