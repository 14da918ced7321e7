/*
 * Set-up of the Vault-side live run: a generated copy of the fixture (the server's port, the
 * PostgreSQL and, when the fixture has MySQL-family connectors, the MariaDB of the run, the PUBLIC key
 * of a key pair minted here, the run's CA certificate for a Kubernetes cluster), synth through the CLI,
 * OpenBao started with the audit stanza the synth emitted, then every stack applied with the live
 * applier (setUpLiveEnvironment) or with OpenTofu and the real provider (tools/live/provider-round-trip.ts).
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "pg";
import { parse, stringify } from "yaml";
import { applyVaultStack, type ApplyResult } from "../../../tools/live/apply-vault-stack";
import { VaultClient } from "../../../tools/live/vault-client";
import { createConnection } from "mysql2/promise";
import { freePort, REPO, startMariaDb, startOpenBao, startPostgres, type MariaDb, type OpenBaoServer, type Postgres } from "./engines";

export const FIXTURE = join(REPO, "test/fixtures/live/vault-only.yaml");
export const JWT_ISSUER = "https://ci.live-etl.example";
export const JWT_AUDIENCE = "vault.live-etl.example";

export interface LiveEnvironment {
  readonly workDir: string;
  readonly inventoryFile: string;
  readonly synthDir: string;
  readonly bao: OpenBaoServer;
  readonly root: VaultClient;
  readonly pg: Postgres;
  /** Started when the fixture has MySQL-family database connectors. */
  readonly mariadb?: MariaDb;
  readonly auditFile: string;
  readonly syslogFile: string;
  /** Stacks in apply order: the cluster stack first. */
  readonly stacks: readonly { name: string; file: string }[];
  readonly firstApply: readonly ApplyResult[];
  readonly variables: Readonly<Record<string, string>>;
  /** Every secret value the run handled (bootstrap passwords...), for the audit-log check. */
  readonly secrets: string[];
  mintJwt(claims: Record<string, unknown>): string;
  applyAll(): Promise<ApplyResult[]>;
  stop(): Promise<void>;
}

export function randomSecret(prefix: string): string {
  return `${prefix}-${randomBytes(18).toString("hex")}`;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

function mintJwt(privateKey: KeyObject, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "live" }));
  const now = Math.floor(Date.now() / 1000);
  const payload = base64url(JSON.stringify({ iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: now - 5, nbf: now - 5, exp: now + 300, ...claims }));
  const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** PEM text as a key or certificate file holds it: ending with a newline. */
