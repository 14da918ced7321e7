import { vaultBootstrapWriteOnly as rule } from "../../../lib/checks/stack-checks/vault-bootstrap-write-only";
import { messages, stackOf, vaultStack } from "./vault-support";

const stack = (postgresql: object, variable: object = { ephemeral: true, sensitive: true }) =>
  stackOf({ variable: { pw: variable }, resource: { vault_database_secret_backend_connection: { c: { name: "db", postgresql } } } });

describe("ETL-VAULT-010 write-only bootstrap password", () => {
  it("passes the synthesized fixtures", () => {
    expect(messages(rule, vaultStack("prod"))).toEqual([]);
    expect(messages(rule, vaultStack("prod", "realworld.yaml"))).toEqual([]);
  });
  it("passes an ephemeral variable", () => expect(messages(rule, stack({ password_wo: "${var.pw}" }))).toEqual([]));
  it("fails when the password is a literal", () =>
    expect(messages(rule, stack({ password_wo: "hunter2" }))).toEqual(["postgresql.password_wo is not a variable reference"]));
  it("fails when the readable password argument is used", () =>
    expect(messages(rule, stack({ password: "${var.pw}" }))).toEqual([expect.stringContaining("keep it in the state")]));
  it("fails when the variable is not ephemeral or has a default", () => {
    expect(messages(rule, stack({ password_wo: "${var.pw}" }, { sensitive: true }))).toHaveLength(1);
    expect(messages(rule, stack({ password_wo: "${var.pw}" }, { ephemeral: true, sensitive: true, default: "x" }))).toHaveLength(1);
  });
});
