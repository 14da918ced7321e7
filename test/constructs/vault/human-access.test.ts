import { IdentityGroup } from "@cdktf/provider-vault/lib/identity-group";
import { IdentityMfaLoginEnforcement } from "@cdktf/provider-vault/lib/identity-mfa-login-enforcement";
import { IdentityMfaTotp } from "@cdktf/provider-vault/lib/identity-mfa-totp";
import { Policy } from "@cdktf/provider-vault/lib/policy";
import { environment, fixture, fixtureDocument, inventoryFrom, synthVault, type Doc } from "./support";

const acme = fixture("acme.yaml");

describe("HumanAccess", () => {
  const prod = synthVault(environment(acme, "prod"));

  it("gives production an operator group and a break-glass group whose logins require TOTP MFA", () => {
    expect(prod.synthesized).toHaveResourceWithProperties(IdentityGroup, { name: "prod-operators", type: "internal", external_member_entity_ids: true });
    expect(prod.synthesized).toHaveResourceWithProperties(IdentityGroup, { name: "prod-break-glass" });
    expect(prod.synthesized).toHaveResource(IdentityMfaTotp);
    const enforcement = Object.values(prod.resources("vault_identity_mfa_login_enforcement"))[0];
    expect(enforcement.name).toBe("prod-break-glass-login-mfa");
    expect(enforcement.identity_group_ids).toEqual([expect.stringMatching(/^\$\{vault_identity_group\..*break-glass.*\.id\}$/)]);
    expect(prod.synthesized).toHaveResourceWithProperties(IdentityMfaLoginEnforcement, { name: "prod-break-glass-login-mfa" });
  });

  it("puts the control group in the operator policy text for the critical credential only", () => {
    const operator = prod.find("vault_policy", "name", "prod-operator");
    expect(operator.policy).toContain('path "database/creds/orders-postgres-main_operator" {\n  capabilities = ["read"]\n  control_group {');
    expect(operator.policy.match(/control_group/g)).toHaveLength(1);
    expect(prod.synthesized).toHaveResourceWithProperties(Policy, { name: "prod-break-glass" });
  });

  it("gives people nothing in non-production", () => {
    const staging = synthVault(environment(acme, "staging"));
    expect(staging.json.resource.vault_identity_group).toBeUndefined();
    expect(Object.values(staging.resources("vault_policy")).map((p) => p.name)).not.toContain("staging-operator");
  });

  it("fails when an environment asks for approvals on a cluster that cannot do control groups", () => {
    const doc = fixtureDocument("acme.yaml");
    // Validation refuses this spec; the construct refuses it too, for plans built another way.
    const inventory = inventoryFrom(doc);
    const plan = environment(inventory, "prod");
    const community = { ...plan, vault: { ...plan.vault!, edition: "community" as const } };
    expect(() => synthVault(community, true)).toThrow(/approvals \(control groups\), which only Vault Enterprise has/);
    void (doc as Doc);
  });
});
