import { join } from "node:path";
import {
  CREDENTIAL_TYPES,
  defineInventory,
  InventoryError,
  inventorySchema,
  loadInventory,
  MAIN_CREDENTIAL,
  validateDocument,
  type InventoryInput,
} from "../../lib/inventory";
import { baseInventory, inventoryWith, messagesOf } from "../support/inventory/base-inventory";

const REALWORLD = join(__dirname, "..", "fixtures", "inventories", "realworld.yaml");

describe("defaults", () => {
  // GIVEN the base inventory, which leaves every defaulted field out
  const inventory = validateDocument(
    inventoryWith((doc) => {
      doc.connectors[1].credentials = { db: doc.connectors[1].credential };
      delete doc.connectors[1].credential;
      doc.connectors.push({
        id: "stripe-api",
        purpose: "Daily pull of payments",
        owner: "orders-team",
        system: "http-api",
        sensitivity: "high",
        store: "vault",
        credential: { type: "api-key", rotation: { reminder: true } },
        environments: { dev: {} },
        lifecycle: { createdOn: "2025-06-15", reviewBy: "2026-06-15" },
      });
    }),
  ).inventory!;
  const [orders, billing, stripe] = inventory.connectors;

  it("gives Vault edition community", () => {
    expect(inventory.environments[0].vault?.edition).toBe("community");
    expect(inventory.environments[1].vault?.edition).toBe("enterprise");
  });

  it("gives consumers access read", () => {
    expect(orders.consumers[0].access).toBe("read");
  });

  it("gives connectors no regulations, state active, destroyOnRetire false", () => {
    expect(orders.regulations).toEqual([]);
    expect(orders.lifecycle).toEqual({ createdOn: "2025-01-10", reviewBy: "2026-12-31", state: "active", destroyOnRetire: false });
  });

  it("gives connectors without consumers an empty list", () => {
    expect(stripe.consumers).toEqual([]);
  });

  it("gives rotated passwords strategy single-user and seeded false", () => {
    expect(billing.credentials.db).toMatchObject({ type: "rotated-password", strategy: "single-user", seeded: false });
  });

  it("gives reminder rotations reminder true, and key-pair rotations two slots", () => {
    const parsed = validateDocument(
      inventoryWith((doc) => {
        doc.connectors[1].credential = { type: "static-password", rotation: { days: 30 } };
        doc.connectors[0].credentials = {
          main: doc.connectors[0].credential,
          signing: { type: "key-pair", algorithm: "ed25519", rotation: { reminder: true } },
        };
        delete doc.connectors[0].credential;
      }),
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.inventory!.connectors[1].credentials.main).toEqual({ type: "static-password", rotation: { days: 30, reminder: true } });
    expect(parsed.inventory!.connectors[0].credentials.signing).toMatchObject({ rotation: { slots: 2 }, seeded: false });
  });

  it("gives api keys seeded false", () => {
    expect(stripe.credentials.main).toEqual({ type: "api-key", rotation: { reminder: true }, seeded: false });
  });

  it("gives an inventory without connectors an empty list", () => {
    const result = validateDocument(inventoryWith((doc) => void delete doc.connectors));
    expect(result.ok).toBe(true);
    expect(result.inventory!.connectors).toEqual([]);
  });
});

describe("the credential: shorthand", () => {
  it("becomes credentials.main", () => {
    const inventory = validateDocument(baseInventory()).inventory!;

    expect(MAIN_CREDENTIAL).toBe("main");
    expect(Object.keys(inventory.connectors[0].credentials)).toEqual(["main"]);
    expect(inventory.connectors[0].credentials.main.type).toBe("dynamic-database");
    expect(inventory.connectors[0]).not.toHaveProperty("credential");
  });

  it("keeps named credentials under their names", () => {
    const inventory = loadInventory(REALWORLD);
    const adsCredentials = inventory.connectors.find((c) => c.id === "google-ads")!.credentials;

    expect(Object.keys(adsCredentials)).toEqual(["oauth", "developer-token"]);
  });
});

