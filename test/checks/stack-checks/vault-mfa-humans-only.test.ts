import { vaultMfaHumansOnly as rule } from "../../../lib/checks/stack-checks/vault-mfa-humans-only";
import { ALL_RULES } from "../../../lib/checks/stack-checks";
import { messages, stackOf, vaultStack } from "./vault-support";

const groups = {
  vault_identity_group: {
    ops: { name: "prod-operators", type: "internal" },
    bg: { name: "prod-break-glass", type: "internal" },
    consumers: { name: "prod-consumers", type: "internal" },
  },
};
const enforcement = (config: Record<string, unknown>) => ({
  vault_identity_mfa_login_enforcement: { e: { name: "x-login-mfa", mfa_method_ids: ["m"], ...config } },
});

describe("ETL-VAULT-012 login MFA challenges people only", () => {
  it("is registered", () => {
    expect(ALL_RULES.map((r) => r.id)).toContain("ETL-VAULT-012");
  });

  it("passes the synthesized production stacks of both fixtures and every non-production stack", () => {
    expect(messages(rule, vaultStack("prod"))).toEqual([]);
    expect(messages(rule, vaultStack("prod", "realworld.yaml"))).toEqual([]);
    for (const env of ["dev", "test", "staging"]) expect(messages(rule, vaultStack(env))).toEqual([]);
  });

  it("flags a machine auth method type", () => {
    const stack = stackOf(
      {
        resource: {
          ...groups,
          ...enforcement({ identity_group_ids: ["${vault_identity_group.ops.id}"], auth_method_types: ["oidc", "approle"] }),
        },
      },
      false,
      "prod",
    );
    expect(messages(rule, stack)).toEqual([
      'login MFA enforcement x-login-mfa names auth method type "approle", which is not a human login method (oidc, ldap, userpass, okta, radius, cert, github)',
    ]);
  });

  it("flags a group that is not one of the environment's human groups, and one the stack does not create", () => {
    const stack = stackOf(
      { resource: { ...groups, ...enforcement({ identity_group_ids: ["${vault_identity_group.consumers.id}", "abc-123"] }) } },
      false,
      "prod",
    );
    expect(messages(rule, stack)).toEqual([
      "login MFA enforcement x-login-mfa names identity group prod-consumers, not a human group of the environment (prod-operators, prod-break-glass)",
      "login MFA enforcement x-login-mfa names an identity group this stack does not create, not a human group of the environment (prod-operators, prod-break-glass)",
    ]);
  });

  it("flags accessors, entities, and an enforcement that names no filter at all (it would challenge machines)", () => {
    expect(
      messages(
        rule,
        stackOf({ resource: enforcement({ auth_method_accessors: ["auth_approle_1"], identity_entity_ids: ["e"] }) }, false, "prod"),
      ),
    ).toEqual([
      "login MFA enforcement x-login-mfa names auth mount accessors, which may be machine mounts: name human method types instead",
      "login MFA enforcement x-login-mfa names identity entities directly: name the human group instead",
      "login MFA enforcement x-login-mfa names neither a human group nor a human method type: it would challenge every login, machines included",
    ]);
  });

  it("flags a production human group that logs in without MFA", () => {
    const stack = stackOf(
      { resource: { ...groups, ...enforcement({ identity_group_ids: ["${vault_identity_group.bg.id}"] }) } },
      true,
      "prod",
    );
    expect(messages(rule, stack)).toEqual([
      "production identity group prod-operators logs in without MFA: no login MFA enforcement names it",
    ]);
    expect(
      messages(
        rule,
        stackOf({ resource: { ...groups, ...enforcement({ identity_group_ids: ["${vault_identity_group.bg.id}"] }) } }, false, "prod"),
      ),
    ).toEqual([]);
  });
});
