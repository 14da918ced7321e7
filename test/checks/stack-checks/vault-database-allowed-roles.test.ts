import { vaultDatabaseAllowedRoles as rule } from "../../../lib/checks/stack-checks/vault-database-allowed-roles";
import { messages, stackOf, vaultStack } from "./vault-support";

const stack = (connection: Record<string, unknown>) =>
  stackOf({ resource: { vault_database_secret_backend_connection: { c: { name: "db", verify_connection: true, ...connection } } } });

describe("ETL-VAULT-002 database allowed_roles", () => {
  it("passes the synthesized fixtures", () => {
    expect(messages(rule, vaultStack("prod"))).toEqual([]);
    expect(messages(rule, vaultStack("prod", "realworld.yaml"))).toEqual([]);
  });
  it("fails when allowed_roles is *", () =>
    expect(messages(rule, stack({ allowed_roles: ["*"] }))).toEqual(['connection db allows role pattern "*"']));
  it("fails when allowed_roles holds a glob", () => expect(messages(rule, stack({ allowed_roles: ["db-a", "db-*"] }))).toHaveLength(1));
  it("fails when the connection is not verified", () =>
    expect(messages(rule, stack({ allowed_roles: ["a"], verify_connection: false }))).toHaveLength(1));
});
