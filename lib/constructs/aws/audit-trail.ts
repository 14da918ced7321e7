import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import type { AwsTrailPlan } from "../../plan/aws-types";
import { trailKeyPolicy } from "../../policy/aws/kms-key-policy";
import { serviceTrustPolicy } from "../../policy/aws/trust-policy";
import { trailArn, trailBucketPolicy, trailLogsRolePolicy, type TrailContext } from "../../policy/aws/trail-policies";
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
 * with public access blocked and TLS required, and to a CloudWatch log group that the
 * environments' detection filters read.
 */
export class AuditTrail extends Construct {
  readonly key: KmsKey;
  readonly bucket: S3Bucket;
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

    this.bucket = new S3Bucket(this, "bucket", { bucket: plan.bucketName, objectLockEnabled: true, forceDestroy: false, lifecycle });
    new S3BucketOwnershipControls(this, "ownership", { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketVersioningA(this, "versioning", { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketObjectLockConfigurationA(this, "object-lock", {
      bucket: this.bucket.id,
      rule: { defaultRetention: { mode: plan.objectLock.mode, days: plan.objectLock.days } },
    });
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    const bucketPolicy = new S3BucketPolicy(this, "bucket-policy", { bucket: this.bucket.id, policy: policyJson(trailBucketPolicy(context)) });

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
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

    this.trail = new Cloudtrail(this, "trail", {
      name: plan.trailName,
      s3BucketName: this.bucket.id,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: this.key.arn,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: logsRole.arn,
      eventSelector: [{ readWriteType: "All", includeManagementEvents: true }],
      dependsOn: [bucketPolicy, logsPolicy],
    });
  }
}
