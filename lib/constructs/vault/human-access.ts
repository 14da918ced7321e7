import { IdentityGroup } from "@cdktf/provider-vault/lib/identity-group";
import { IdentityMfaLoginEnforcement } from "@cdktf/provider-vault/lib/identity-mfa-login-enforcement";
import { IdentityMfaTotp } from "@cdktf/provider-vault/lib/identity-mfa-totp";
import { Construct } from "constructs";
import { TIER_CLASSES } from "../../inventory/class-defaults";
import { vaultObjectNames } from "../../plan/names";
import type { EnvironmentPlan } from "../../plan/types";
import { breakGlassPolicyDocument, operatorPolicyDocument } from "../../policy/vault/human-policies";
import { VaultPolicy } from "./vault-policy";

export interface HumanAccessProps {
  readonly plan: EnvironmentPlan;
}

/**
 * People in production: an operator group with the read policy, and a break-glass group, whose
 * members must both pass TOTP login MFA (operators where the tier asks for it:
 * `TierClass.operatorLoginMfa`). The enforcements name human groups only (and, when the environment
 * declares `humans.loginMethods`, those human auth method types): rotation functions, consumers
 * and Terraform's token are never members and never of those types, so they are never challenged. Membership is managed outside Terraform (SSO group aliases), so
 * the groups leave members alone. Where the environment has `approvals`, human reads of critical
 * credentials carry a control group in the policy text (Vault Enterprise); the approvers' group
 * must exist in the environment's namespace, with `update` on `sys/control-group/authorize`.
 */
export class HumanAccess extends Construct {
  constructor(scope: Construct, id: string, props: HumanAccessProps) {
    super(scope, id);
    const { plan } = props;
    const vault = plan.vault;
    if (!vault) throw new Error(`environment ${plan.name} has no Vault settings`);
    const operator = new VaultPolicy(this, "operator-policy", { document: operatorPolicyDocument(plan) });
    const breakGlass = new VaultPolicy(this, "break-glass-policy", { document: breakGlassPolicyDocument(plan) });
    const group = (groupId: string, name: string, policy: VaultPolicy) =>
      new IdentityGroup(this, groupId, {
        name,
        type: "internal",
        policies: [policy.policy.name],
        externalMemberEntityIds: true,
        externalMemberGroupIds: true,
        metadata: { environment: plan.name, "managed-by": "cdktf-etl-secrets" },
      });
    const operators = group("operators", vaultObjectNames.operatorGroup(plan.name), operator);
    const breakGlassGroup = group("break-glass", vaultObjectNames.breakGlassGroup(plan.name), breakGlass);
    const totp = new IdentityMfaTotp(this, "break-glass-totp", {
      issuer: `${plan.organization} Vault (${plan.name})`,
      algorithm: "SHA256",
      digits: 6,
      period: 30,
      maxValidationAttempts: 5,
    });
    new IdentityMfaLoginEnforcement(this, "break-glass-login-mfa", {
      name: vaultObjectNames.breakGlassMfaEnforcement(plan.name),
      mfaMethodIds: [totp.methodId],
      identityGroupIds: [breakGlassGroup.id],
    });
    if (TIER_CLASSES[plan.tier].operatorLoginMfa) {
      // Vault matches an enforcement when ANY of its filters matches (group OR method type), and
      // refuses a method type with no mount in the namespace: types only when the spec names them.
      new IdentityMfaLoginEnforcement(this, "operators-login-mfa", {
        name: vaultObjectNames.operatorsMfaEnforcement(plan.name),
        mfaMethodIds: [totp.methodId],
        identityGroupIds: [operators.id],
        ...(plan.humanLoginMethods ? { authMethodTypes: [...plan.humanLoginMethods] } : {}),
      });
    }
  }
}
