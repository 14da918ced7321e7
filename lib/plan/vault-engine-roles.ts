/*
 * The IAM roles Vault's AWS secrets engine assumes (credential_type assumed_role) for the dynamic
 * AWS keys of an environment: planned here, once, so the AWS side (which creates them) and the Vault
 * side (whose engine role names their ARNs) agree by construction. The construct in
 * lib/constructs/aws/vault-engine-roles.ts only renders this plan.
 */
import { SENSITIVITY_CLASSES } from "../inventory/class-defaults";
import { parseDuration } from "../inventory/duration";
import { byText } from "./compare";
import { awsNames } from "./names";
import type { CredentialPlan, EnvironmentPlan } from "./types";

/** IAM path under which Vault's own role must live when the environment names none (`vault.awsIdentity`). */
export const VAULT_IDENTITY_PATH = "/vault/";

/** IAM allows sessions of 1 to 12 hours. */
const IAM_SESSION_LIMITS = { min: 3600, max: 43200 } as const;

/** A dynamic AWS key of a Vault-stored connector: Vault's AWS engine assumes a role made for it. */
export interface VaultEngineRolePlan {
  readonly credentialId: string;
  readonly connectorId: string;
  /** `<roleName>-<environment>`. */
  readonly roleName: string;
  /** The role's inline policy: exactly the spec's `allow`. */
  readonly policyName: string;
  /** Exact ARN, IAM path included: what Vault's `aws_secret_backend_role` names. */
  readonly roleArn: string;
  readonly description: string;
  /** Action -> exact resource ARNs (the spec's `allow`). */
  readonly allow: Readonly<Record<string, readonly string[]>>;
  /** The STS lease maximum (seconds): the class maximum, or the spec's shorter `ttl`. */
  readonly maxStsTtlSeconds: number;
  /** IAM's role session limit, from the lease maximum, within IAM's 1 to 12 hours. */
  readonly maxSessionSeconds: number;
  /** Vault's own IAM role, when the environment names it (`vault.awsIdentity.roleArn`). */
  readonly vaultRoleArn?: string;
  readonly preventDestroy: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

function isDynamicAwsKey(credential: CredentialPlan): boolean {
  const spec = credential.credential;
  return (
    credential.vault !== undefined &&
    !credential.destroyed &&
    spec.type === "cloud-access-key" &&
    spec.provider === "aws" &&
    spec.mode === "dynamic" &&
    !!spec.roleName &&
    !!spec.allow
  );
}

/** The STS lease maximum of a dynamic AWS key: the class maximum, or the spec's shorter `ttl`. */
export function vaultEngineMaxStsTtl(credential: CredentialPlan): number {
  const spec = credential.credential;
  const limit = SENSITIVITY_CLASSES[credential.register.sensitivity].leaseMaxSeconds;
  const asked = spec.type === "cloud-access-key" && spec.ttl ? parseDuration(spec.ttl) : undefined;
  return asked !== undefined ? Math.min(asked, limit) : limit;
}

/** The exact ARN of the role Vault assumes for a dynamic AWS key (environment.aws must be set). */
export function vaultEngineRoleArn(plan: EnvironmentPlan, credential: CredentialPlan): string {
  const aws = plan.aws!;
  const spec = credential.credential;
  if (spec.type !== "cloud-access-key" || !spec.roleName)
    throw new Error(`credential ${credential.id} is not a dynamic AWS key with a role`);
  return `arn:${aws.partition}:iam::${aws.accountId}:role${aws.iamPath}${awsNames.specNamedRole(spec.roleName, plan.name)}`;
}

/** The roles of an environment's dynamic AWS keys, sorted by credential id. */
export function planVaultEngineRoles(plan: EnvironmentPlan): VaultEngineRolePlan[] {
  if (!plan.aws || !plan.vault) return [];
  return plan.credentials.filter(isDynamicAwsKey).map((credential) => {
    const spec = credential.credential as Extract<CredentialPlan["credential"], { type: "cloud-access-key" }>;
    const maxSts = vaultEngineMaxStsTtl(credential);
    const roleName = awsNames.specNamedRole(spec.roleName!, plan.name);
    return {
      credentialId: credential.id,
      connectorId: credential.connectorId,
      roleName,
      policyName: awsNames.vaultEngineRolePolicy(roleName),
      roleArn: vaultEngineRoleArn(plan, credential),
      description: `Assumed by Vault's AWS engine for ${credential.id} (${plan.name}): ${credential.register.purpose}`,
      allow: Object.fromEntries(
        Object.keys(spec.allow!)
          .sort(byText)
          .map((action) => [action, [...new Set(spec.allow![action])].sort(byText)]),
      ),
      maxStsTtlSeconds: maxSts,
      maxSessionSeconds: Math.min(IAM_SESSION_LIMITS.max, Math.max(IAM_SESSION_LIMITS.min, maxSts)),
      vaultRoleArn: plan.vault!.awsIdentityRoleArn,
      preventDestroy: plan.preventDestroy,
      tags: { environment: plan.name, connector: credential.connectorId, credential: credential.name },
    };
  });
}

/** Whether an environment has dynamic AWS keys whose roles the AWS side must create. */
export function hasVaultEngineRoles(plan: EnvironmentPlan): boolean {
  return planVaultEngineRoles(plan).length > 0;
}
