/*
 * What an AWS resource writes, named the way AWS compares names: IAM roles, policies and instance
 * profiles are per account and case-insensitive; S3 bucket names are global (no account, no
 * region); Secrets Manager, Lambda, SQS, SNS, KMS aliases, log groups and alarms are per account
 * and region and case-sensitive. Per-object settings (a bucket's policy, a secret's rotation) are
 * objects of their own, keyed by their parent, so that two resources setting them also collide.
 */

export interface AwsObjectName {
  /** `iam`, `s3`, `secretsmanager`, ... */
  readonly service: string;
  /** Kind and name inside the service, as AWS compares it (lower-cased where AWS ignores case). */
  readonly name: string;
  /** IAM and S3 are global: no region in the identity. */
  readonly global: boolean;
  /** S3 bucket names are shared by every account. */
  readonly noAccount?: boolean;
}

type Config = Readonly<Record<string, unknown>>;

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

const named =
  (service: string, kind: string, argument: string, options: { global?: boolean; fold?: boolean; noAccount?: boolean } = {}) =>
  (config: Config): AwsObjectName | undefined => {
    const value = str(config[argument]);
    if (value === undefined) return undefined;
    return {
      service,
      name: `${kind}/${options.fold ? value.toLowerCase() : value}`,
      global: options.global ?? false,
      ...(options.noAccount ? { noAccount: true } : {}),
    };
  };

/** A setting of a bucket: keyed by the bucket, which is global. */
const bucketSetting =
  (setting: string) =>
  (config: Config): AwsObjectName | undefined => {
    const bucket = str(config.bucket);
    return bucket === undefined ? undefined : { service: "s3", name: `bucket/${bucket}#${setting}`, global: true, noAccount: true };
  };

/** A setting of another object named by an argument (an ARN or a name), e.g. a secret's policy. */
const settingOf =
  (service: string, argument: string, setting: string, global = false) =>
  (config: Config): AwsObjectName | undefined => {
    const target = str(config[argument]);
    if (target === undefined) return undefined;
    // Only a secret's ARN ends in a random `-XXXXXX`; a topic named `...-paging` or `...-alarms` keeps its name.
    return { service, name: `${service === "secretsmanager" ? target.replace(/-[A-Za-z0-9]{6}$/, "") : target}#${setting}`, global };
  };

export const AWS_OBJECT_NAMES: Readonly<Record<string, (config: Config) => AwsObjectName | undefined>> = {
  aws_iam_role: named("iam", "role", "name", { global: true, fold: true }),
  aws_iam_policy: named("iam", "policy", "name", { global: true, fold: true }),
  aws_iam_instance_profile: named("iam", "instance-profile", "name", { global: true, fold: true }),
  aws_iam_user: named("iam", "user", "name", { global: true, fold: true }),
  aws_iam_group: named("iam", "group", "name", { global: true, fold: true }),
  aws_iam_role_policy: (config) => {
    const role = str(config.role);
    const name = str(config.name);
    if (role === undefined || name === undefined) return undefined;
    return { service: "iam", name: `role/${role.toLowerCase()}/inline-policy/${name.toLowerCase()}`, global: true };
  },
  aws_iam_openid_connect_provider: (config) => {
    const url = str(config.url);
    return url === undefined
      ? undefined
      : {
          service: "iam",
          name: `oidc-provider/${url
            .replace(/^https:\/\//i, "")
            .replace(/\/+$/, "")
            .toLowerCase()}`,
          global: true,
        };
  },
  aws_s3_bucket: named("s3", "bucket", "bucket", { global: true, noAccount: true }),
  aws_s3_bucket_policy: bucketSetting("policy"),
  aws_s3_bucket_versioning: bucketSetting("versioning"),
  aws_s3_bucket_logging: bucketSetting("logging"),
  aws_s3_bucket_lifecycle_configuration: bucketSetting("lifecycle"),
  aws_s3_bucket_object_lock_configuration: bucketSetting("object-lock"),
  aws_s3_bucket_ownership_controls: bucketSetting("ownership-controls"),
  aws_s3_bucket_public_access_block: bucketSetting("public-access-block"),
  aws_s3_bucket_server_side_encryption_configuration: bucketSetting("encryption"),
  aws_secretsmanager_secret: named("secretsmanager", "secret", "name"),
  aws_secretsmanager_secret_policy: settingOf("secretsmanager", "secret_arn", "policy"),
  aws_secretsmanager_secret_rotation: settingOf("secretsmanager", "secret_id", "rotation"),
  aws_kms_alias: named("kms", "", "name"),
  aws_lambda_function: named("lambda", "function", "function_name"),
  aws_sqs_queue: named("sqs", "queue", "name"),
  aws_sns_topic: named("sns", "topic", "name"),
  aws_sns_topic_policy: settingOf("sns", "arn", "policy"),
  aws_cloudwatch_log_group: named("logs", "log-group", "name"),
  aws_cloudwatch_metric_alarm: named("cloudwatch", "alarm", "alarm_name"),
  aws_cloudwatch_dashboard: named("cloudwatch", "dashboard", "dashboard_name", { global: true }),
  aws_cloudwatch_event_rule: (config) => {
    const name = str(config.name);
    return name === undefined
      ? undefined
      : { service: "events", name: `rule/${str(config.event_bus_name) ?? "default"}/${name}`, global: false };
  },
  aws_cloudwatch_log_metric_filter: (config) => {
    const group = str(config.log_group_name);
    const name = str(config.name);
    return group === undefined || name === undefined
      ? undefined
      : { service: "logs", name: `log-group:${group}/metric-filter/${name}`, global: false };
  },
  aws_cloudtrail: named("cloudtrail", "trail", "name"),
};
