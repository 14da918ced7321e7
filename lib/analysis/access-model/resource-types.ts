/*
 * Every Terraform resource type the access model meets is one of: modelled (a principal, a policy,
 * a credential location), inert (cannot give anyone a secret), or grants access in a way the model
 * does not evaluate. Anything else is unknown: the analysis refuses it rather than guess.
 */

export type ResourceTypeClass = "modelled" | "inert" | "not-modelled";

export const VAULT_AUTH_ROLE_TYPES: Readonly<Record<string, { readonly roleArgument: string; readonly defaultMount: string }>> = {
  vault_approle_auth_backend_role: { roleArgument: "role_name", defaultMount: "approle" },
  vault_jwt_auth_backend_role: { roleArgument: "role_name", defaultMount: "jwt" },
  vault_kubernetes_auth_backend_role: { roleArgument: "role_name", defaultMount: "kubernetes" },
  vault_aws_auth_backend_role: { roleArgument: "role", defaultMount: "aws" },
};

const MODELLED = new Set([
  ...Object.keys(VAULT_AUTH_ROLE_TYPES),
  "vault_policy",
  "vault_identity_group",
  "vault_identity_group_policies",
  "vault_kv_secret_v2",
  "vault_generic_endpoint",
  "vault_generic_secret",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_role_policy_attachments_exclusive",
  "aws_iam_policy_attachment",
  "aws_secretsmanager_secret",
  "aws_secretsmanager_secret_policy",
  "aws_kms_key",
  "aws_kms_key_policy",
]);

/** Types that can hand out a token, a login or a permission, which the model does not evaluate. */
const NOT_MODELLED = new Set([
  "vault_token",
  "vault_token_auth_backend_role",
  "vault_identity_entity",
  "vault_identity_entity_policies",
  "vault_identity_oidc_role",
  "vault_cert_auth_backend_role",
  "vault_gcp_auth_backend_role",
  "vault_azure_auth_backend_role",
  "vault_ldap_auth_backend_group",
  "vault_ldap_auth_backend_user",
  "vault_okta_auth_backend_group",
  "vault_okta_auth_backend_user",
  "vault_github_team",
  "vault_github_user",
  "vault_oci_auth_backend_role",
  "vault_alicloud_auth_backend_role",
  "vault_saml_auth_backend_role",
  "aws_iam_user",
  "aws_iam_user_policy",
  "aws_iam_user_policy_attachment",
  "aws_iam_group",
  "aws_iam_group_policy",
  "aws_iam_group_policy_attachment",
  "aws_iam_group_membership",
  "aws_iam_user_group_membership",
  "aws_iam_access_key",
  "aws_kms_grant",
  "aws_ram_resource_share",
  "aws_ram_principal_association",
  "aws_secretsmanager_secret_version",
]);

const INERT = new Set([
  "vault_namespace",
  "vault_mount",
  "vault_auth_backend",
  "vault_jwt_auth_backend",
  "vault_kubernetes_auth_backend_config",
  "vault_aws_auth_backend_client",
  "vault_aws_auth_backend_sts_role",
  "vault_aws_auth_backend_config_identity",
  "vault_kv_secret_backend_v2",
  "vault_database_secrets_mount",
  "vault_database_secret_backend_connection",
  "vault_database_secret_backend_role",
  "vault_database_secret_backend_static_role",
  "vault_pki_secret_backend_role",
  "vault_pki_secret_backend_root_cert",
  "vault_pki_secret_backend_intermediate_cert_request",
  "vault_pki_secret_backend_intermediate_set_signed",
  "vault_pki_secret_backend_root_sign_intermediate",
  "vault_pki_secret_backend_issuer",
  "vault_pki_secret_backend_config_urls",
  "vault_pki_secret_backend_config_issuers",
  "vault_pki_secret_backend_crl_config",
  "vault_ssh_secret_backend_ca",
  "vault_ssh_secret_backend_role",
  "vault_aws_secret_backend",
  "vault_aws_secret_backend_role",
  "vault_gcp_secret_backend",
  "vault_gcp_secret_roleset",
  "vault_gcp_secret_static_account",
  "vault_audit",
  "vault_audit_request_header",
  "vault_identity_group_alias",
  "vault_identity_group_member_entity_ids",
  "vault_identity_group_member_group_ids",
  "vault_quota_rate_limit",
  "vault_quota_lease_count",
  "vault_egp_policy",
  "vault_rgp_policy",
  "vault_approle_auth_backend_role_secret_id",
  "aws_kms_alias",
  "aws_iam_openid_connect_provider",
  "aws_iam_role_policies_exclusive",
  "aws_iam_service_linked_role",
  "aws_secretsmanager_secret_rotation",
  "aws_lambda_function",
  "aws_lambda_permission",
  "aws_lambda_function_event_invoke_config",
  "aws_cloudtrail",
  // Moves log records (the Vault audit archive) into a bucket; grants nothing.
  "aws_kinesis_firehose_delivery_stream",
  "aws_iam_account_password_policy",
  "null_resource",
  "terraform_data",
]);

/** Families that only log, alert, store logs or describe: none can hand out a secret. */
const INERT_PREFIXES = [
  "vault_identity_mfa_",
  "vault_mfa_",
  "aws_cloudwatch_",
  "aws_sns_",
  "aws_sqs_",
  "aws_s3_",
  "aws_cloudtrail_",
  "aws_guardduty_",
  "aws_config_",
  "time_",
];

/** Types whose name says they may grant (a role, a policy, a grant, a member): refuse to call them inert. */
const GRANTING_HINT = /(auth_backend_(role|user|group)|_polic(y|ies)|_grant|_member|_role$|_user$|_token$|_access_key)/;

export function classifyResourceType(type: string): ResourceTypeClass | "unknown" {
  if (MODELLED.has(type)) return "modelled";
  if (NOT_MODELLED.has(type)) return "not-modelled";
  if (INERT.has(type)) return "inert";
  // Policies of logs, topics, queues and buckets govern those resources, never a secret.
  if (INERT_PREFIXES.some((prefix) => type.startsWith(prefix))) return "inert";
  if (GRANTING_HINT.test(type)) return "not-modelled";
  return "unknown";
}
