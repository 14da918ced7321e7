/*
 * What the AWS side of an environment and of an account holds, resolved: names, grants, trusts,
 * rotation wiring. Plain data (no cdktf, no tokens); lib/constructs/aws only renders it.
 * Every list is sorted by a spec key, so reordering the inventory changes nothing.
 */

import type { AccessAnomalyPlan } from "./access-anomaly";
import type { AuditorLogRead } from "./auditor-log-read";

/** A Secrets Manager secret of one credential in one environment. */
export interface AwsSecretPlan {
  /** `<connector>/<credential>` */
  readonly credentialId: string;
  readonly connectorId: string;
  readonly credentialName: string;
  /** `<organization>/<environment>/<connector>/<credential>` */
  readonly secretName: string;
  readonly description: string;
  readonly recoveryWindowDays: number;
  /** Register tags (owner, purpose, sensitivity, regulations, environment, review-by, ...), sorted. */
  readonly tags: Readonly<Record<string, string>>;
  readonly preventDestroy: boolean;
  readonly quarantined: boolean;
  /** Rotation by a shared rotation function; undefined when nothing rotates the secret. */
  readonly rotation?: AwsSecretRotationPlan;
  /** Targets of rotation functions that read this secret as the master of alternating users. Sorted. */
  readonly masterOf: readonly string[];
  /** Consumers granted read (a quarantine denies exactly these). Sorted. */
  readonly readers: readonly string[];
}

export interface AwsSecretRotationPlan {
  /** Rotation function target, e.g. `postgresql-single-user`. */
  readonly target: string;
  /** Schedule in days (within the class limit and Secrets Manager's 90 days). */
  readonly days: number;
  /**
   * Whether `aws_secretsmanager_secret_rotation` exists now. Enabling rotation rotates (or tests) at
   * once, so it waits until the first value was seeded (`seeded: true`).
   */
  readonly enabled: boolean;
  /** Quarantined: rotate at once, then every day while quarantined. */
  readonly immediately: boolean;
}

/** One rotation function per target and environment, shared by every secret of that target. */
export interface AwsRotationFunctionPlan {
  readonly target: string;
  readonly functionName: string;
  readonly roleName: string;
  readonly logGroupName: string;
  readonly deadLetterQueueName: string;
  /** Credential ids it rotates. Sorted. */
  readonly rotates: readonly string[];
  /** Credential ids of master secrets it reads (alternating users). Sorted. */
  readonly readsMasters: readonly string[];
  /** Strictest class password length among the secrets it rotates. */
  readonly passwordLength: number;
  /**
   * A secret it rotates pins sslmode `disable` (allowPlaintext, non-production only): the function
   * then gets ALLOW_PLAINTEXT_DATABASE=true. @default false
   */
  readonly allowsPlaintextDatabase?: boolean;
}

/** Who may assume a role. */
export type AwsTrustPlan =
  | { readonly kind: "service"; readonly service: string }
  | {
      readonly kind: "account";
      readonly accountId: string;
      /** A third party's external id (sts:ExternalId), against the confused deputy. */
      readonly externalId?: string;
      /**
       * Principal tags the assumer must carry (`aws:PrincipalTag/<key>`): the environment's own
       * account names no narrower principal, so the tags say which of its principals may assume.
       */
      readonly principalTags?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: "oidc";
      readonly providerArn: string;
      /** Issuer host and path: the prefix of the `:sub` and `:aud` condition keys. */
      readonly providerHost: string;
      readonly subject: string;
      readonly audiences: readonly string[];
    }
  /** The role of a consumer of the same environment (created or existing). */
  | { readonly kind: "consumer-role"; readonly consumerId: string };

/** The IAM role of a consumer of AWS-stored credentials. */
export interface AwsConsumerRolePlan {
  readonly consumerId: string;
  /** `created`: the library creates the role; `existing`: it only attaches a policy to `roleArn`. */
  readonly kind: "created" | "existing";
  readonly roleName: string;
  /** The existing role's ARN (kind existing). */
  readonly roleArn?: string;
  /** Trust of a created role. */
  readonly trust?: AwsTrustPlan;
  readonly policyName: string;
  readonly description: string;
  /** Credential ids whose secrets it reads. Sorted. */
  readonly reads: readonly string[];
  /** Credential ids whose secrets it may write back (rotating refresh tokens). Sorted. */
  readonly writesBack: readonly string[];
  /** Credential ids of cloud-role credentials it may assume. Sorted. */
  readonly assumes: readonly string[];
}

/** A cloud-role credential: no secret, an IAM role with exactly its `allow` permissions. */
export interface AwsCloudRolePlan {
  readonly credentialId: string;
  readonly connectorId: string;
  readonly roleName: string;
  readonly policyName: string;
  readonly description: string;
  /** Sorted by kind, then key. */
  readonly trusts: readonly AwsTrustPlan[];
  /** Action -> exact resource ARNs, both sorted. */
  readonly allow: Readonly<Record<string, readonly string[]>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly preventDestroy: boolean;
}

