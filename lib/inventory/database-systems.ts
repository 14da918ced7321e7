/*
 * Which database systems the library can serve, in one table the validation and the policy builders
 * share: the plugin of Vault's database engine each system uses, and the systems whose creation and
 * revocation statements the library knows (every other system gives its own in the inventory).
 * Validation refuses a Vault database credential of a system with no plugin; the builders render
 * connections from the same table, so the two cannot disagree.
 */

/** The database plugin of Vault's database engine for a system (systems not listed have none). */
export const DATABASE_PLUGINS: Readonly<Record<string, "postgresql" | "mysql" | "redshift" | "mssql" | "oracle" | "snowflake" | "hana">> = {
  postgresql: "postgresql",
  mysql: "mysql",
  mariadb: "mysql",
  redshift: "redshift",
  mssql: "mssql",
  oracle: "oracle",
  snowflake: "snowflake",
  hana: "hana",
};

/** Systems whose dynamic-role statements the library knows (read-only defaults). */
export const SQL_SYSTEMS_WITH_BUILTIN_STATEMENTS = ["postgresql", "mysql", "mariadb"] as const;
