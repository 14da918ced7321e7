/*
 * Policies of a Vault cluster's audit sink (lib/constructs/aws/vault-audit-sink.ts): its KMS key,
 * Object Lock bucket, the roles of Firehose (delivery to S3), of CloudWatch Logs (subscription to
 * Firehose) and of the shipping agent (writes the log group), and the alarm topic. Pure data.
 */
import { accountDelegation, cloudWatchLogsUseKey, type KeyPolicyContext } from "./kms-key-policy";
import { accountRoot, policyDocument, type PolicyDocument } from "./policy-document";
import { accessLogBucketPolicy } from "./trail-policies";

export interface VaultAuditPolicyContext extends KeyPolicyContext {
  readonly logGroupName: string;
  readonly bucketName: string;
  readonly firehoseName: string;
  readonly topicName: string;
  /** `<org>-` alarm name prefixes of the sink's alarms (per environment and per cluster). */
  readonly alarmPrefixes: readonly string[];
}

export const vaultAuditArns = {
  bucket: (c: Pick<VaultAuditPolicyContext, "partition" | "bucketName">) => `arn:${c.partition}:s3:::${c.bucketName}`,
  logGroup: (c: Pick<VaultAuditPolicyContext, "partition" | "region" | "accountId" | "logGroupName">) =>
    `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${c.logGroupName}`,
  firehose: (c: Pick<VaultAuditPolicyContext, "partition" | "region" | "accountId" | "firehoseName">) =>
    `arn:${c.partition}:firehose:${c.region}:${c.accountId}:deliverystream/${c.firehoseName}`,
  topic: (c: Pick<VaultAuditPolicyContext, "partition" | "region" | "accountId" | "topicName">) =>
    `arn:${c.partition}:sns:${c.region}:${c.accountId}:${c.topicName}`,
};

/**
 * The sink's key: CloudWatch Logs encrypts the audit log group (bound to it by the encryption
 * context), CloudWatch alarms publish to the encrypted topic; Firehose and S3 use it through the
 * delivery role (account delegation).
 */
export function vaultAuditKeyPolicy(c: VaultAuditPolicyContext): PolicyDocument {
  return policyDocument([
    accountDelegation(c),
    cloudWatchLogsUseKey(c, c.logGroupName),
    {
      Sid: "AlarmsUseKey",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: ["*"],
      Condition: { StringEquals: { "aws:SourceAccount": c.accountId } },
    },
  ]);
}

/**
 * TLS only; nobody deletes an object version or shortens a retention (the Object Lock default is the
 * only retention, and versions expire only by the bucket's lifecycle, which a bucket policy does not
 * govern).
 */
export function vaultAuditBucketPolicy(c: VaultAuditPolicyContext): PolicyDocument {
  const bucket = vaultAuditArns.bucket(c);
  return policyDocument([
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: [bucket, `${bucket}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "DenyVersionDeleteAndRetentionChange",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:BypassGovernanceRetention", "s3:DeleteObjectVersion", "s3:PutObjectRetention"],
      Resource: [`${bucket}/*`],
    },
  ]);
}

/** Firehose writes the archive under its prefix, encrypted with the sink's key (through S3 only). */
export function vaultAuditDeliveryRolePolicy(
  c: VaultAuditPolicyContext & { readonly prefix: string; readonly keyArn: string },
): PolicyDocument {
  const bucket = vaultAuditArns.bucket(c);
  return policyDocument([
    {
      Sid: "ListBucket",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: [bucket],
    },
    {
      Sid: "WriteArchive",
      Effect: "Allow",
      Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
      Resource: [`${bucket}/${c.prefix}*`],
    },
    {
      Sid: "EncryptThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [c.keyArn],
      Condition: {
        StringEquals: { "kms:ViaService": `s3.${c.region}.amazonaws.com` },
        // Object ARN without an S3 Bucket Key; the bucket's ARN with one (the bucket enables it).
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucket, `${bucket}/${c.prefix}*`] },
      },
    },
  ]);
}

/** CloudWatch Logs (this log group's subscription) puts records into the delivery stream. */
export function vaultAuditSubscriptionTrust(c: VaultAuditPolicyContext): PolicyDocument {
  return policyDocument([
    {
      Sid: "TrustLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${c.region}.amazonaws.com` },
      Action: ["sts:AssumeRole"],
      Condition: {
        StringEquals: { "aws:SourceAccount": c.accountId },
        ArnLike: { "aws:SourceArn": `${vaultAuditArns.logGroup(c)}:*` },
      },
    },
  ]);
}

export function vaultAuditSubscriptionRolePolicy(c: VaultAuditPolicyContext): PolicyDocument {
  return policyDocument([
    {
      Sid: "PutRecords",
      Effect: "Allow",
      Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
      Resource: [vaultAuditArns.firehose(c)],
    },
  ]);
}

/** The Vault servers' role (declared as `vault.awsIdentity.roleArn`), else the audit account's IAM policies. */
export function vaultAuditAgentTrust(
  c: Pick<VaultAuditPolicyContext, "partition">,
  trust: { readonly kind: "roles"; readonly roleArns: readonly string[] } | { readonly kind: "account"; readonly accountId: string },
): PolicyDocument {
  return policyDocument([
    {
      Sid: "TrustVaultServers",
      Effect: "Allow",
      Principal: { AWS: trust.kind === "roles" ? [...trust.roleArns] : accountRoot(c.partition, trust.accountId) },
      Action: ["sts:AssumeRole"],
    },
  ]);
}

/** The agent creates its streams and writes events into the audit log group; it reads nothing. */
export function vaultAuditAgentRolePolicy(c: VaultAuditPolicyContext): PolicyDocument {
  const group = vaultAuditArns.logGroup(c);
  return policyDocument([
    { Sid: "DescribeStreams", Effect: "Allow", Action: ["logs:DescribeLogStreams"], Resource: [`${group}:*`] },
    { Sid: "WriteEvents", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${group}:log-stream:*`] },
  ]);
}

/** The sink's alarms (by name prefix, in this account) publish to the topic. Nothing else. */
export function vaultAuditTopicPolicy(c: VaultAuditPolicyContext): PolicyDocument {
  return policyDocument([
    {
      Sid: "AlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["sns:Publish"],
      Resource: [vaultAuditArns.topic(c)],
      Condition: {
        ArnLike: { "aws:SourceArn": c.alarmPrefixes.map((p) => `arn:${c.partition}:cloudwatch:${c.region}:${c.accountId}:alarm:${p}*`) },
        StringEquals: { "aws:SourceAccount": c.accountId },
      },
    },
  ]);
}

/** The archive's access-log bucket: S3 log delivery of the archive bucket (only) writes; TLS only. */
export function vaultAuditAccessLogBucketPolicy(
  c: VaultAuditPolicyContext & { readonly accessLogBucketName: string; readonly prefix: string },
): PolicyDocument {
  return accessLogBucketPolicy({
    partition: c.partition,
    accountId: c.accountId,
    region: c.region,
    trailName: "",
    bucketName: c.bucketName,
    logGroupName: c.logGroupName,
    accessLogBucketName: c.accessLogBucketName,
    topicName: c.topicName,
    prefix: c.prefix,
  });
}
