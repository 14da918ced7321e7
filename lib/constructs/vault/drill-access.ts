import { IdentityGroup } from "@cdktf/provider-vault/lib/identity-group";
import { Construct } from "constructs";
import { vaultObjectNames } from "../../plan/names";
import type { EnvironmentPlan } from "../../plan/types";
import { drillPolicyDocument } from "../../policy/vault/drill-policy";
import { VaultPolicy } from "./vault-policy";

export interface DrillAccessProps {
  readonly plan: EnvironmentPlan;
}

/**
 * Who runs `etl-secrets runbook --drill`: the `<env>-drill` policy (rotate the environment's
 * database static roles, read their passwords, mint one secret id per declared AppRole consumer)
 * on the `<env>-drillers` identity group. Created only where the tier allows a drill identity
 * (TierClass.drillIdentity: never in production) and something is drillable; membership is managed
 * outside Terraform, like the operators'.
 */
export class DrillAccess extends Construct {
  readonly policy: VaultPolicy;
  readonly group: IdentityGroup;

  constructor(scope: Construct, id: string, props: DrillAccessProps) {
    super(scope, id);
    const { plan } = props;
    this.policy = new VaultPolicy(this, "policy", { document: drillPolicyDocument(plan) });
    this.group = new IdentityGroup(this, "group", {
      name: vaultObjectNames.drillersGroup(plan.name),
      type: "internal",
      policies: [this.policy.policy.name],
      externalMemberEntityIds: true,
      externalMemberGroupIds: true,
      metadata: { environment: plan.name, "managed-by": "cdktf-etl-secrets" },
    });
  }
}
