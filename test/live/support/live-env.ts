/*
 * Set-up of the Vault-side live run: a generated copy of the fixture (the server's port, the
 * PostgreSQL of the run, the PUBLIC key of a key pair minted here), synth through the CLI, OpenBao
 * started with the audit stanza the synth emitted, every stack applied with the live applier.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { parse, stringify } from "yaml";
import { applyVaultStack, type ApplyResult } from "../../../tools/live/apply-vault-stack";
import { VaultClient } from "../../../tools/live/vault-client";
import { freePort, REPO, startOpenBao, startPostgres, type OpenBaoServer, type Postgres } from "./engines";

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

/** The fixture with this run's address, databases and JWT public key; written beside the synth output. */
function generateInventory(fixture: string, address: string, pg: Postgres, publicKeyPem: string): string {
  const doc = parse(readFileSync(fixture, "utf8")) as Record<string, any>;
  for (const environment of doc.environments) {
    environment.vault.address = address;
    for (const issuer of environment.vault.auth?.jwt ?? []) issuer.publicKeys = [publicKeyPem];
  }
  for (const connector of doc.connectors) {
    const database = connector.credential?.database;
    if (database) {
      database.host = pg.host;
      database.port = pg.port;
    }
  }
  const text = stringify(doc);
  if (text.includes("LIVE_")) throw new Error("a placeholder of the live fixture was not replaced");
  return text;
}

/** Roles Vault's database engine logs in with, and the user its static role rotates. */
async function prepareDatabase(pg: Postgres, passwords: Record<string, string>, staticUsers: readonly string[]): Promise<void> {
  const client = new Client({ host: pg.host, port: pg.port, user: pg.adminUser, password: pg.adminPassword, database: "postgres", ssl: { ca: readFileSync(pg.caFile, "utf8") } });
  await client.connect();
  try {
    const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
    for (const [role, password] of Object.entries(passwords)) {
      await client.query(`DROP ROLE IF EXISTS "${role}"`);
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
      await client.query(`DROP ROLE IF EXISTS "${user}"`);
      await client.query(`CREATE ROLE "${user}" WITH LOGIN PASSWORD ${literal(randomSecret("initial"))}`);
      await client.query(`GRANT SELECT ON public.live_orders TO "${user}"`);
    }
  } finally {
    await client.end();
  }
}

/** Database users the static roles of a stack rotate (they exist before Vault manages them). */
function staticRoleUsers(stackFile: string): string[] {
  const stack = JSON.parse(readFileSync(stackFile, "utf8"));
  return Object.values<any>(stack.resource?.vault_database_secret_backend_static_role ?? {}).map((role) => role.username as string);
}

/** `vault_database_secret_backend_connection` usernames of a stack, by the variable feeding their password. */
function bootstrapLogins(stackFile: string): Record<string, string> {
  const stack = JSON.parse(readFileSync(stackFile, "utf8"));
  const logins: Record<string, string> = {};
  for (const connection of Object.values<any>(stack.resource?.vault_database_secret_backend_connection ?? {})) {
    const details = Array.isArray(connection.postgresql) ? connection.postgresql[0] : connection.postgresql;
    const variable = /^\$\{var\.([^}]+)\}$/.exec(details?.password_wo ?? "")?.[1];
    if (!variable) throw new Error(`database connection ${connection.name} has no write-only password variable`);
    logins[variable] = details.username;
  }
  return logins;
}

/** A live run before anything is applied: servers up, databases prepared, stacks synthesized. */
export type PreparedLiveRun = Omit<LiveEnvironment, "firstApply" | "applyAll">;

export interface PrepareOptions {
  /** @default test/fixtures/live/vault-only.yaml */
  readonly fixture?: string;
}

export async function setUpLiveEnvironment(log: (line: string) => void): Promise<LiveEnvironment> {
  const run = await prepareLiveRun();
  const applyAll = async () => {
    const results: ApplyResult[] = [];
    for (const stack of run.stacks) {
      log(`== apply ${stack.name}`);
      results.push(await applyVaultStack({ stack: stack.file, address: run.bao.address, token: run.bao.rootToken, variables: run.variables, stateFile: join(run.workDir, `${stack.name}.live-state.json`), log }));
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
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const inventoryFile = join(workDir, "vault-only.generated.yaml");
  writeFileSync(inventoryFile, generateInventory(fixture, address, pg, publicKeyPem));
  const synthDir = join(workDir, "synth");
  execFileSync(join(REPO, "bin/etl-secrets"), ["synth", inventoryFile, "--out", synthDir], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });

  const stackDirs = readdirSync(join(synthDir, "stacks")).sort();
  const clusterStacks = stackDirs.filter((name) => existsSync(join(synthDir, "stacks", name, "openbao-audit.hcl")));
  if (clusterStacks.length !== 1) throw new Error(`expected one cluster stack with openbao-audit.hcl, found [${clusterStacks.join(", ")}] in ${stackDirs.join(", ")}`);
  const auditStanza = readFileSync(join(synthDir, "stacks", clusterStacks[0], "openbao-audit.hcl"), "utf8");
  // The stanza is used as emitted; only the file device's path is deployment-specific.
  const auditFile = join(workDir, "audit", "audit.log");
  mkdirSync(join(workDir, "audit"), { recursive: true });
  const stanza = auditStanza.replace(/file_path\s*=\s*"[^"]*"/, `file_path = "${auditFile}"`);
  if (!stanza.includes(auditFile)) throw new Error("the emitted audit stanza has no file device with a file_path");
  const syslogFile = join(workDir, "audit", "syslog.log");
  const bao = await startOpenBao([stanza], join(workDir, "openbao"), { syslogFile, caFile: pg.caFile, port });
  const root = new VaultClient(bao.address, bao.rootToken);

  const stacks = [clusterStacks[0], ...stackDirs.filter((name) => name !== clusterStacks[0])].map((name) => ({ name, file: join(synthDir, "stacks", name, "cdk.tf.json") }));
  const variables: Record<string, string> = {};
  const logins: Record<string, string> = {};
  for (const stack of stacks) {
    for (const [variable, username] of Object.entries(bootstrapLogins(stack.file))) {
      variables[variable] = randomSecret("bootstrap");
      if (logins[username] && logins[username] !== variables[variable]) variables[variable] = logins[username];
      logins[username] = variables[variable];
    }
  }
  try {
    await prepareDatabase(pg, logins, stacks.flatMap((stack) => staticRoleUsers(stack.file)));
  } catch (error) {
    await bao.stop();
    pg.stop();
    throw error;
  }
  return {
    workDir,
    inventoryFile,
    synthDir,
    bao,
    root,
    pg,
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
        pg.stop();
        // The audit logs and server log stay for a look when LIVE_KEEP is set.
        if (!process.env.LIVE_KEEP) rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}
