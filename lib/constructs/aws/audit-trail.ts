import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Construct } from "constructs";
import type { AwsTrailPlan } from "../../plan/aws-types";
import { trailKeyPolicy } from "../../policy/aws/kms-key-policy";
import { serviceTrustPolicy } from "../../policy/aws/trust-policy";
import {
  accessLogBucketPolicy,
  trailArn,
  trailBucketPolicy,
  trailLogsRolePolicy,
  trailTopicPolicy,
  type TrailContext,
} from "../../policy/aws/trail-policies";
import { OBJECT_LOCK_EXEMPTION_TAG } from "../../checks/stack-checks/ckv-aws-143-s3-object-lock";
import { policyJson } from "./terraform-text";

export interface AuditTrailProps {
  readonly trail: AwsTrailPlan;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * The account's audit trail: multi-region CloudTrail with log file validation, encrypted with its
 * own key, delivered to a versioned, Object Lock bucket (mode and retention from the class table)
 * with public access blocked, TLS required, a lifecycle (noncurrent versions expire after their
 * retention, incomplete uploads are aborted) and S3 server access logging, and to a CloudWatch log
 * group that the environments' detection filters read. CloudTrail notifies an encrypted SNS topic
 * of each delivered log file.
 *
 * The access-log bucket is the one place the trail's protections are deliberately weaker, because
 * S3 log delivery requires it: SSE-S3 instead of the trail key (log delivery cannot use SSE-KMS
 * default encryption) and no Object Lock (log delivery refuses a target with a default retention).
 * It is versioned, private, TLS-only, written only by log delivery of the trail bucket, kept as long
 * as the trail, and does not log its own access (that would log the logging, without end).
 */
export class AuditTrail extends Construct {
  readonly key: KmsKey;
  readonly bucket: S3Bucket;
  readonly accessLogBucket: S3Bucket;
  readonly topic: SnsTopic;
  readonly logGroup: CloudwatchLogGroup;
  readonly trail: Cloudtrail;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const plan = props.trail;
    const context: TrailContext = {
      partition: props.partition,
      accountId: props.accountId,
      region: props.region,
      trailName: plan.trailName,
      bucketName: plan.bucketName,
      logGroupName: plan.logGroupName,
      accessLogBucketName: plan.accessLogs.bucketName,
      topicName: plan.topicName,
    };
    const lifecycle = { preventDestroy: plan.preventDestroy };

    this.key = new KmsKey(this, "key", {
      description: `Audit trail ${plan.trailName}`,
      enableKeyRotation: true,
      deletionWindowInDays: plan.kmsDeletionWindowDays,
      policy: policyJson(trailKeyPolicy({ ...context, trailArn: trailArn(context), logGroupName: plan.logGroupName })),
      lifecycle,
    });
    new KmsAlias(this, "key-alias", { name: plan.keyAlias, targetKeyId: this.key.keyId });

    const accessLog = this.addAccessLogBucket(plan, context);
    this.accessLogBucket = accessLog.bucket;
    const archive = this.addTrailBucket(plan, context, accessLog);
    this.bucket = archive.bucket;
    const bucketPolicy = archive.policy;

    this.topic = new SnsTopic(this, "topic", { name: plan.topicName, kmsMasterKeyId: this.key.arn });
    const topicPolicy = new SnsTopicPolicy(this, "topic-policy", { arn: this.topic.arn, policy: policyJson(trailTopicPolicy(context)) });

    const delivery = this.addLogDelivery(plan, context);
    this.logGroup = delivery.logGroup;
    const logsRole = delivery.role;
    const logsPolicy = delivery.policy;

    this.trail = new Cloudtrail(this, "trail", {
      name: plan.trailName,
      s3BucketName: this.bucket.id,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: this.key.arn,
      snsTopicName: this.topic.name,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: logsRole.arn,
      eventSelector: [{ readWriteType: "All", includeManagementEvents: true }],
      dependsOn: [bucketPolicy, logsPolicy, topicPolicy],
    });
  }

