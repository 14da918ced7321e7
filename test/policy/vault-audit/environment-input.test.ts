import { planInventory } from "../../../lib/plan/inventory-plan";
import { vaultAuditEnvironmentInput } from "../../../lib/policy/vault-audit/environment-input";
import { vaultAuditEnvironmentSignals } from "../../../lib/policy/vault-audit/signals";
import { fixtureDocument, fixtureInventory } from "../../support/inventories";
import { loadInventoryFromDocument } from "../../support/vault-audit-inventory";

describe("vaultAuditEnvironmentInput", () => {
  it("names the value paths of quarantined credentials only (never their metadata), with the environment's namespace", () => {
    const prod = planInventory(fixtureInventory("acme.yaml")).environments.find((e) => e.name === "prod")!;
    const input = vaultAuditEnvironmentInput(prod)!;
    expect(input.namespace).toBe("etl/prod");
    expect(input.quarantinedPaths).toContain("kv/data/connectors/legacy-ftp/main");
    expect(input.quarantinedPaths.some((p) => p.includes("/metadata/"))).toBe(false);
    // Only quarantined credentials: orders-postgres is active in acme prod.
    expect(input.quarantinedPaths.some((p) => p.includes("orders-postgres"))).toBe(false);
  });

  it("adds the engine paths of a quarantined issued credential (each consumer's own role)", () => {
    const doc = fixtureDocument("acme.yaml");
    const orders = doc.connectors.find((c: any) => c.id === "orders-postgres");
    orders.lifecycle = { ...orders.lifecycle, state: "quarantined" };
    const prod = planInventory(loadInventoryFromDocument(doc)).environments.find((e) => e.name === "prod")!;
    const input = vaultAuditEnvironmentInput(prod)!;
    expect(
      input.quarantinedPaths.filter((p) => p.startsWith("database/creds/") || p.startsWith("database/static-creds/")).length,
    ).toBeGreaterThan(0);
  });

  it("keeps mount-isolated environments in the root namespace with prefixed mounts", () => {
    const test = planInventory(fixtureInventory("acme.yaml")).environments.find((e) => e.name === "test")!;
    const input = vaultAuditEnvironmentInput(test)!;
    expect(input.namespace).toBeUndefined();
    expect(input.mounts.kv).toBe(`${test.vault!.mountPrefix}/kv`);
  });

  it("gives every environment of the shipped fixtures one filter per signal (no split needed)", () => {
    for (const name of ["acme.yaml", "realworld.yaml"] as const) {
      for (const env of planInventory(fixtureInventory(name)).environments) {
        const input = vaultAuditEnvironmentInput(env);
        if (!input) continue;
        expect(vaultAuditEnvironmentSignals(input).map((s) => s.id)).toEqual([
          "vault-permission-denied",
          "vault-quarantined-access",
          "vault-login-unknown-role",
          "vault-secret-reads",
        ]);
      }
    }
  });
});
