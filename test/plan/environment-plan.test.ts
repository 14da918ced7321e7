import { planInventory } from "../../lib/plan/inventory-plan";
import type { EnvironmentPlan } from "../../lib/plan/types";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument, fixtureInventory } from "../support/inventories";

const plan = planInventory(fixtureInventory("acme.yaml"));
const env = (name: string): EnvironmentPlan => plan.environments.find((e) => e.name === name)!;

describe("environment plan (acme)", () => {
  it("plans every environment in name order, each with its own stack", () => {
    expect(plan.environments.map((e) => [e.name, e.stackName, e.production])).toEqual([
      ["dev", "dev", false],
      ["prod", "prod", true],
      ["staging", "staging", false],
      ["test", "test", false],
    ]);
  });

  it("plans only the connectors that live in the environment, sorted by id", () => {
    expect(env("test").credentials.map((c) => c.id)).toEqual(["stripe-api/main"]);
    expect(env("prod").credentials.map((c) => c.id)).toEqual([
      "billing-mysql/main",
      "hubspot-api/main",
      "legacy-ftp/main",
      "orders-archive-postgres/main",
      "orders-db-admin/main",
      "orders-postgres/main",
      "stripe-api/main",
      "warehouse-mtls/main",
    ]);
  });

  it("gives namespace-isolated environments unprefixed mounts and mount-isolated ones a prefix", () => {
    expect(env("prod").vault).toMatchObject({ namespace: "etl/prod", mountPrefix: undefined, clusterStack: "vault-acme-example" });
    expect(env("prod").vault!.mounts.kv).toBe("kv");
    expect(env("test").vault).toMatchObject({
      isolation: "mount",
      namespace: undefined,
      mountPrefix: "etl-test",
      clusterStack: "vault-dev-acme-example",
    });
    expect(env("test").vault!.mounts.kv).toBe("etl-test/kv");
  });

  it("places Vault credentials at connectors/<connector>/<credential> with metadata beside them", () => {
    const stripe = env("test").credentials[0];
    expect(stripe.vault).toMatchObject({
      key: "connectors/stripe-api/main",
      dataPath: "etl-test/kv/data/connectors/stripe-api/main",
      metadataPath: "etl-test/kv/metadata/connectors/stripe-api/main",
      storedInKv: true,
    });
    expect(stripe.vault!.customMetadata).toMatchObject({
      owner: "growth-team",
      sensitivity: "high",
      regulations: "pci",
      "review-by": "2026-06-15",
    });
  });

  it("names AWS secrets <organization>/<environment>/<connector>/<credential> with register tags", () => {
    const billing = env("prod").credentials.find((c) => c.id === "billing-mysql/main")!;
    expect(billing.aws).toMatchObject({ secretName: "acme-data/prod/billing-mysql/main", recoveryWindowDays: 30, storesSecret: true });
    expect(billing.aws!.tags).toMatchObject({ environment: "prod", owner: "orders-team", sensitivity: "high", regulations: "sox" });
    expect(env("dev").credentials.find((c) => c.id === "billing-mysql/main")!.aws!.recoveryWindowDays).toBe(7);
  });

  it("cleans tag values of characters AWS refuses", () => {
    const admin = env("prod").credentials.find((c) => c.id === "orders-db-admin/main")!;
    expect(admin.aws!.tags.purpose).toBe("Administrative user that rotation uses to manage the archive job s user pair no job reads it");
  });

  it("applies per-environment overrides", () => {
    const orders = (name: string) => env(name).credentials.find((c) => c.id === "orders-postgres/main")!.credential;
    expect(orders("prod")).toMatchObject({ database: { host: "orders-db.prod.internal", port: 5432, name: "orders" } });
    expect(orders("dev")).toMatchObject({ database: { host: "orders-db.dev.internal" } });
  });

  it("resolves rotation per kind, waiting for the seed before Secrets Manager rotation", () => {
    const rotation = (id: string) => env("prod").credentials.find((c) => c.id === id)!.rotation;
    expect(rotation("orders-postgres/main")).toEqual({ mode: "dynamic", enabled: true });
    expect(rotation("billing-mysql/main")).toMatchObject({ mode: "secrets-manager", days: 30, target: "mysql-single-user", enabled: true });
    expect(rotation("orders-archive-postgres/main")).toMatchObject({ target: "postgresql-alternating-users" });
    expect(rotation("stripe-api/main")).toMatchObject({ mode: "reminder", days: 90, enabled: false });
    expect(rotation("hubspot-api/main")).toMatchObject({ mode: "broker", endpoint: "https://key-broker.internal/hubspot", enabled: true });
    expect(rotation("warehouse-mtls/main")).toEqual({ mode: "issued", enabled: true });
  });

  it("merges a consumer id declared under several connectors into one service account", () => {
    const accounts = env("prod").serviceAccounts;
    expect(accounts.map((a) => a.id)).toEqual([
      "billing-sync",
      "marketing-sync",
      "orders-archiver",
      "orders-cdc",
      "orders-nightly",
      "payments-ingest",
      "price-files",
      "warehouse-loader",
    ]);
  });

  it("takes token TTLs from the class table and bounds AppRole secret ids by tier", () => {
    const nightly = env("prod").serviceAccounts.find((a) => a.id === "orders-nightly")!;
    expect(nightly).toMatchObject({ sensitivity: "critical", tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 4 * 3600 });
    expect(nightly.approle).toEqual({ secretIdTtlSeconds: 600, secretIdUses: 1, cidrs: ["10.20.0.0/16"] });
    expect(env("dev").serviceAccounts.find((a) => a.id === "orders-nightly")!.approle!.secretIdUses).toBe(5);
  });

  it("grants a longer lease only with its written reason", () => {
    const cdc = env("prod").serviceAccounts.find((a) => a.id === "orders-cdc")!;
    expect(cdc.tokenMaxTtlSeconds).toBe(24 * 3600);
    expect(cdc.leaseException).toMatch(/replication connection/);
  });

  it("marks grants of a quarantined connector", () => {
    const priceFiles = env("prod").serviceAccounts.find((a) => a.id === "price-files")!;
    expect(priceFiles.grants).toEqual([expect.objectContaining({ credentialId: "legacy-ftp/main", quarantined: true })]);
  });

  it("has no administrative consumer for a credential without consumers", () => {
    expect(
      env("prod")
        .serviceAccounts.flatMap((a) => a.grants)
        .some((g) => g.connectorId === "orders-db-admin"),
    ).toBe(false);
  });
});

describe("environment plan: JWT public keys", () => {
  it("plans each key as the server stores it: no surrounding whitespace (a key file's last newline would drift forever)", () => {
    const key = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----";
    const doc = fixtureDocument("acme.yaml");
    doc.environments.find((e: Record<string, any>) => e.name === "prod").vault.auth = {
      jwt: [{ issuer: "https://ci.acme.example", publicKeys: [`${key}\n`] }],
    };
    const outcome = validateDocument(doc);
    expect(outcome.issues.filter((i) => i.severity === "error")).toEqual([]);
    const prod = planInventory(outcome.inventory!).environments.find((e) => e.name === "prod")!;
    expect(prod.vault!.authSettings.jwt["https://ci.acme.example"].publicKeys).toEqual([key]);
  });
});
