import { vaultPolicyLeastPrivilege as rule } from "../../../lib/checks/stack-checks/vault-policy-least-privilege";
import { messages, stackOf, vaultStack } from "./vault-support";

const policy = (text: string) => stackOf({ resource: { vault_policy: { p: { name: "p", policy: text } } } });

describe("ETL-VAULT-006 exact paths, no sudo", () => {
  it("passes the synthesized fixtures", () => {
    expect(messages(rule, vaultStack("prod"))).toEqual([]);
    expect(messages(rule, vaultStack("prod", "realworld.yaml"))).toEqual([]);
  });
  it("fails when a policy grants a glob", () =>
    expect(messages(rule, policy('path "kv/data/connectors/*" { capabilities = ["read"] }'))).toEqual([
      'policy p grants the pattern "kv/data/connectors/*"',
    ]));
  it("fails when a policy grants a + segment", () =>
    expect(messages(rule, policy('path "kv/data/+/main" { capabilities = ["read"] }'))).toHaveLength(1));
  it("fails when a policy grants sudo", () =>
    expect(messages(rule, policy('path "kv/config" { capabilities = ["read", "sudo"] }'))).toEqual([
      'policy p grants sudo on "kv/config"',
    ]));
  describe("the auditor's metadata shapes", () => {
    const described = (name: string, text: string) =>
      stackOf({
        locals: {
          etl_vault_environment: {
            environment: "prod",
            production: true,
            isolation: "namespace",
            boundary: "etl/prod",
            secret_mounts: ["kv", "database"],
            auth_mounts: ["approle"],
          },
        },
        resource: { vault_policy: { p: { name, policy: text } } },
      });
    const shapes = [
      'path "kv/metadata/*" { capabilities = ["read", "list"] }',
      'path "auth/approle/role/+" { capabilities = ["read"] }',
      'path "auth/approle/role/+/secret-id/" { capabilities = ["list"] }',
      'path "database/static-roles/+" { capabilities = ["read"] }',
    ].join("\n");
    it("passes them in the environment's auditor policy", () => expect(messages(rule, described("prod-auditor", shapes))).toEqual([]));
    it("fails them in any other policy", () => expect(messages(rule, described("prod-operator", shapes))).toHaveLength(4));
    it("fails a value path or a wider capability even in the auditor policy", () => {
      expect(messages(rule, described("prod-auditor", 'path "kv/data/*" { capabilities = ["read"] }'))).toEqual([
        'policy prod-auditor grants the pattern "kv/data/*"',
      ]);
      expect(messages(rule, described("prod-auditor", 'path "kv/metadata/*" { capabilities = ["read", "update"] }'))).toHaveLength(1);
      expect(messages(rule, described("prod-auditor", 'path "auth/approle/role/+/secret-id" { capabilities = ["update"] }'))).toHaveLength(
        1,
      );
    });
  });
});
