import { vaultPolicyWithinEnvironment as rule } from "../../../lib/checks/stack-checks/vault-policy-within-environment";
import { messages, stackOf, vaultStack } from "./vault-support";

const description = (isolation: string, boundary: string, mounts: string[]) => ({
  etl_vault_environment: { environment: "test", production: false, isolation, boundary, secret_mounts: mounts, auth_mounts: [] },
});
const policy = (text: string) => ({ vault_policy: { p: { name: "p", policy: text } } });

describe("ETL-VAULT-003 policy paths inside the environment", () => {
  it("passes the synthesized fixtures", () => {
    for (const env of ["dev", "test", "staging", "prod"]) expect(messages(rule, vaultStack(env))).toEqual([]);
    expect(messages(rule, vaultStack("prod", "realworld.yaml"))).toEqual([]);
  });
  it("fails when a mount-isolated policy addresses another environment's prefix", () => {
    const stack = stackOf({
      locals: description("mount", "etl/test", ["etl/test/kv"]),
      resource: policy('path "etl/dev/kv/data/x" { capabilities = ["read"] }'),
    });
    expect(messages(rule, stack)).toEqual([expect.stringContaining('addresses "etl/dev/kv/data/x", outside environment test')]);
  });
  it("fails when a policy reaches sys/ or an unknown mount", () => {
    const stack = stackOf({
      locals: description("namespace", "etl/prod", ["kv"]),
      resource: policy('path "sys/mounts" { capabilities = ["read"] }\npath "secret/data/x" { capabilities = ["read"] }'),
    });
    expect(messages(rule, stack)).toHaveLength(2);
  });
  it("fails when a policy does not parse", () => {
    const stack = stackOf({
      locals: description("namespace", "etl/prod", ["kv"]),
      resource: policy('path "kv/x" { capabilities = ["Read"] }'),
    });
    expect(messages(rule, stack)[0]).toContain("does not parse");
  });
  it("fails when a stack holds policies without an environment description", () => {
    expect(messages(rule, stackOf({ resource: policy('path "kv/x" { capabilities = ["read"] }') }))).toHaveLength(1);
  });
  it("accepts the auditor's role listings on the environment's own auth mounts, in the auditor policy only", () => {
    const stack = (name: string, path: string) =>
      stackOf({
        locals: {
          etl_vault_environment: {
            environment: "prod",
            production: true,
            isolation: "namespace",
            boundary: "etl/prod",
            secret_mounts: ["kv"],
            auth_mounts: ["approle"],
          },
        },
        resource: { vault_policy: { p: { name, policy: `path "${path}" { capabilities = ["list"] }` } } },
      });
    expect(messages(rule, stack("prod-auditor", "auth/approle/role"))).toEqual([]);
    expect(messages(rule, stack("prod-operator", "auth/approle/role"))).toHaveLength(1);
    expect(messages(rule, stack("prod-auditor", "auth/other-approle/role"))).toHaveLength(1);
    expect(messages(rule, stack("prod-auditor", "sys/policies/acl"))).toHaveLength(1);
  });
});
