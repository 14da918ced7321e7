import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import { planVaultEngineRoles } from "../../plan/vault-engine-roles";
import { cloudRolePolicy } from "../../policy/aws/role-policies";
import { vaultEngineTrustPolicy } from "../../policy/aws/vault-engine-trust";
import { policyJson } from "./terraform-text";
import { constructIds } from "../../plan/construct-ids";

export interface VaultEngineRolesProps {
  readonly plan: EnvironmentPlan;
}

/**
 * The IAM roles Vault's AWS secrets engine assumes (credential_type assumed_role) to issue dynamic
 * AWS keys, as lib/plan/vault-engine-roles.ts plans them: one per dynamic key, named
 * `<roleName>-<environment>` under the environment's IAM path, with exactly the spec's `allow`,
 * trusted by Vault's identity only, sessions no longer than the class lease. No access key of
 * Vault's ever passes through Terraform.
 */
export class VaultEngineRoles extends Construct {
  readonly roles: ReadonlyMap<string, IamRole>;

  constructor(scope: Construct, id: string, props: VaultEngineRolesProps) {
    super(scope, id);
    const aws = props.plan.aws;
    if (!aws)
      throw new Error(`${this.node.path}: environment ${props.plan.name} has no aws settings; dynamic AWS keys need environments[].aws`);
    const roles = new Map<string, IamRole>();
    for (const role of planVaultEngineRoles(props.plan)) {
      const scope = new Construct(this, constructIds.credential(role.credentialId));
      const iamRole = new IamRole(scope, "role", {
        name: role.roleName,
        path: aws.iamPath,
        description: role.description.slice(0, 1000),
        assumeRolePolicy: policyJson(
          vaultEngineTrustPolicy({ partition: aws.partition, accountId: aws.accountId, vaultRoleArn: role.vaultRoleArn }),
        ),
        maxSessionDuration: role.maxSessionSeconds,
        tags: { ...role.tags },
        lifecycle: { preventDestroy: role.preventDestroy },
      });
      new IamRolePolicy(scope, "policy", { name: role.policyName, role: iamRole.id, policy: policyJson(cloudRolePolicy(role.allow)) });
      roles.set(role.credentialId, iamRole);
    }
    this.roles = roles;
  }
}
