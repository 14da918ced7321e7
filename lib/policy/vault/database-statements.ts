/*
 * SQL that Vault's database engine runs for a dynamic role. PostgreSQL and MySQL (and MariaDB) get
 * read-only defaults; every other system gives its statements in the spec (validation says so).
 * `{{name}}`, `{{password}}` and `{{expiration}}` are Vault's placeholders, filled in by Vault:
 * no value ever passes through Terraform.
 */
import type { CredentialOf } from "../../inventory/model";

export interface DatabaseStatements {
  readonly creation: readonly string[];
  readonly revocation: readonly string[];
}

/** The database plugin of a connection for a system (validation refuses a system with none). */
export { DATABASE_PLUGINS } from "../../inventory/database-systems";

function pgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function myIdent(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

/**
 * Statements of a dynamic role: the spec's when given, else read-only defaults for PostgreSQL
 * (SELECT on the schema `public` of the named database) and MySQL/MariaDB (SELECT on the database).
 */
export function dynamicRoleStatements(system: string, credential: CredentialOf<"dynamic-database">): DatabaseStatements | undefined {
  if (credential.statements) return { creation: [...credential.statements.creation], revocation: [...credential.statements.revocation] };
  const database = credential.database.name;
  if (system === "postgresql") {
    return {
      creation: [
        `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
        ...(database ? [`GRANT CONNECT ON DATABASE ${pgIdent(database)} TO "{{name}}";`] : []),
        `GRANT USAGE ON SCHEMA public TO "{{name}}";`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`,
      ],
      revocation: [
        `REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM "{{name}}";`,
        `REVOKE USAGE ON SCHEMA public FROM "{{name}}";`,
        ...(database ? [`REVOKE CONNECT ON DATABASE ${pgIdent(database)} FROM "{{name}}";`] : []),
        `DROP ROLE IF EXISTS "{{name}}";`,
      ],
    };
  }
  if (system === "mysql" || system === "mariadb") {
    return {
      creation: [
        `CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}' REQUIRE SSL;`,
        `GRANT SELECT ON ${database ? myIdent(database) : "*"}.* TO '{{name}}'@'%';`,
      ],
      revocation: [`DROP USER IF EXISTS '{{name}}'@'%';`],
    };
  }
  return undefined;
}

/**
 * Connection URL template of a connection; Vault substitutes the bootstrap login. TLS is required
 * (verify-full for PostgreSQL and Redshift, tls=true for MySQL).
 */
export function connectionUrl(plugin: string, host: string, port: number | undefined, database: string | undefined): string {
  // Vault's own template placeholders: Vault fills in the bootstrap login, so no value is here.
  const login = "{{username}}:{{password}}@";
  switch (plugin) {
    case "postgresql":
      return `postgresql://${login}${host}:${port ?? 5432}/${database ?? "postgres"}?sslmode=verify-full`;
    case "redshift":
      return `postgresql://${login}${host}:${port ?? 5439}/${database ?? "dev"}?sslmode=verify-full`;
    case "mysql":
      return `${login}tcp(${host}:${port ?? 3306})/${database ?? ""}?tls=true`;
    case "mssql":
      return `sqlserver://${login}${host}:${port ?? 1433}${database ? `?database=${database}&encrypt=true` : "?encrypt=true"}`;
    default:
      return `{{username}}/{{password}}@${host}${port ? `:${port}` : ""}${database ? `/${database}` : ""}`;
  }
}
