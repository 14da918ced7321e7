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
}

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
    { Sid: "AuditorNeverReadsValues", Effect: "Deny", Action: [...AUDITOR_DENIED_ACTIONS], Resource: ["*"] },
  ]);
}

/** Trust: the account (its IAM policies decide who may assume the role), like the library's other roles. */
export function auditorTrustPolicy(input: { readonly partition: string; readonly accountId: string }): PolicyDocument {
  return policyDocument([
    { Sid: "TrustAccount", Effect: "Allow", Principal: { AWS: accountRoot(input.partition, input.accountId) }, Action: ["sts:AssumeRole"] },
  ]);
}
