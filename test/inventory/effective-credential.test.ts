import { join } from "node:path";
import { defineInventory, effectiveCredential, loadInventory } from "../../lib/inventory";
import { inventoryWith } from "../support/inventory/base-inventory";

const INVENTORIES = join(__dirname, "..", "fixtures", "inventories");

describe("effectiveCredential", () => {
  describe("acme.yaml: the database host differs per environment", () => {
    const acme = loadInventory(join(INVENTORIES, "acme.yaml"));
    const orders = acme.connectors.find((c) => c.id === "orders-postgres")!;

    it.each([
      ["dev", "orders-db.dev.internal"],
      ["staging", "orders-db.staging.internal"],
      ["prod", "orders-db.prod.internal"],
    ])("in %s the host is %s, the other fields are the connector's", (environment, host) => {
      expect(effectiveCredential(orders, "main", environment)).toEqual({
        type: "dynamic-database",
        database: { host, port: 5432, name: "orders" },
        ttl: { default: "1h", max: "4h" },
      });
    });

    it("keeps defaults of the base credential under an override", () => {
      const archive = acme.connectors.find((c) => c.id === "orders-archive-postgres")!;

      expect(effectiveCredential(archive, "main", "prod")).toMatchObject({
        strategy: "alternating-users",
        master: "orders-db-admin",
        seeded: true,
        database: { host: "orders-db.prod.internal", name: "orders_archive" },
      });
    });

    it("returns the credential unchanged in an environment without overrides", () => {
      const stripe = acme.connectors.find((c) => c.id === "stripe-api")!;

      expect(effectiveCredential(stripe, "main", "test")).toBe(stripe.credentials.main);
    });

    it("does not change the connector's credential", () => {
      effectiveCredential(orders, "main", "dev");

      expect(orders.credentials.main).toMatchObject({ database: { host: "orders-db.internal" } });
    });
  });

  describe("realworld.yaml: a named credential overridden in one environment", () => {
    const realworld = loadInventory(join(INVENTORIES, "realworld.yaml"));
    const redshift = realworld.connectors.find((c) => c.id === "redshift-sink")!;

    it("merges credentials.db's override in dev only", () => {
      expect(effectiveCredential(redshift, "db", "dev")).toMatchObject({
        database: { host: "finance.redshift.dev.internal", port: 5439, name: "finance" },
      });
      expect(effectiveCredential(redshift, "db", "prod")).toMatchObject({ database: { host: "finance.redshift.internal" } });
    });

    it("leaves the connector's other credentials alone", () => {
      expect(effectiveCredential(redshift, "staging", "dev")).toBe(redshift.credentials.staging);
    });
  });

  it("applies top-level override fields to main only, not to other named credentials", () => {
    const inventory = defineInventory(
      inventoryWith((d) => {
        d.connectors[0].credentials = {
          main: d.connectors[0].credential,
          replica: { type: "dynamic-database", database: { host: "replica.internal" } },
        };
        delete d.connectors[0].credential;
        d.connectors[0].environments.dev = { database: { host: "dev.internal" } };
      }),
    );
    const connector = inventory.connectors[0];

    expect(effectiveCredential(connector, "main", "dev")).toMatchObject({ database: { host: "dev.internal" } });
    expect(effectiveCredential(connector, "replica", "dev")).toMatchObject({ database: { host: "replica.internal" } });
  });

  it("throws for a credential or environment the connector does not have", () => {
    const connector = defineInventory(inventoryWith(() => undefined)).connectors[0];

    expect(() => effectiveCredential(connector, "main", "staging")).toThrow("connector orders-postgres has no credential main in staging");
    expect(() => effectiveCredential(connector, "replica", "dev")).toThrow("connector orders-postgres has no credential replica in dev");
  });
});
