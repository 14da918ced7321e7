/*
 * Which attributes of a resource name the object the server keeps. Two synths whose resources agree
 * on these write the same server objects; a change of any of them replaces (or re-targets) the
 * object, so the ledger records them beside the Terraform address.
 *
 * Read from the synthesized JSON, never from the plan: the ledger is a record of what was written.
 */

export type LedgerService = "vault" | "aws";

/** Where a resource's name is unique, and which attributes (in order) make it up. */
export interface IdentityRule {
  readonly service: LedgerService;
  /** The server's word for the object (`policy`, `iam-role`, ...). */
  readonly kind: string;
  /** Attributes that together name the object; empty for resources that only configure another one. */
  readonly attributes: readonly string[];
  /**
   * AWS scope: `account` for IAM (global in an account), `global` for S3 bucket names, `region`
   * otherwise. Vault objects are scoped by cluster and namespace.
   */
  readonly scope?: "account" | "global" | "region";
  /** What the server assumes for an attribute the resource leaves out. */
  readonly defaults?: Readonly<Record<string, string>>;
  /** The attribute a reference's `.id` stands for, when it is one of the resource's own. */
  readonly idAttribute?: string;
}

const vault = (kind: string, ...attributes: string[]): IdentityRule => ({ service: "vault", kind, attributes });
const aws = (kind: string, scope: "account" | "global" | "region", ...attributes: string[]): IdentityRule => ({ service: "aws", kind, attributes, scope });

/** Every resource type the library creates. A type missing here fails the ledger (see entries.ts). */
export const IDENTITY_RULES: Readonly<Record<string, IdentityRule>> = {
  vault_namespace: vault("namespace", "path"),
  vault_mount: { ...vault("mount", "path"), idAttribute: "path" },
  vault_auth_backend: { ...vault("auth", "path", "type"), idAttribute: "path" },
  vault_audit: vault("audit", "path", "type"),
  vault_kv_secret_backend_v2: vault("kv-config", "mount"),
  vault_policy: { ...vault("policy", "name"), idAttribute: "name" },
  vault_generic_endpoint: vault("path", "path"),
  vault_approle_auth_backend_role: vault("approle-role", "backend", "role_name"),
  vault_kubernetes_auth_backend_role: vault("kubernetes-role", "backend", "role_name"),
  vault_kubernetes_auth_backend_config: vault("kubernetes-config", "backend"),
  vault_jwt_auth_backend: vault("jwt-auth", "path"),
  vault_jwt_auth_backend_role: vault("jwt-role", "backend", "role_name"),
  vault_aws_auth_backend_role: vault("aws-auth-role", "backend", "role"),
  vault_database_secret_backend_connection: vault("database-connection", "backend", "name"),
  vault_database_secret_backend_role: vault("database-role", "backend", "name"),
  vault_database_secret_backend_static_role: vault("database-static-role", "backend", "name"),
  vault_pki_secret_backend_role: vault("pki-role", "backend", "name"),
  vault_ssh_secret_backend_ca: vault("ssh-ca", "backend"),
  vault_ssh_secret_backend_role: vault("ssh-role", "backend", "name"),
  vault_aws_secret_backend: vault("aws-engine", "path"),
  vault_aws_secret_backend_role: vault("aws-engine-role", "backend", "name"),
  vault_gcp_secret_backend: vault("gcp-engine", "path"),
  vault_gcp_secret_roleset: vault("gcp-roleset", "backend", "roleset"),
  vault_identity_group: vault("identity-group", "name"),
  vault_identity_mfa_totp: vault("mfa-totp", "issuer"),
  vault_identity_mfa_login_enforcement: vault("mfa-enforcement", "name"),

  aws_secretsmanager_secret: aws("secret", "region", "name"),
  aws_secretsmanager_secret_policy: aws("secret-policy", "region", "secret_arn"),
  aws_secretsmanager_secret_rotation: aws("secret-rotation", "region", "secret_id"),
  aws_kms_key: aws("kms-key", "region"),
  aws_kms_alias: aws("kms-alias", "region", "name"),
  aws_iam_role: { ...aws("iam-role", "account", "path", "name"), defaults: { path: "/" }, idAttribute: "name" },
  aws_iam_role_policy: aws("iam-role-policy", "account", "role", "name"),
  aws_iam_openid_connect_provider: aws("oidc-provider", "account", "url"),
  aws_lambda_function: { ...aws("lambda", "region", "function_name"), idAttribute: "function_name" },
  aws_lambda_permission: aws("lambda-permission", "region", "function_name", "statement_id"),
  aws_sqs_queue: aws("sqs-queue", "region", "name"),
  aws_sns_topic: aws("sns-topic", "region", "name"),
  aws_sns_topic_policy: aws("sns-topic-policy", "region", "arn"),
  aws_sns_topic_subscription: aws("sns-subscription", "region", "topic_arn", "protocol", "endpoint"),
  aws_cloudwatch_log_group: aws("log-group", "region", "name"),
  aws_cloudwatch_log_metric_filter: aws("metric-filter", "region", "log_group_name", "name"),
  aws_cloudwatch_log_subscription_filter: aws("log-subscription-filter", "region", "log_group_name", "name"),
  aws_kinesis_firehose_delivery_stream: aws("firehose", "region", "name"),
  aws_cloudwatch_metric_alarm: aws("alarm", "region", "alarm_name"),
  aws_cloudwatch_dashboard: aws("dashboard", "region", "dashboard_name"),
  aws_cloudwatch_event_rule: { ...aws("event-rule", "region", "name"), idAttribute: "name" },
  aws_cloudwatch_event_target: aws("event-target", "region", "rule", "target_id"),
  aws_cloudtrail: aws("trail", "region", "name"),
  aws_s3_bucket: { ...aws("s3-bucket", "global", "bucket"), idAttribute: "bucket" },
  aws_s3_bucket_policy: aws("s3-bucket-policy", "global", "bucket"),
  aws_s3_bucket_versioning: aws("s3-bucket-versioning", "global", "bucket"),
  aws_s3_bucket_lifecycle_configuration: aws("s3-bucket-lifecycle", "global", "bucket"),
  aws_s3_bucket_logging: aws("s3-bucket-logging", "global", "bucket"),
  aws_s3_bucket_object_lock_configuration: aws("s3-bucket-object-lock", "global", "bucket"),
  aws_s3_bucket_ownership_controls: aws("s3-bucket-ownership", "global", "bucket"),
  aws_s3_bucket_public_access_block: aws("s3-bucket-public-access-block", "global", "bucket"),
  aws_s3_bucket_server_side_encryption_configuration: aws("s3-bucket-encryption", "global", "bucket"),
};

/**
 * Resource types whose objects hold data a destroy would lose (secrets, keys, audit records,
 * Vault storage): removal safety protects these in production.
 */
export const DATA_HOLDING_TYPES: ReadonlySet<string> = new Set([
  "vault_namespace",
  "vault_mount",
  "vault_generic_endpoint",
  "vault_kv_secret_backend_v2",
  "vault_database_secret_backend_connection",
  "vault_database_secret_backend_static_role",
  "vault_ssh_secret_backend_ca",
  "vault_audit",
  "aws_secretsmanager_secret",
  "aws_kms_key",
  "aws_s3_bucket",
  "aws_cloudwatch_log_group",
  "aws_cloudtrail",
]);