function pemFileText(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** The engine a connector's database runs on in the live run. */
function engineOf(system: string): "postgresql" | "mysql" {
  if (system === "postgresql") return "postgresql";
  if (system === "mysql" || system === "mariadb") return "mysql";
  throw new Error(`the live run has no database engine for system ${system}`);
}

/** The fixture with this run's address, databases and public keys; written beside the synth output. */
function generateInventory(fixture: string, address: string, databases: Databases, publicKeyPem: string): string {
  const doc = parse(readFileSync(fixture, "utf8")) as Record<string, any>;
  for (const environment of doc.environments) {
    environment.vault.address = address;
    for (const issuer of environment.vault.auth?.jwt ?? []) issuer.publicKeys = [pemFileText(publicKeyPem)];
    // The run's CA certificate stands in for a cluster's (public, and ends with a newline as a file does).
    for (const cluster of environment.vault.auth?.kubernetes ?? []) {
      if (cluster.caCert === "LIVE_KUBERNETES_CA_CERT") cluster.caCert = pemFileText(readFileSync(databases.pg.caFile, "utf8"));
    }
  }
  for (const connector of doc.connectors) {
    const database = connector.credential?.database;
    if (!database) continue;
    const server = engineOf(connector.system) === "postgresql" ? databases.pg : databases.mariadb;
    if (!server) throw new Error(`connector ${connector.id} needs MariaDB, which the run did not start`);
    database.host = server.host;
    database.port = server.port;
  }
  const text = stringify(doc);
  if (text.includes("LIVE_")) throw new Error("a placeholder of the live fixture was not replaced");
  return text;
}

interface Databases {
  readonly pg: Postgres;
  readonly mariadb?: MariaDb;
}

/** A login Vault's database engine uses (bootstrap) or a user a static role rotates. */
interface DatabaseUser {
  readonly engine: "postgresql" | "mysql";
  readonly username: string;
}

/** Roles Vault's database engine logs in with, and the user its static role rotates. */
async function prepareDatabase(pg: Postgres, passwords: Record<string, string>, staticUsers: readonly string[]): Promise<void> {
  const client = new Client({
    host: pg.host,
    port: pg.port,
    user: pg.adminUser,
    password: pg.adminPassword,
    database: "postgres",
    ssl: { ca: readFileSync(pg.caFile, "utf8") },
  });
  await client.connect();
  try {
    const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
    // A role an earlier run on the same server prepared holds privileges: revoke them before the drop.
    const dropRole = async (role: string) => {
      if ((await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount)
        await client.query(`DROP OWNED BY "${role}" CASCADE`);
      await client.query(`DROP ROLE IF EXISTS "${role}"`);
    };
    for (const [role, password] of Object.entries(passwords)) {
      await dropRole(role);
      await client.query(`CREATE ROLE "${role}" WITH LOGIN CREATEROLE PASSWORD ${literal(password)}`);
    }
    await client.query(`DROP TABLE IF EXISTS public.live_orders`);
    await client.query(`CREATE TABLE public.live_orders (id int PRIMARY KEY, amount numeric)`);
    await client.query(`INSERT INTO public.live_orders VALUES (1, 10.5), (2, 20)`);
    for (const role of Object.keys(passwords)) {
      await client.query(`GRANT CONNECT ON DATABASE postgres TO "${role}" WITH GRANT OPTION`);
      await client.query(`GRANT USAGE ON SCHEMA public TO "${role}" WITH GRANT OPTION`);
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO "${role}" WITH GRANT OPTION`);
    }
    for (const user of staticUsers) {
      await dropRole(user);
      await client.query(`CREATE ROLE "${user}" WITH LOGIN PASSWORD ${literal(randomSecret("initial"))}`);
      await client.query(`GRANT SELECT ON public.live_orders TO "${user}"`);
    }
  } finally {
    await client.end();
  }
}

/** The same on MariaDB: administrative logins for Vault (all privileges, grant option), rotated users, a table. */
async function prepareMariaDb(
  mariadb: MariaDb,
  databases: readonly string[],
  passwords: Record<string, string>,
  staticUsers: readonly string[],
): Promise<void> {
  const connection = await createConnection({
    host: mariadb.host,
    port: mariadb.port,
    user: mariadb.adminUser,
    password: mariadb.adminPassword,
  });
  try {
    for (const database of databases) {
      await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
      await connection.query(`CREATE TABLE IF NOT EXISTS \`${database}\`.live_invoices (id int PRIMARY KEY, amount decimal(10,2))`);
    }
    for (const [user, password] of Object.entries(passwords)) {
      await connection.query("DROP USER IF EXISTS ?@'%'", [user]);
      await connection.query("CREATE USER ?@'%' IDENTIFIED BY ?", [user, password]);
      await connection.query("GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION", [user]);
    }
    for (const user of staticUsers) {
      await connection.query("DROP USER IF EXISTS ?@'%'", [user]);
      await connection.query("CREATE USER ?@'%' IDENTIFIED BY ?", [user, randomSecret("initial")]);
      for (const database of databases) await connection.query(`GRANT SELECT ON \`${database}\`.* TO ?@'%'`, [user]);
    }
  } finally {
    await connection.end();
  }
}

const CONNECTION_ENGINES = ["postgresql", "mysql"] as const;

function connectionEngine(connection: Record<string, any>): "postgresql" | "mysql" {
  const engines = CONNECTION_ENGINES.filter((engine) => connection[engine] !== undefined);
  if (engines.length !== 1)
    throw new Error(
      `database connection ${connection.name}: the live run serves postgresql or mysql, found ${Object.keys(connection).join(", ")}`,
    );
  return engines[0];
}

const details = (connection: Record<string, any>, engine: string) =>
  Array.isArray(connection[engine]) ? connection[engine][0] : connection[engine];

/** Database users the static roles of a stack rotate (they exist before Vault manages them). */
function staticRoleUsers(stackFile: string): DatabaseUser[] {
  const stack = JSON.parse(readFileSync(stackFile, "utf8"));
  const connections = stack.resource?.vault_database_secret_backend_connection ?? {};
  return Object.values<any>(stack.resource?.vault_database_secret_backend_static_role ?? {}).map((role) => {
    const reference = /^\$\{vault_database_secret_backend_connection\.([^.]+)\.name\}$/.exec(role.db_name)?.[1];
    const connection = reference ? connections[reference] : Object.values<any>(connections).find((c) => c.name === role.db_name);
    if (!connection) throw new Error(`static role ${role.name}: no connection ${role.db_name} in the stack`);
    return { engine: connectionEngine(connection), username: role.username as string };
  });
}

/** `vault_database_secret_backend_connection` logins of a stack, by the variable feeding their password. */
function bootstrapLogins(stackFile: string): Record<string, DatabaseUser> {
  const stack = JSON.parse(readFileSync(stackFile, "utf8"));
  const logins: Record<string, DatabaseUser> = {};
  for (const connection of Object.values<any>(stack.resource?.vault_database_secret_backend_connection ?? {})) {
    const engine = connectionEngine(connection);
    const settings = details(connection, engine);
    const variable = /^\$\{var\.([^}]+)\}$/.exec(settings?.password_wo ?? "")?.[1];
    if (!variable) throw new Error(`database connection ${connection.name} has no write-only password variable`);
    logins[variable] = { engine, username: settings.username };
  }
  return logins;
}

