/*
 * The auditor's IAM role (`etl-secrets audit`, `<org>-<env>.auditor`): it lists and describes the
 * environment's secrets (dates, never values), lists the versions of a secret (the AWSCURRENT
 * version's date), and lists roles (the reader keeps those under the environment's IAM path). An
 * explicit Deny of GetSecretValue and kms:Decrypt on every resource keeps it metadata-only even if
 * someone attaches a wider policy to it later.
 */
import { accountRoot, policyDocument, type PolicyDocument } from "./policy-document";

export interface AuditorPolicyInput {
  /** `arn:<partition>:secretsmanager:<region>:<account>:secret:<org>/<env>/` */
  readonly secretArnPrefix: string;
  /**
   * The cluster's shipped Vault audit log (lib/plan/auditor-log-read.ts): FilterLogEvents on the
   * group when it is in the environment's account, else sts:AssumeRole on the audit stack's reader role.
   */
  readonly auditLog?: { readonly logGroupArn: string; readonly readerRoleArn?: string };
}

/** The one action on the cluster's audit log group: paths and HMAC'd fields, never a value. */
export const VAULT_AUDIT_LOG_READ_ACTIONS = ["logs:FilterLogEvents"] as const;

/** Actions that would reveal a value, denied to the auditor on every resource. */
export const AUDITOR_DENIED_ACTIONS = ["secretsmanager:GetSecretValue", "kms:Decrypt"] as const;

export function auditorRolePolicy(input: AuditorPolicyInput): PolicyDocument {
  return policyDocument([
    // ListSecrets and ListRoles have no resource-level permission: Resource "*" is the only form IAM accepts.
    { Sid: "AuditorListSecrets", Effect: "Allow", Action: ["secretsmanager:ListSecrets"], Resource: ["*"] },
    {
      Sid: "AuditorDescribeSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"],
      Resource: [`${input.secretArnPrefix}*`],
    },
    { Sid: "AuditorListRoles", Effect: "Allow", Action: ["iam:ListRoles"], Resource: ["*"] },
    ...(input.auditLog
      ? [
          input.auditLog.readerRoleArn
            ? {
                Sid: "AuditorAssumesVaultAuditReader",
                Effect: "Allow" as const,
                Action: ["sts:AssumeRole"],
                Resource: [input.auditLog.readerRoleArn],
              }
            : {
                Sid: "AuditorReadsVaultAuditLog",
                Effect: "Allow" as const,
                Action: [...VAULT_AUDIT_LOG_READ_ACTIONS],
                Resource: [input.auditLog.logGroupArn, `${input.auditLog.logGroupArn}:*`],
              },
        ]
      : []),
    { Sid: "AuditorNeverReadsValues", Effect: "Deny", Action: [...AUDITOR_DENIED_ACTIONS], Resource: ["*"] },
  ]);
}

/** Trust: the account (its IAM policies decide who may assume the role), like the library's other roles. */
export function auditorTrustPolicy(input: { readonly partition: string; readonly accountId: string }): PolicyDocument {
  return policyDocument([
    { Sid: "TrustAccount", Effect: "Allow", Principal: { AWS: accountRoot(input.partition, input.accountId) }, Action: ["sts:AssumeRole"] },
  ]);
}

/** The audit stack's reader role: FilterLogEvents on the cluster's audit log group, nothing else. */
export function vaultAuditReaderPolicy(input: { readonly logGroupArn: string }): PolicyDocument {
  return policyDocument([
    {
      Sid: "ReadVaultAuditLog",
      Effect: "Allow",
      Action: [...VAULT_AUDIT_LOG_READ_ACTIONS],
      Resource: [input.logGroupArn, `${input.logGroupArn}:*`],
    },
  ]);
}

/**
 * Trust of the reader role: the accounts of the auditor roles, narrowed by `aws:PrincipalArn` to
 * exactly those roles (a role ARN in the principal would have to exist before this stack applies).
 */
export function vaultAuditReaderTrust(input: {
  readonly partition: string;
  readonly readers: readonly { readonly accountId: string; readonly roleArn: string }[];
}): PolicyDocument {
  const accounts = [...new Set(input.readers.map((r) => r.accountId))].sort();
  return policyDocument([
    {
      Sid: "TrustAuditors",
      Effect: "Allow",
      Principal: { AWS: accounts.map((account) => accountRoot(input.partition, account)) },
      Action: ["sts:AssumeRole"],
      Condition: { ArnEquals: { "aws:PrincipalArn": [...new Set(input.readers.map((r) => r.roleArn))].sort() } },
    },
  ]);
}
