/*
 * Key policies. They delegate to the account (IAM policies decide who uses the key) and never name
 * consumers: a key policy is capped at 32 KB, and consumers are granted in their identity policies,
 * decrypt only through Secrets Manager (kms:ViaService). No statement has a "*" principal.
 */
import { accountRoot, policyDocument, type PolicyDocument, type PolicyStatement } from "./policy-document";

export interface KeyPolicyContext {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}

/** Lets IAM policies of the account grant the key (the only way identity policies count for KMS). */
export function accountDelegation(context: KeyPolicyContext): PolicyStatement {
  return {
    Sid: "AccountDelegation",
    Effect: "Allow",
    Principal: { AWS: accountRoot(context.partition, context.accountId) },
    Action: ["kms:*"],
    Resource: ["*"],
  };
}

/** The environment's secrets key: delegation only. */
export function secretsKeyPolicy(context: KeyPolicyContext): PolicyDocument {
  return policyDocument([accountDelegation(context)]);
}

/**
 * The environment's logs key: CloudWatch Logs encrypts the environment's log groups (bound to
 * them by the encryption context); CloudWatch alarms and EventBridge publish to
 * the encrypted SNS topics of this account.
 */
export function logsKeyPolicy(context: KeyPolicyContext & { readonly logGroupPattern: string }): PolicyDocument {
  return policyDocument([
    accountDelegation(context),
    cloudWatchLogsUseKey(context, context.logGroupPattern),
    {
      Sid: "AlarmServicesUseKey",
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: ["*"],
      Condition: { StringEquals: { "aws:SourceAccount": context.accountId } },
    },
  ]);
}

/**
 * CloudWatch Logs of this region may use the key for the named log groups only: the encryption
 * context names the log group (a pattern, because the environment's log groups share a prefix).
 */
export function cloudWatchLogsUseKey(context: KeyPolicyContext, logGroupPattern: string): PolicyStatement {
  return {
    Sid: "CloudWatchLogsUseKey",
    Effect: "Allow",
    Principal: { Service: `logs.${context.region}.amazonaws.com` },
    Action: ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
    Resource: ["*"],
    Condition: {
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": `arn:${context.partition}:logs:${context.region}:${context.accountId}:log-group:${logGroupPattern}`,
      },
    },
  };
}

/**
 * The account trail's key: CloudTrail encrypts log files of this account's trail and publishes to
 * its encrypted notification topic; CloudWatch Logs encrypts its log group.
 */
export function trailKeyPolicy(context: KeyPolicyContext & { readonly trailArn: string; readonly logGroupName: string }): PolicyDocument {
  return policyDocument([
    accountDelegation(context),
    {
      Sid: "CloudTrailEncryptLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:GenerateDataKey*"],
      Resource: ["*"],
      Condition: {
        StringEquals: { "aws:SourceArn": context.trailArn },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${context.partition}:cloudtrail:*:${context.accountId}:trail/*` },
      },
    },
    {
      Sid: "CloudTrailDescribeKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:DescribeKey"],
      Resource: ["*"],
      Condition: { StringEquals: { "aws:SourceArn": context.trailArn } },
    },
    {
      // The trail's notification topic is encrypted with this key: CloudTrail (this trail only)
      // needs a data key to publish to it.
      Sid: "CloudTrailNotificationsUseKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: ["*"],
      Condition: { StringEquals: { "aws:SourceArn": context.trailArn } },
    },
    cloudWatchLogsUseKey(context, context.logGroupName),
  ]);
}
