import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { byText } from "../../plan/compare";
import { iamName } from "../../plan/names";
import type { CredentialPlan, EnvironmentPlan } from "../../plan/types";
import { cloudRolePolicy } from "../../policy/aws/role-policies";
import { accountRoot, policyDocument, type PolicyDocument } from "../../policy/aws/policy-document";
import { SENSITIVITY_CLASSES } from "../../spec/class-defaults";
import { parseDuration } from "../../spec/duration";
import { credentialConstructId, policyJson } from "./terraform-text";

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
  return credential.vault !== undefined && !credential.destroyed && spec.type === "cloud-access-key" && spec.provider === "aws" && spec.mode === "dynamic" && !!spec.roleName && !!spec.allow;
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
  if (spec.type !== "cloud-access-key" || !spec.roleName) throw new Error(`credential ${credential.id} is not a dynamic AWS key with a role`);
  return `arn:${aws.partition}:iam::${aws.accountId}:role${aws.iamPath}${iamName(`${spec.roleName}-${plan.name}`)}`;
}

/** The roles of an environment's dynamic AWS keys, sorted by credential id. */
export function planVaultEngineRoles(plan: EnvironmentPlan): VaultEngineRolePlan[] {
  if (!plan.aws || !plan.vault) return [];
  return plan.credentials.filter(isDynamicAwsKey).map((credential) => {
    const spec = credential.credential as Extract<CredentialPlan["credential"], { type: "cloud-access-key" }>;
    const maxSts = vaultEngineMaxStsTtl(credential);
    return {
      credentialId: credential.id,
      connectorId: credential.connectorId,
      roleName: iamName(`${spec.roleName!}-${plan.name}`),
      roleArn: vaultEngineRoleArn(plan, credential),
      description: `Assumed by Vault's AWS engine for ${credential.id} (${plan.name}): ${credential.register.purpose}`,
      allow: Object.fromEntries(Object.keys(spec.allow!).sort(byText).map((action) => [action, [...new Set(spec.allow![action])].sort(byText)])),
      maxStsTtlSeconds: maxSts,
      maxSessionSeconds: Math.min(IAM_SESSION_LIMITS.max, Math.max(IAM_SESSION_LIMITS.min, maxSts)),
      vaultRoleArn: plan.vault!.awsIdentityRoleArn,
      preventDestroy: plan.preventDestroy,
      tags: { environment: plan.name, connector: credential.connectorId, credential: credential.name },
    };
  });
}

/**
 * Who may assume an engine role: Vault's own role when the environment names it; otherwise roles of
 * the environment's account under the IAM path `/vault/` (validation warns that this is a default).
 */
export function vaultEngineTrustPolicy(input: { readonly partition: string; readonly accountId: string; readonly vaultRoleArn?: string }): PolicyDocument {
  if (input.vaultRoleArn) {
    return policyDocument([{ Sid: "TrustVaultIdentity", Effect: "Allow", Principal: { AWS: input.vaultRoleArn }, Action: ["sts:AssumeRole"] }]);
  }
  return policyDocument([
    {
      Sid: "TrustVaultRolesOfTheAccount",
      Effect: "Allow",
      Principal: { AWS: accountRoot(input.partition, input.accountId) },
      Action: ["sts:AssumeRole"],
      Condition: { ArnLike: { "aws:PrincipalArn": `arn:${input.partition}:iam::${input.accountId}:role${VAULT_IDENTITY_PATH}*` } },
    },
  ]);
}

export interface VaultEngineRolesProps {
  readonly plan: EnvironmentPlan;
}

/**
 * The IAM roles Vault's AWS secrets engine assumes (credential_type assumed_role) to issue dynamic
 * AWS keys: one per dynamic key, named `<roleName>-<environment>` under the environment's IAM path,
 * with exactly the spec's `allow`, trusted by Vault's identity only, sessions no longer than the
 * class lease. No access key of Vault's ever passes through Terraform.
 */
export class VaultEngineRoles extends Construct {
  readonly roles: ReadonlyMap<string, IamRole>;

  constructor(scope: Construct, id: string, props: VaultEngineRolesProps) {
    super(scope, id);
    const aws = props.plan.aws;
    if (!aws) throw new Error(`${this.node.path}: environment ${props.plan.name} has no aws settings; dynamic AWS keys need environments[].aws`);
    const roles = new Map<string, IamRole>();
    for (const role of planVaultEngineRoles(props.plan)) {
      const scope = new Construct(this, credentialConstructId(role.credentialId));
      const iamRole = new IamRole(scope, "role", {
        name: role.roleName,
        path: aws.iamPath,
        description: role.description.slice(0, 1000),
        assumeRolePolicy: policyJson(vaultEngineTrustPolicy({ partition: aws.partition, accountId: aws.accountId, vaultRoleArn: role.vaultRoleArn })),
        maxSessionDuration: role.maxSessionSeconds,
        tags: { ...role.tags },
        lifecycle: { preventDestroy: role.preventDestroy },
      });
      new IamRolePolicy(scope, "policy", { name: `${role.roleName}-allow`.slice(0, 128), role: iamRole.id, policy: policyJson(cloudRolePolicy(role.allow)) });
      roles.set(role.credentialId, iamRole);
    }
    this.roles = roles;
  }
}

/** Whether an environment has dynamic AWS keys whose roles the AWS side must create. */
export function hasVaultEngineRoles(plan: EnvironmentPlan): boolean {
  return planVaultEngineRoles(plan).length > 0;
}
