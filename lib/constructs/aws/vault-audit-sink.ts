import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
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
import { Construct } from "constructs";
import type { VaultAuditPlan } from "../../plan/vault-audit-plan";
import { serviceTrustPolicy } from "../../policy/aws/trust-policy";
import { vaultAuditReaderPolicy, vaultAuditReaderTrust } from "../../policy/aws/auditor-policy";
import {
  vaultAuditAccessLogBucketPolicy,
  vaultAuditAgentRolePolicy,
  vaultAuditAgentTrust,
  vaultAuditBucketPolicy,
  vaultAuditDeliveryRolePolicy,
  vaultAuditKeyPolicy,
  vaultAuditSubscriptionRolePolicy,
  vaultAuditSubscriptionTrust,
  vaultAuditArns,
  type VaultAuditPolicyContext,
} from "../../policy/aws/vault-audit-policies";
import { OBJECT_LOCK_EXEMPTION_TAG } from "../../checks/stack-checks/ckv-aws-143-s3-object-lock";
import { policyJson } from "./terraform-text";

export interface VaultAuditSinkProps {
  readonly plan: VaultAuditPlan;
  readonly partition: string;
}

/** The policy context of a sink (names from the plan, ARNs derived, no token needed). */
export function vaultAuditPolicyContext(plan: VaultAuditPlan, partition: string): VaultAuditPolicyContext {
  const n = plan.names;
  return {
    partition,
    accountId: plan.accountId,
    region: plan.region,
    logGroupName: n.logGroup,
    bucketName: n.bucket,
    firehoseName: n.firehose,
    topicName: n.alarmTopic,
    alarmPrefixes: [...plan.environments.map((env) => `${env.signalPrefix}vault-`), n.clusterSignalPrefix],
  };
}

/**
 * Where a Vault cluster's audit log lands and is kept: a log group encrypted with the sink's own key
 * (written by the shipping agent on the Vault servers, through the agent role), continuously archived
 * by a subscription filter to a Firehose stream that writes to a versioned Object Lock bucket
 * (COMPLIANCE with the regulation table's retention in production, GOVERNANCE 90 days otherwise),
 * encrypted with the same key, private, TLS only, whose policy lets nobody delete a version or change
 * a retention. CloudWatch Logs delivers gzip'd records already, so Firehose does not compress again.
 */
export class VaultAuditSink extends Construct {
  readonly key: KmsKey;
  readonly logGroup: CloudwatchLogGroup;
  readonly bucket: S3Bucket;
  readonly agentRole: IamRole;
  readonly stream: KinesisFirehoseDeliveryStream;
  /** Assumed by the auditors of the cluster's environments in other accounts (etl-secrets audit). */
  readonly readerRole?: IamRole;

