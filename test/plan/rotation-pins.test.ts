import { join } from "node:path";
import { planInventory } from "../../lib/plan/inventory-plan";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureInventory } from "../support/inventories";
import { yamlFileDocument } from "../support/yaml-file-document";

const ACME = join(__dirname, "..", "fixtures", "inventories", "acme.yaml");

function tagsOf(inventory: ReturnType<typeof fixtureInventory>, environment: string, credentialId: string): Record<string, string> {
  const env = planInventory(inventory).environments.find((e) => e.name === environment)!;
  return { ...env.credentials.find((c) => c.id === credentialId)!.aws!.tags };
}

/** acme.yaml with one change to its YAML document. */
function acmeWith(change: (doc: any) => void) {
  const doc = yamlFileDocument(ACME);
  change(doc);
  const result = validateDocument(doc);
  if (!result.inventory) throw new Error(JSON.stringify(result.issues));
  return result.inventory;
}

const pins = (tags: Record<string, string>) =>
  Object.fromEntries(Object.entries(tags).filter(([key]) => key.startsWith("rotation-") && key !== "rotation-exemption"));

describe("rotation pin tags of database secrets", () => {
  it("pin the declared user, the environment's host, the port, the database and verify-full", () => {
    const acme = fixtureInventory("acme.yaml");
    expect(pins(tagsOf(acme, "prod", "billing-mysql/main"))).toEqual({
      "rotation-user": "billing_sync",
      "rotation-host": "billing-db.prod.internal",
      "rotation-port": "3306",
      "rotation-database": "billing",
      "rotation-tls": "verify-full",
    });
    // alternating users pin the base user; the clone is derived by the function
    expect(pins(tagsOf(acme, "dev", "orders-archive-postgres/main"))).toMatchObject({
      "rotation-user": "orders_archiver",
      "rotation-host": "orders-db.dev.internal",
      "rotation-port": "5432",
    });
  });

  it("pin a weaker TLS mode only where the inventory declares it", () => {
    const inventory = acmeWith((doc) => {
      const billing = doc.connectors.find((c: any) => c.id === "billing-mysql");
      billing.credential.tls = "require";
      billing.environments = { dev: billing.environments.dev };
    });
    expect(tagsOf(inventory, "dev", "billing-mysql/main")["rotation-tls"]).toBe("require");
    const plaintext = acmeWith((doc) => {
      const billing = doc.connectors.find((c: any) => c.id === "billing-mysql");
      billing.credential.allowPlaintext = true;
      billing.environments = { dev: billing.environments.dev };
    });
    expect(tagsOf(plaintext, "dev", "billing-mysql/main")["rotation-tls"]).toBe("disable");
  });

  it("leave out the user pin when no user is declared (the function then refuses), and pin nothing on other kinds", () => {
    const inventory = acmeWith((doc) => void delete doc.connectors.find((c: any) => c.id === "billing-mysql").credential.database.username);
    expect(Object.keys(pins(tagsOf(inventory, "prod", "billing-mysql/main"))).sort()).toEqual([
      "rotation-database",
      "rotation-host",
      "rotation-port",
      "rotation-tls",
    ]);
    expect(pins(tagsOf(fixtureInventory("acme.yaml"), "prod", "hubspot-api/main"))).toEqual({});
  });
});
