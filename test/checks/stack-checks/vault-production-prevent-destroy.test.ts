import { vaultProductionPreventDestroy as rule } from "../../../lib/checks/stack-checks/vault-production-prevent-destroy";
import { messages, stackOf, vaultStack } from "./vault-support";

describe("ETL-VAULT-008 prevent_destroy in production", () => {
  it("passes the synthesized production fixtures", () => {
    expect(messages(rule, vaultStack("prod"))).toEqual([]);
    expect(messages(rule, vaultStack("prod", "realworld.yaml"))).toEqual([]);
  });
  it("fails when a production mount lacks prevent_destroy", () => {
    expect(messages(rule, stackOf({ resource: { vault_mount: { m: { path: "kv", type: "kv" } } } }, true))).toEqual([
      'vault_mount "kv" lacks prevent_destroy in production',
    ]);
    expect(messages(rule, stackOf({ resource: { vault_mount: { m: { path: "kv", type: "kv" } } } }, false))).toEqual([]);
  });
  it("fails when a production cluster's namespace or audit device lacks prevent_destroy", () => {
    const json = {
      locals: { etl_vault_cluster: { address: "https://v", edition: "enterprise", production: true, environments: {}, audit_devices: [] } },
      resource: { vault_namespace: { n: { path: "etl" } }, vault_audit: { a: { path: "file", lifecycle: { prevent_destroy: true } } } },
    };
    expect(messages(rule, stackOf(json, false, "cluster"))).toEqual(['vault_namespace "etl" lacks prevent_destroy in production']);
  });
});
