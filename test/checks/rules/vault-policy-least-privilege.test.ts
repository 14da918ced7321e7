import { vaultPolicyLeastPrivilege as rule } from "../../../lib/checks/rules/vault-policy-least-privilege";
import { messages, stackOf, vaultStack } from "./vault-support";

const policy = (text: string) => stackOf({ resource: { vault_policy: { p: { name: "p", policy: text } } } });

describe("ETL-VAULT-006 exact paths, no sudo", () => {
  it("passes the synthesized fixtures", () => {
    expect(messages(rule, vaultStack("prod"))).toEqual([]);
    expect(messages(rule, vaultStack("prod", "realworld.yaml"))).toEqual([]);
  });
  it("fails when a policy grants a glob", () => expect(messages(rule, policy('path "kv/data/connectors/*" { capabilities = ["read"] }'))).toEqual(['policy p grants the pattern "kv/data/connectors/*"']));
  it("fails when a policy grants a + segment", () => expect(messages(rule, policy('path "kv/data/+/main" { capabilities = ["read"] }'))).toHaveLength(1));
  it("fails when a policy grants sudo", () => expect(messages(rule, policy('path "kv/config" { capabilities = ["read", "sudo"] }'))).toEqual(['policy p grants sudo on "kv/config"']));
});
