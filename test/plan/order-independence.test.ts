import fc from "fast-check";
import { planInventory } from "../../lib/plan/inventory-plan";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument } from "../support/inventories";
import { propertyRuns } from "../support/property-runs";

function shuffled<T>(items: readonly T[], order: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: order[i % order.length] + i / 1000 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

describe("plans never depend on inventory order", () => {
  for (const fixture of ["acme.yaml", "realworld.yaml"]) {
    it(`plans ${fixture} identically for any order of owners, environments, connectors and consumers`, () => {
      const expected = JSON.stringify(planInventory(validateDocument(fixtureDocument(fixture)).inventory!));
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }), (order) => {
          const doc = fixtureDocument(fixture);
          doc.owners = shuffled(doc.owners, order);
          doc.environments = shuffled(doc.environments, [...order].reverse());
          doc.connectors = shuffled(
            doc.connectors,
            order.map((n) => n * 7),
          );
          for (const connector of doc.connectors) connector.consumers = shuffled(connector.consumers ?? [], order);
          expect(JSON.stringify(planInventory(validateDocument(doc).inventory!))).toBe(expected);
        }),
        { numRuns: propertyRuns(40) },
      );
    });
  }

  it("leaves every other credential's plan unchanged when a connector is added", () => {
    const base = planInventory(validateDocument(fixtureDocument("acme.yaml")).inventory!);
    const doc = fixtureDocument("acme.yaml");
    doc.connectors.unshift({
      ...doc.connectors.find((c: { id: string }) => c.id === "stripe-api"),
      id: "adyen-api",
      consumers: [{ id: "adyen-ingest", auth: { method: "approle", cidrs: ["10.20.0.0/16"] } }],
    });
    const extended = planInventory(validateDocument(doc).inventory!);
    for (const env of base.environments) {
      const after = extended.environments.find((e) => e.name === env.name)!;
      for (const credential of env.credentials) {
        expect(after.credentials.find((c) => c.id === credential.id)).toEqual(credential);
      }
      for (const account of env.serviceAccounts) {
        expect(after.serviceAccounts.find((a) => a.id === account.id)).toEqual(account);
      }
    }
  });
});