  constructor(scope: Construct, id: string, props: VaultAuditSinkProps) {
    super(scope, id);
    const plan = props.plan;
    const n = plan.names;
    const context = vaultAuditPolicyContext(plan, props.partition);
    const lifecycle = { preventDestroy: plan.preventDestroy };

    this.key = new KmsKey(this, "key", {
      description: `Vault audit log of ${plan.address}`,
      enableKeyRotation: true,
      deletionWindowInDays: plan.kmsDeletionWindowDays,
      policy: policyJson(vaultAuditKeyPolicy(context)),
      lifecycle,
    });
    new KmsAlias(this, "key-alias", { name: n.keyAlias, targetKeyId: this.key.keyId });

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: n.logGroup,
      retentionInDays: plan.logRetentionDays,
      kmsKeyId: this.key.arn,
      lifecycle,
    });

    const accessLog = this.addAccessLogBucket(plan, context);
    const archive = this.addArchiveBucket(plan, context, accessLog);
    this.bucket = archive.bucket;
    this.stream = this.addDeliveryStream(plan, context, archive.policy);
    this.addArchiveSubscription(plan, context);

    this.agentRole = new IamRole(this, "agent-role", {
      name: n.agentRole,
      path: n.iamPath,
      description: `The log agent on the Vault servers of ${plan.address} writes their audit log`,
      assumeRolePolicy: policyJson(vaultAuditAgentTrust(context, plan.agentTrust)),
      maxSessionDuration: 3600,
    });
    new IamRolePolicy(this, "agent-role-policy", {
      name: n.agentRole,
      role: this.agentRole.id,
      policy: policyJson(vaultAuditAgentRolePolicy(context)),
    });

    const readerRole = this.addReaderRole(plan, props.partition, context);
    if (readerRole) this.readerRole = readerRole;
  }

  /** The bucket the archive bucket's server access logs go to, and its policy (the logging waits for it). */
  private addAccessLogBucket(plan: VaultAuditPlan, context: VaultAuditPolicyContext): { bucket: S3Bucket; policy: S3BucketPolicy } {
    const n = plan.names;
    const lifecycle = { preventDestroy: plan.preventDestroy };
    // The access-log bucket first, as for the account trail (audit-trail.ts): SSE-S3 and no Object
    // Lock, because S3 log delivery refuses both; versioned, private, TLS only, kept as long as the archive.
    const accessLogBucket = new S3Bucket(this, "access-log-bucket", {
      bucket: n.accessLogBucket,
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
      policy: policyJson(
        vaultAuditAccessLogBucketPolicy({ ...context, accessLogBucketName: n.accessLogBucket, prefix: plan.accessLogs.prefix }),
      ),
    });
    return { bucket: accessLogBucket, policy: accessLogPolicy };
  }

  /** The Object Lock archive bucket, logged to the access-log bucket, and its policy. */
  private addArchiveBucket(
    plan: VaultAuditPlan,
    context: VaultAuditPolicyContext,
    accessLog: { bucket: S3Bucket; policy: S3BucketPolicy },
  ): { bucket: S3Bucket; policy: S3BucketPolicy } {
    const n = plan.names;
    const lifecycle = { preventDestroy: plan.preventDestroy };
    const bucket = new S3Bucket(this, "bucket", { bucket: n.bucket, objectLockEnabled: true, forceDestroy: false, lifecycle });
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
    // Current objects are never expired here (Object Lock keeps them; the owner decides after).
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
    const bucketPolicy = new S3BucketPolicy(this, "bucket-policy", {
      bucket: bucket.id,
      policy: policyJson(vaultAuditBucketPolicy(context)),
    });
    return { bucket, policy: bucketPolicy };
  }

  /** The Firehose stream that writes to the archive bucket, and its delivery role. */
  private addDeliveryStream(
    plan: VaultAuditPlan,
    context: VaultAuditPolicyContext,
    bucketPolicy: S3BucketPolicy,
  ): KinesisFirehoseDeliveryStream {
    const n = plan.names;
    const delivery = new IamRole(this, "delivery-role", {
      name: n.deliveryRole,
      path: n.iamPath,
      description: `Firehose ${n.firehose} writes the Vault audit archive`,
      assumeRolePolicy: policyJson(serviceTrustPolicy("firehose.amazonaws.com", { sourceAccount: plan.accountId })),
      maxSessionDuration: 3600,
    });
    const deliveryPolicy = new IamRolePolicy(this, "delivery-role-policy", {
      name: n.deliveryRole,
      role: delivery.id,
      policy: policyJson(vaultAuditDeliveryRolePolicy({ ...context, prefix: n.archivePrefix, keyArn: this.key.arn })),
    });
    return new KinesisFirehoseDeliveryStream(this, "stream", {
      name: n.firehose,
      destination: "extended_s3",
      serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: this.key.arn },
      extendedS3Configuration: {
        roleArn: delivery.arn,
        bucketArn: this.bucket.arn,
        prefix: n.archivePrefix,
        errorOutputPrefix: `${n.archivePrefix}errors/`,
        compressionFormat: "UNCOMPRESSED",
        kmsKeyArn: this.key.arn,
      },
      dependsOn: [deliveryPolicy, bucketPolicy],
    });
  }

  /** The subscription filter that sends the log group to the stream, and the role it sends with. */
  private addArchiveSubscription(plan: VaultAuditPlan, context: VaultAuditPolicyContext): void {
    const n = plan.names;
    const subscription = new IamRole(this, "subscription-role", {
      name: n.subscriptionRole,
      path: n.iamPath,
      description: `CloudWatch Logs sends ${n.logGroup} to Firehose ${n.firehose}`,
      assumeRolePolicy: policyJson(vaultAuditSubscriptionTrust(context)),
      maxSessionDuration: 3600,
    });
    const subscriptionPolicy = new IamRolePolicy(this, "subscription-role-policy", {
      name: n.subscriptionRole,
      role: subscription.id,
      policy: policyJson(vaultAuditSubscriptionRolePolicy(context)),
    });
    // An empty pattern archives every event; the log group keeps its second subscription slot free.
    new CloudwatchLogSubscriptionFilter(this, "archive", {
      name: n.subscriptionFilter,
      logGroupName: this.logGroup.name,
      filterPattern: "",
      destinationArn: this.stream.arn,
      roleArn: subscription.arn,
      dependsOn: [subscriptionPolicy],
    });
  }

  /** The auditors' reader role, when the plan has one. */
  private addReaderRole(plan: VaultAuditPlan, partition: string, context: VaultAuditPolicyContext): IamRole | undefined {
    const n = plan.names;
    // The auditors of the cluster's environments in other accounts read the group through this role:
    // a value-free, cluster-wide read (paths in clear, values HMAC'd), filtered by namespace client-side.
    if (!plan.auditorReader) return undefined;
    const readerRole = new IamRole(this, "reader-role", {
      name: plan.auditorReader.roleName,
      path: n.iamPath,
      description: `The auditors (etl-secrets audit) of ${plan.auditorReader.readers.map((r) => r.environment).join(", ")} read the audit log of ${plan.address}; never a value`,
      assumeRolePolicy: policyJson(vaultAuditReaderTrust({ partition, readers: plan.auditorReader.readers })),
      maxSessionDuration: 3600,
      tags: { auditor: "true" },
    });
    new IamRolePolicy(this, "reader-role-policy", {
      name: plan.auditorReader.roleName,
      role: readerRole.id,
      policy: policyJson(vaultAuditReaderPolicy({ logGroupArn: vaultAuditArns.logGroup(context) })),
    });
    return readerRole;
  }
}
