import { IdentityGroup } from "@cdktf/provider-vault/lib/identity-group";
import { IdentityMfaLoginEnforcement } from "@cdktf/provider-vault/lib/identity-mfa-login-enforcement";
import { IdentityMfaTotp } from "@cdktf/provider-vault/lib/identity-mfa-totp";
import { Policy } from "@cdktf/provider-vault/lib/policy";
import { validateDocument } from "../../../lib/inventory/validate";
import { environment, fixture, fixtureDocument, inventoryFrom, synthVault } from "./support";

const acme = fixture("acme.yaml");

describe("HumanAccess", () => {
  const prod = synthVault(environment(acme, "prod"));

  it("gives production an operator group and a break-glass group whose logins require TOTP MFA", () => {
    expect(prod.synthesized).toHaveResourceWithProperties(IdentityGroup, {
      name: "prod-operators",
      type: "internal",
      external_member_entity_ids: true,
    });
    expect(prod.synthesized).toHaveResourceWithProperties(IdentityGroup, { name: "prod-break-glass" });
    expect(prod.synthesized).toHaveResource(IdentityMfaTotp);
    const enforcement = Object.values(prod.resources("vault_identity_mfa_login_enforcement"))[0];
    expect(enforcement.name).toBe("prod-break-glass-login-mfa");
    expect(enforcement.identity_group_ids).toEqual([expect.stringMatching(/^\$\{vault_identity_group\..*break-glass.*\.id\}$/)]);
    expect(prod.synthesized).toHaveResourceWithProperties(IdentityMfaLoginEnforcement, { name: "prod-break-glass-login-mfa" });
  });

  it("makes production operators pass the same TOTP method at login, by group only (never a method type the namespace may not mount)", () => {
    const enforcements = Object.values(prod.resources("vault_identity_mfa_login_enforcement"));
    expect(enforcements.map((e) => e.name).sort()).toEqual(["prod-break-glass-login-mfa", "prod-operators-login-mfa"]);
    const operators = prod.find("vault_identity_mfa_login_enforcement", "name", "prod-operators-login-mfa");
    const breakGlass = prod.find("vault_identity_mfa_login_enforcement", "name", "prod-break-glass-login-mfa");
    expect(operators.identity_group_ids).toEqual([expect.stringMatching(/^\$\{vault_identity_group\.[^.]*people_operators_[^.]*\.id\}$/)]);
    expect(operators.mfa_method_ids).toEqual(breakGlass.mfa_method_ids);
    expect(operators.auth_method_types).toBeUndefined();
    expect(operators.auth_method_accessors).toBeUndefined();
    expect(operators.identity_entity_ids).toBeUndefined();
  });

  it("also challenges every login through the human methods a production environment declares", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments[3].humans = { loginMethods: ["userpass", "oidc"] };
    const synthesized = synthVault(environment(inventoryFrom(doc), "prod"));
    expect(synthesized.find("vault_identity_mfa_login_enforcement", "name", "prod-operators-login-mfa").auth_method_types).toEqual([
      "oidc",
      "userpass",
    ]);
    expect(
      synthesized.find("vault_identity_mfa_login_enforcement", "name", "prod-break-glass-login-mfa").auth_method_types,
    ).toBeUndefined();
  });

  it("gives no login MFA enforcement to any non-production environment of either fixture, even one that declares login methods", () => {
    for (const [inventory, names] of [
      [acme, ["dev", "test", "staging"]],
      [fixture("realworld.yaml"), ["dev"]],
    ] as const) {
      for (const name of names)
        expect(synthVault(environment(inventory, name)).json.resource.vault_identity_mfa_login_enforcement).toBeUndefined();
    }
    const doc = fixtureDocument("acme.yaml");
    doc.environments[2].humans = { loginMethods: ["oidc"] };
    expect(synthVault(environment(inventoryFrom(doc), "staging")).json.resource.vault_identity_mfa_login_enforcement).toBeUndefined();
    expect(
      synthVault(environment(fixture("realworld.yaml"), "prod")).find(
        "vault_identity_mfa_login_enforcement",
        "name",
        "prod-operators-login-mfa",
      ),
    ).toBeDefined();
  });

  it("puts the control group in the operator policy text for the critical credential only", () => {
    const operator = prod.find("vault_policy", "name", "prod-operator");
    expect(operator.policy).toContain(
      'path "database/creds/orders-postgres-main_operator" {\n  capabilities = ["read"]\n  control_group {',
    );
    expect(operator.policy.match(/control_group/g)).toHaveLength(1);
    expect(prod.synthesized).toHaveResourceWithProperties(Policy, { name: "prod-break-glass" });
  });

  it("gives people nothing that reads a value in non-production (only the auditors' group, metadata only, and the drillers' group of runbook --drill)", () => {
    const staging = synthVault(environment(acme, "staging"));
    expect(Object.values<any>(staging.json.resource.vault_identity_group ?? {}).map((g) => g.name)).toEqual([
      "staging-auditors",
      "staging-drillers",
    ]);
    expect(Object.values(staging.resources("vault_policy")).map((p) => p.name)).not.toContain("staging-operator");
  });

  it("leaves approvals on a cluster without control groups to validation, the one place that refuses it", () => {
    // GIVEN acme with a community cluster under an environment that asks for approvals
    const doc = fixtureDocument("acme.yaml");
    for (const env of doc.environments) if (env.approvals && env.vault) env.vault.edition = "community";
    // WHEN it is validated
    const outcome = validateDocument(doc);
    // THEN validation refuses it (and HumanAccess no longer re-checks the plan)
    expect(outcome.ok).toBe(false);
    expect(outcome.issues.map((i) => i.code)).toContain("approvals-need-enterprise");
  });
});
