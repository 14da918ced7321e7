import { DatabaseSecretBackendConnection } from "@cdktf/provider-vault/lib/database-secret-backend-connection";
import { DatabaseSecretBackendRole } from "@cdktf/provider-vault/lib/database-secret-backend-role";
import { DatabaseSecretBackendStaticRole } from "@cdktf/provider-vault/lib/database-secret-backend-static-role";
import { Mount } from "@cdktf/provider-vault/lib/mount";
import { environment, fixture, fixtureDocument, inventoryFrom, synthVault, type Doc } from "./support";

const acme = fixture("acme.yaml");

describe("DatabaseConnection", () => {
  const prod = synthVault(environment(acme, "prod"));

  it("mounts one database engine per environment and one connection per connector credential, with exactly its roles", () => {
    expect(prod.synthesized).toHaveResourceWithProperties(Mount, {
      path: "database",
      type: "database",
      lifecycle: { prevent_destroy: true },
    });
    expect(prod.synthesized).toHaveResourceWithProperties(DatabaseSecretBackendConnection, {
      backend: "database",
      name: "orders-postgres-main",
      allowed_roles: ["orders-postgres-main-orders-cdc", "orders-postgres-main-orders-nightly", "orders-postgres-main_operator"],
      verify_connection: true,
    });
  });

  it("sends the bootstrap password write-only, from an ephemeral sensitive variable without default", () => {
    const connection = prod.find("vault_database_secret_backend_connection", "name", "orders-postgres-main");
    expect(connection.postgresql).toEqual({
      connection_url: "postgresql://{{username}}:{{password}}@orders-db.prod.internal:5432/orders?sslmode=verify-full",
      username: "vault-admin",
      password_wo: "${var.vault_db_bootstrap_orders_postgres_main}",
      password_wo_version: 1,
    });
    expect(connection.postgresql.password).toBeUndefined();
    const variable = prod.json.variable.vault_db_bootstrap_orders_postgres_main;
    expect(variable).toMatchObject({ ephemeral: true, sensitive: true, nullable: false, type: "string" });
    expect(variable.default).toBeUndefined();
    expect(variable.description).toContain("vault write -f database/rotate-root/orders-postgres-main");
  });

  it("creates a role per consumer with PostgreSQL creation and revocation statements and TTLs from the spec or the lease exception", () => {
    expect(prod.synthesized).toHaveResourceWithProperties(DatabaseSecretBackendRole, {
      name: "orders-postgres-main-orders-nightly",
      default_ttl: 3600,
      max_ttl: 14400,
      creation_statements: [
        `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
        `GRANT CONNECT ON DATABASE "orders" TO "{{name}}";`,
        `GRANT USAGE ON SCHEMA public TO "{{name}}";`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`,
      ],
    });
    const cdc = prod.find("vault_database_secret_backend_role", "name", "orders-postgres-main-orders-cdc");
    expect(cdc.max_ttl).toBe(86400);
    expect(cdc.revocation_statements.at(-1)).toBe(`DROP ROLE IF EXISTS "{{name}}";`);
    expect(cdc.db_name).toMatch(/^\$\{vault_database_secret_backend_connection\..*\.name\}$/);
  });

  it("keeps each connector's own address per environment", () => {
    const staging = synthVault(environment(acme, "staging"));
    expect(staging.find("vault_database_secret_backend_connection", "name", "orders-postgres-main").postgresql.connection_url).toContain(
      "orders-db.staging.internal",
    );
  });

  it("uses MySQL statements for mysql, and the spec's own statements for other systems (Redshift)", () => {
    const doc = fixtureDocument("acme.yaml");
    const orders = doc.connectors.find((c: Doc) => c.id === "orders-postgres");
    orders.system = "mysql";
    const mysql = synthVault(environment(inventoryFrom(doc), "prod"));
    const role = mysql.find("vault_database_secret_backend_role", "name", "orders-postgres-main-orders-nightly");
    expect(role.creation_statements).toEqual([
      `CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}' REQUIRE SSL;`,
      "GRANT SELECT ON `orders`.* TO '{{name}}'@'%';",
    ]);
    expect(role.revocation_statements).toEqual([`DROP USER IF EXISTS '{{name}}'@'%';`]);
    expect(mysql.find("vault_database_secret_backend_connection", "name", "orders-postgres-main").mysql.connection_url).toBe(
      "{{username}}:{{password}}@tcp(orders-db.prod.internal:5432)/orders?tls=true",
    );

    const realworld = synthVault(environment(fixture("realworld.yaml"), "prod"));
    const redshift = realworld.find("vault_database_secret_backend_role", "name", "redshift-sink-db-finance-load");
    expect(redshift.creation_statements[0]).toBe(`CREATE USER "{{name}}" WITH PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`);
    expect(realworld.find("vault_database_secret_backend_connection", "name", "redshift-sink-db").redshift.password_wo).toBe(
      "${var.vault_db_bootstrap_redshift_sink_db}",
    );
  });

  it("rotates a Vault-stored rotated password with a static role at the spec's period", () => {
    const doc = fixtureDocument("acme.yaml");
    const archive = doc.connectors.find((c: Doc) => c.id === "billing-mysql");
    archive.store = "vault";
    archive.credential.database.username = "billing_etl";
    archive.consumers[0].auth = { method: "approle", cidrs: ["10.20.0.0/16"] };
    const synthesized = synthVault(environment(inventoryFrom(doc), "prod"));
    expect(synthesized.synthesized).toHaveResourceWithProperties(DatabaseSecretBackendStaticRole, {
      name: "billing-mysql-main",
      username: "billing_etl",
      rotation_period: 30 * 86400,
    });
    expect(synthesized.find("vault_database_secret_backend_connection", "name", "billing-mysql-main").allowed_roles).toEqual([
      "billing-mysql-main",
    ]);
  });

  it("never sees a system without a database plugin: validation refuses it (database-plugin-unknown)", () => {
    const doc = fixtureDocument("realworld.yaml");
    doc.connectors.find((c: Doc) => c.id === "redshift-sink").system = "teradata";
    expect(() => inventoryFrom(doc)).toThrow(/database-plugin-unknown/);
  });
});
