/*
 * `lifecycle.quarantinedOn`: accepted as a date, carried to the audit's declared side for a
 * quarantined credential only, and never into a synthesized tag (the register tags are unchanged).
 */
import { declaredOf } from "../../lib/audit/declared";
import { planInventory } from "../../lib/plan/inventory-plan";
import { validateInventoryText } from "../../lib/inventory/load";
import { stringify } from "yaml";
import { fixtureDocument } from "../support/inventories";
import { loadInventoryFromDocument } from "../support/vault-audit-inventory";

function withQuarantinedOn(connector: string, day: string) {
  const doc = fixtureDocument("acme.yaml");
  doc.connectors.find((c: any) => c.id === connector).lifecycle.quarantinedOn = day;
  return doc;
}

describe("lifecycle.quarantinedOn", () => {
  it("reaches the audit for a quarantined credential, and nothing else of the plan", () => {
    const inventory = loadInventoryFromDocument(withQuarantinedOn("legacy-ftp", "2026-05-01"));
    const prod = planInventory(inventory).environments.find((e) => e.name === "prod")!;
    const legacy = declaredOf(prod, inventory.retirements, []).credentials.find((c) => c.id === "legacy-ftp/main")!;
    expect(legacy.state).toBe("quarantined");
    expect(legacy.quarantinedOn).toBe("2026-05-01");
    const plain = planInventory(loadInventoryFromDocument(fixtureDocument("acme.yaml"))).environments.find((e) => e.name === "prod")!;
    const tags = (plan: typeof prod) => JSON.stringify(plan.credentials.map((c) => [c.aws?.tags, c.vault]));
    expect(tags(prod)).toBe(tags(plain));
  });

  it("is ignored by the audit on a credential that is not quarantined", () => {
    const inventory = loadInventoryFromDocument(withQuarantinedOn("stripe-api", "2026-05-01"));
    const prod = planInventory(inventory).environments.find((e) => e.name === "prod")!;
    expect(declaredOf(prod, inventory.retirements, []).credentials.find((c) => c.id === "stripe-api/main")!.quarantinedOn).toBeUndefined();
  });

  it("must be a date", () => {
    const result = validateInventoryText(stringify(withQuarantinedOn("legacy-ftp", "last spring")));
    expect(result.ok).toBe(false);
    expect(result.issues.some((i) => i.path.includes("quarantinedOn"))).toBe(true);
  });
});