/** Database names of a stack's mysql connection URLs (`.../<name>?tls=true`). */
function mysqlDatabases(stackFile: string): string[] {
  const stack = JSON.parse(readFileSync(stackFile, "utf8"));
  return Object.values<any>(stack.resource?.vault_database_secret_backend_connection ?? {})
    .filter((connection) => connectionEngine(connection) === "mysql")
    .map((connection) => /\)\/([^?]+)/.exec(details(connection, "mysql").connection_url)?.[1])
    .filter((name): name is string => !!name);
}

/** A live run before anything is applied: servers up, databases prepared, stacks synthesized. */
export type PreparedLiveRun = Omit<LiveEnvironment, "firstApply" | "applyAll">;

export interface PrepareOptions {
  /** @default test/fixtures/live/vault-only.yaml */
  readonly fixture?: string;
}

export async function setUpLiveEnvironment(log: (line: string) => void, options: PrepareOptions = {}): Promise<LiveEnvironment> {
  const run = await prepareLiveRun(options);
  const applyAll = async () => {
    const results: ApplyResult[] = [];
    for (const stack of run.stacks) {
      log(`== apply ${stack.name}`);
      results.push(
        await applyVaultStack({
          stack: stack.file,
          address: run.bao.address,
          token: run.bao.rootToken,
          variables: run.variables,
          stateFile: join(run.workDir, `${stack.name}.live-state.json`),
          log,
        }),
      );
    }
    return results;
  };
  let firstApply: ApplyResult[];
  try {
    firstApply = await applyAll();
  } catch (error) {
    await run.stop();
    throw error;
  }
  return { ...run, firstApply, applyAll };
}

/**
 * The fixture synthesized through the CLI, OpenBao started with the audit stanza the synth emitted,
 * PostgreSQL prepared for the stacks' database connections; nothing applied (the live applier or the
 * real provider does that).
 */