describe("defineInventory", () => {
  it("returns a deeply frozen Inventory for a valid input", () => {
    // GIVEN a typed inventory written in code
    const input: InventoryInput = baseInventory();
    // WHEN it is defined
    const inventory = defineInventory(input);
    // THEN it is normalized and cannot be changed by later layers
    expect(inventory.organization).toBe("acme-data");
    expect(Object.isFrozen(inventory)).toBe(true);
    expect(Object.isFrozen(inventory.connectors[0].credentials.main)).toBe(true);
    expect(Object.isFrozen(inventory.environments[1].vault)).toBe(true);
    expect(() => {
      (inventory.connectors as unknown as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it("does not freeze or change the input it was given", () => {
    const input = baseInventory();
    defineInventory(input);

    expect(Object.isFrozen(input)).toBe(false);
    expect(input.connectors[0].consumers[0]).not.toHaveProperty("access");
  });

  it("throws one InventoryError that lists every issue, structural and cross-field", () => {
    const input = inventoryWith((doc) => {
      doc.connectors[0].owner = "nobody";
      doc.connectors[0].sensitivity = "secret";
      doc.environments[0].tier = "qa";
    });

    let thrown: unknown;
    try {
      defineInventory(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InventoryError);
    const error = thrown as InventoryError;
    expect(error.name).toBe("InventoryError");
    expect(error.issues.map((issue) => issue.code)).toEqual(["unknown-owner", "invalid-value", "invalid-value"]);
    expect(error.message).toMatchInlineSnapshot(`
"the inventory is invalid (3 error(s)):
  connectors[0].owner: "nobody" is not a declared owner; declared owners: orders-team
  connectors[0].sensitivity: must be one of critical | high | moderate | low, got text
  environments[0].tier: must be one of production | non-production, got "qa""
`);
  });
});

describe("the $schema key", () => {
  it("is allowed at the top, for editors", () => {
    const doc = inventoryWith((d) => void (d.$schema = "./node_modules/cdktf-etl-secrets/inventory.schema.json"));

    expect(messagesOf(doc)).toEqual([]);
  });

  it("is not part of the normalized inventory", () => {
    const inventory = defineInventory(inventoryWith((d) => void (d.$schema = "inventory.schema.json")));

    expect(inventory).not.toHaveProperty("$schema");
  });
});

describe("credential kinds", () => {
  it("every kind of realworld.yaml parses into its typed shape", () => {
    const inventory = loadInventory(REALWORLD);
    const kinds = new Set(inventory.connectors.flatMap((c) => Object.values(c.credentials).map((credential) => credential.type)));

    expect([...kinds].sort()).toMatchInlineSnapshot(`
[
  "api-key",
  "cloud-access-key",
  "cloud-role",
  "cloud-service-account-key",
  "dynamic-database",
  "generic",
  "key-pair",
  "oauth-client",
  "sasl",
  "ssh-key",
  "static-password",
]
`);
    for (const kind of kinds) expect(CREDENTIAL_TYPES).toContain(kind);
  });

  it("keeps the fields of each kind", () => {
    const inventory = loadInventory(REALWORLD);
    const byId = (id: string) => inventory.connectors.find((c) => c.id === id)!;

    expect(byId("salesforce-crm").credentials.main).toEqual({
      type: "oauth-client",
      grant: "refresh-token",
      refreshTokenRotates: true,
      clientSecretRotation: { days: 90, reminder: true },
    });
    expect(byId("snowflake-loader").credentials.main).toEqual({
      type: "key-pair",
      algorithm: "rsa-2048",
      rotation: { days: 30, slots: 2, endpoint: "https://key-broker.internal/snowflake" },
      seeded: false,
    });
    expect(byId("erp-mssql").credentials.tunnel).toEqual({
      type: "ssh-key",
      mode: "signed-certificate",
      principals: ["etl-tunnel"],
      ttl: "30m",
    });
    expect(byId("s3-landing").credentials.main).toMatchObject({ type: "cloud-role", provider: "aws", externalId: "acme-landing-7f3k" });
    expect(byId("kafka-events").credentials.main).toMatchObject({ type: "sasl", mechanism: "scram-sha-512", seeded: false });
    expect(byId("netsuite-erp").credentials.main).toMatchObject({
      type: "generic",
      fields: ["consumer_key", "consumer_secret", "token_id", "token_secret"],
    });
    expect(byId("redshift-sink").credentials.staging).toMatchObject({ type: "cloud-access-key", mode: "dynamic", seeded: false });
    expect(byId("bigquery-export").credentials.main).toMatchObject({ type: "cloud-service-account-key", provider: "gcp", mode: "dynamic" });
  });

  it("refuses an unknown kind with the list of kinds", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].credential = { type: "kerberos" }));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credential.type: must be one of dynamic-database | rotated-password | static-password | api-key | certificate | oauth-client | key-pair | ssh-key | cloud-access-key | cloud-service-account-key | cloud-role | sasl | generic, got "kerberos"",
]
`);
  });
});

describe("the zod schema", () => {
  it("is the single source: the base inventory parses with it directly", () => {
    expect(inventorySchema.safeParse(baseInventory()).success).toBe(true);
  });
});