  /** The access-log bucket (first: the trail bucket logs to it) and its policy (the logging waits for it). */
  private addAccessLogBucket(plan: AwsTrailPlan, context: TrailContext): { bucket: S3Bucket; policy: S3BucketPolicy } {
    const lifecycle = { preventDestroy: plan.preventDestroy };
    const accessLogBucket = new S3Bucket(this, "access-log-bucket", {
      bucket: plan.accessLogs.bucketName,
      forceDestroy: false,
      tags: { [OBJECT_LOCK_EXEMPTION_TAG]: "S3 server access log delivery refuses a target bucket with an Object Lock default retention" },
      lifecycle,
    });
    new S3BucketOwnershipControls(this, "access-log-ownership", {
      bucket: accessLogBucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketVersioningA(this, "access-log-versioning", { bucket: accessLogBucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketPublicAccessBlock(this, "access-log-public-access-block", {
      bucket: accessLogBucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "access-log-encryption", {
      bucket: accessLogBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketLifecycleConfiguration(this, "access-log-lifecycle", {
      bucket: accessLogBucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{}],
          expiration: [{ days: plan.accessLogs.expirationDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: plan.accessLogs.expirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: plan.lifecycle.abortIncompleteUploadDays }],
        },
      ],
    });
    const accessLogPolicy = new S3BucketPolicy(this, "access-log-bucket-policy", {
      bucket: accessLogBucket.id,
      policy: policyJson(accessLogBucketPolicy({ ...context, prefix: plan.accessLogs.prefix })),
    });
    return { bucket: accessLogBucket, policy: accessLogPolicy };
  }

  /** The Object Lock trail bucket, logged to the access-log bucket, and its policy. */
  private addTrailBucket(
    plan: AwsTrailPlan,
    context: TrailContext,
    accessLog: { bucket: S3Bucket; policy: S3BucketPolicy },
  ): { bucket: S3Bucket; policy: S3BucketPolicy } {
    const lifecycle = { preventDestroy: plan.preventDestroy };
    const bucket = new S3Bucket(this, "bucket", { bucket: plan.bucketName, objectLockEnabled: true, forceDestroy: false, lifecycle });
    new S3BucketOwnershipControls(this, "ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketVersioningA(this, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketObjectLockConfigurationA(this, "object-lock", {
      bucket: bucket.id,
      rule: { defaultRetention: { mode: plan.objectLock.mode, days: plan.objectLock.days } },
    });
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    // Current log files are never expired here (Object Lock keeps them; the owner decides after).
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "noncurrent-after-retention",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: plan.lifecycle.noncurrentVersionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: plan.lifecycle.abortIncompleteUploadDays }],
        },
      ],
    });
    new S3BucketLoggingA(this, "access-logging", {
      bucket: bucket.id,
      targetBucket: accessLog.bucket.id,
      targetPrefix: plan.accessLogs.prefix,
      dependsOn: [accessLog.policy],
    });
    const bucketPolicy = new S3BucketPolicy(this, "bucket-policy", { bucket: bucket.id, policy: policyJson(trailBucketPolicy(context)) });
    return { bucket, policy: bucketPolicy };
  }

  /** The log group the trail delivers to, and the role (with its policy) CloudTrail delivers with. */
  private addLogDelivery(
    plan: AwsTrailPlan,
    context: TrailContext,
  ): { logGroup: CloudwatchLogGroup; role: IamRole; policy: IamRolePolicy } {
    const lifecycle = { preventDestroy: plan.preventDestroy };
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: plan.logGroupName,
      retentionInDays: plan.logRetentionDays,
      kmsKeyId: this.key.arn,
      lifecycle,
    });
    const logsRole = new IamRole(this, "logs-role", {
      name: plan.logsRoleName,
      description: `CloudTrail ${plan.trailName} delivers to CloudWatch Logs`,
      assumeRolePolicy: policyJson(serviceTrustPolicy("cloudtrail.amazonaws.com", { sourceArn: trailArn(context) })),
      maxSessionDuration: 3600,
    });
    const logsPolicy = new IamRolePolicy(this, "logs-role-policy", {
      name: plan.logsRoleName,
      role: logsRole.id,
      policy: policyJson(trailLogsRolePolicy(context)),
    });
    return { logGroup, role: logsRole, policy: logsPolicy };
  }
}