export async function prepareLiveRun(options: PrepareOptions = {}): Promise<PreparedLiveRun> {
  const fixture = options.fixture ?? FIXTURE;
  const workDir = mkdtempSync(join(process.env.LIVE_WORK_DIR ?? tmpdir(), "live-vault-"));
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const pg = startPostgres();
  const needsMariaDb = (
    (parse(readFileSync(fixture, "utf8")) as { connectors: { system: string; credential?: { database?: unknown } }[] }).connectors ?? []
  ).some((connector) => connector.credential?.database !== undefined && engineOf(connector.system) === "mysql");
  // The same server certificate as PostgreSQL's, so the one CA OpenBao trusts covers both.
  const mariadb = needsMariaDb ? startMariaDb(dirname(pg.caFile)) : undefined;
  const stopDatabases = () => {
    try {
      mariadb?.stop();
    } finally {
      pg.stop();
    }
  };
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const inventoryFile = join(workDir, "vault-only.generated.yaml");
  writeFileSync(inventoryFile, generateInventory(fixture, address, { pg, mariadb }, publicKeyPem));
  const synthDir = join(workDir, "synth");
  execFileSync(join(REPO, "bin/etl-secrets"), ["synth", inventoryFile, "--out", synthDir], {
    cwd: REPO,
    stdio: ["ignore", "ignore", "pipe"],
  });

  const stackDirs = readdirSync(join(synthDir, "stacks")).sort();
  const clusterStacks = stackDirs.filter((name) => existsSync(join(synthDir, "stacks", name, "openbao-audit.hcl")));
  if (clusterStacks.length !== 1)
    throw new Error(`expected one cluster stack with openbao-audit.hcl, found [${clusterStacks.join(", ")}] in ${stackDirs.join(", ")}`);
  const auditStanza = readFileSync(join(synthDir, "stacks", clusterStacks[0], "openbao-audit.hcl"), "utf8");
  // The stanza is used as emitted; only the file device's path is deployment-specific.
  const auditFile = join(workDir, "audit", "audit.log");
  mkdirSync(join(workDir, "audit"), { recursive: true });
  const stanza = auditStanza.replace(/file_path\s*=\s*"[^"]*"/, `file_path = "${auditFile}"`);
  if (!stanza.includes(auditFile)) throw new Error("the emitted audit stanza has no file device with a file_path");
  const syslogFile = join(workDir, "audit", "syslog.log");
  const bao = await startOpenBao([stanza], join(workDir, "openbao"), { syslogFile, caFile: pg.caFile, port });
  const root = new VaultClient(bao.address, bao.rootToken);

  const stacks = [clusterStacks[0], ...stackDirs.filter((name) => name !== clusterStacks[0])].map((name) => ({
    name,
    file: join(synthDir, "stacks", name, "cdk.tf.json"),
  }));
  const variables: Record<string, string> = {};
  const logins: Record<"postgresql" | "mysql", Record<string, string>> = { postgresql: {}, mysql: {} };
  for (const stack of stacks) {
    for (const [variable, { engine, username }] of Object.entries(bootstrapLogins(stack.file))) {
      // One password per login: two connections logging in as one user share it.
      variables[variable] = logins[engine][username] ?? randomSecret("bootstrap");
      logins[engine][username] = variables[variable];
    }
  }
  const staticUsers = stacks.flatMap((stack) => staticRoleUsers(stack.file));
  const usersOf = (engine: "postgresql" | "mysql") => staticUsers.filter((user) => user.engine === engine).map((user) => user.username);
  try {
    if (Object.keys(logins.postgresql).length > 0 || usersOf("postgresql").length > 0)
      await prepareDatabase(pg, logins.postgresql, usersOf("postgresql"));
    if (mariadb)
      await prepareMariaDb(mariadb, [...new Set(stacks.flatMap((stack) => mysqlDatabases(stack.file)))], logins.mysql, usersOf("mysql"));
  } catch (error) {
    await bao.stop();
    stopDatabases();
    throw error;
  }
  return {
    workDir,
    inventoryFile,
    synthDir,
    bao,
    root,
    pg,
    mariadb,
    auditFile,
    syslogFile,
    stacks,
    variables,
    secrets: [...Object.values(variables)],
    mintJwt: (claims) => mintJwt(privateKey, claims),
    stop: async () => {
      try {
        await bao.stop();
      } finally {
        stopDatabases();
        // The audit logs and server log stay for a look when LIVE_KEEP is set.
        if (!process.env.LIVE_KEEP) rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}
