import { IdentityGroup } from "@cdktf/provider-vault/lib/identity-group";
import { Construct } from "constructs";
import { vaultObjectNames } from "../../plan/names";
import type { EnvironmentPlan } from "../../plan/types";
import { auditorPolicyDocument, type AuditorVaultScope } from "../../policy/vault/auditor-policy";
import { VaultPolicy } from "./vault-policy";

export interface AuditorAccessProps {
  readonly plan: EnvironmentPlan;
  /** What the environment's Vault side created (mounts), so the policy names nothing that is not there. */
  readonly scope: AuditorVaultScope;
}

/**
 * Who runs `etl-secrets audit`: the `<env>-auditor` policy (KV metadata, role listings and
 * definitions, static-role dates; never a value) on the `<env>-auditors` identity group. Like the
 * operators', membership is managed outside Terraform (SSO group aliases or the entity of a
 * scheduled job), so the group leaves members alone.
 */
export class AuditorAccess extends Construct {
  readonly policy: VaultPolicy;
  readonly group: IdentityGroup;

  constructor(scope: Construct, id: string, props: AuditorAccessProps) {
    super(scope, id);
    const { plan } = props;
    this.policy = new VaultPolicy(this, "policy", { document: auditorPolicyDocument(plan, props.scope) });
    this.group = new IdentityGroup(this, "group", {
      name: vaultObjectNames.auditorGroup(plan.name),
      type: "internal",
      policies: [this.policy.policy.name],
      externalMemberEntityIds: true,
      externalMemberGroupIds: true,
      metadata: { environment: plan.name, "managed-by": "cdktf-etl-secrets" },
    });
  }
}