export interface AwsBreakGlassPlan {
  readonly roleName: string;
  /** Longest session (seconds). */
  readonly maxSessionSeconds: number;
  /** Longest time since the MFA sign-in (seconds). */
  readonly mfaMaxAgeSeconds: number;
}

export interface AwsAlarmRecipient {
  readonly ownerId: string;
  readonly email: string;
}

export interface AwsDetectionPlan {
  readonly alarmTopic: string;
  /** Topic that carries RotationSucceeded events for consumers to refresh. */
  readonly rotatedTopic: string;
  readonly metricNamespace: string;
  /** The account trail's CloudWatch log group (made by the account stack). */
  readonly trailLogGroup: string;
  /** Owners of the environment's AWS credentials, by owner id. */
  readonly recipients: readonly AwsAlarmRecipient[];
  /** Existing consumer roles (outside the environment's IAM path) that may read secrets. Sorted. */
  readonly existingReaderArns: readonly string[];
  /** Name prefix of every alarm, filter and rule: `<organization>-<environment>-`. */
  readonly namePrefix: string;
  /** Access anomaly alarms on Secrets Manager reads (lib/constructs/aws/access-anomaly.ts). */
  readonly anomaly: AccessAnomalyPlan;
  /** `notifications.security.email`: subscribed to the alarm topic by email, when declared. */
  readonly securityEmail?: string;
}

export interface AwsDashboardPlan {
  /** 0-based part: dashboards are split so each stays small. */
  readonly part: number;
  readonly name: string;
  /** Sorted. */
  readonly connectorIds: readonly string[];
}

/** The account's audit trail. */
export interface AwsTrailPlan {
  readonly trailName: string;
  readonly bucketName: string;
  readonly keyAlias: string;
  readonly logGroupName: string;
  readonly logsRoleName: string;
  /** SNS topic CloudTrail notifies of each delivered log file (encrypted with the trail's key). */
  readonly topicName: string;
  readonly objectLock: { readonly mode: "COMPLIANCE" | "GOVERNANCE"; readonly days: number };
  /**
   * Lifecycle of the trail bucket: noncurrent versions expire once their Object Lock retention has
   * passed; incomplete multipart uploads are aborted.
   */
  readonly lifecycle: { readonly noncurrentVersionDays: number; readonly abortIncompleteUploadDays: number };
  /**
   * The bucket that receives the trail bucket's S3 server access logs (who read or deleted trail
   * objects). SSE-S3 and no Object Lock: S3 log delivery supports neither SSE-KMS default
   * encryption nor a default retention on its target. Objects expire with the trail's retention.
   */
  readonly accessLogs: { readonly bucketName: string; readonly prefix: string; readonly expirationDays: number };
  readonly logRetentionDays: number;
  readonly kmsDeletionWindowDays: number;
  readonly preventDestroy: boolean;
}

export interface AwsOidcProviderPlan {
  readonly issuer: string;
  /** Host and path: the provider's name in IAM. */
  readonly host: string;
  readonly arn: string;
  /** Sorted. */
  readonly audiences: readonly string[];
}

/** What the AWS side of one environment holds beyond its account, region and key aliases. */
export interface AwsEnvironmentDetail {
  /** `aws`, `aws-us-gov` or `aws-cn`, from the region. */
  readonly partition: string;
  /** IAM path of every role the library creates here: `/<organization>/<environment>/`. */
  readonly iamPath: string;
  /** `arn:<partition>:secretsmanager:<region>:<account>:secret:<organization>/<environment>/` */
  readonly secretArnPrefix: string;
  /** Sorted by credential id. */
  readonly secrets: readonly AwsSecretPlan[];
  /** Sorted by target. */
  readonly rotationFunctions: readonly AwsRotationFunctionPlan[];
  /** Sorted by consumer id. */
  readonly consumerRoles: readonly AwsConsumerRolePlan[];
  /** Sorted by credential id. */
  readonly cloudRoles: readonly AwsCloudRolePlan[];
  /** Production environments only. */
  readonly breakGlass?: AwsBreakGlassPlan;
  readonly detection: AwsDetectionPlan;
  readonly dashboards: readonly AwsDashboardPlan[];
  /** The auditor's read of the cluster's shipped Vault audit log, when the environment's cluster ships one. */
  readonly auditLog?: AuditorLogRead;
  /** VPC placement of the rotation functions. */
  readonly rotationVpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /** Owners of every credential of the environment, both stores, by owner id: whom rotation reminders go to. */
  readonly owners: readonly AwsAlarmRecipient[];
}
