/*
 * The Vault static-role watcher against real engines: OpenBao 2.7.2 rotates a PostgreSQL user's
 * password through a database static role, the watcher reads `last_vault_rotation` with a token of
 * the policy the library generates, and publishes to moto's SNS, read back through an SQS
 * subscription. OpenBao's AWS auth is an external plugin (ENGINES.md): the harness logs the watcher in
 * with a token of the generated policy instead (the AWS auth role itself is covered by the synth test).
 * Root namespace: the plan's namespace (etl/prod) is dropped from the event, the paths are the same.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { planInventory } from "../../lib/plan/inventory-plan";
import { planVaultStaticWatch, watchInputTemplate } from "../../lib/plan/vault-static-watch";
import { rotationWatchPolicyDocument } from "../../lib/policy/vault/rotation-watch-policy";
import { renderVaultPolicy } from "../../lib/policy/vault/policy-text";
import type { VaultWatchEvent } from "../../lib/rotation/vault/watch-contract";
import { createStaticRoleWatchHandler } from "../../lib/rotation/vault/watch-handler";
import { VaultClient, type VaultStaticRoleApi } from "../../lib/rotation/vault/vault-client";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument } from "../support/inventories";
import { randomSecret } from "../support/live/live-env";
import { startOpenBao, startPostgres, type OpenBaoServer, type Postgres } from "../support/live/engines";
import { startMotoSns, type MotoSns } from "../support/live/moto-sns";

const INTERVAL_MS = 900_000;

/** The plan of acme with billing-mysql's password in Vault, rotated by a database static role. */
function watchPlan() {
  const doc = fixtureDocument("acme.yaml");
  const billing = doc.connectors.find((c: { id: string }) => c.id === "billing-mysql");
  billing.store = "vault";
  billing.credential.database.username = "billing_etl";
  billing.consumers[0].auth = { method: "approle", cidrs: ["10.20.0.0/16"] };
  const result = validateDocument(doc);
  const prod = planInventory(result.inventory!).environments.find((e) => e.name === "prod")!;
  return { prod, watch: planVaultStaticWatch(prod)! };
}

describe("Vault static-role watcher, live (OpenBao + PostgreSQL + moto)", () => {
  const work = mkdtempSync(join(tmpdir(), "live-vault-watch-"));
  let pg: Postgres;
  let bao: OpenBaoServer;
  let moto: MotoSns;
  let watchToken: string;
  let rotatedTopic: string;
  let alarmTopic: string;
  const { prod, watch } = watchPlan();
  const role = watch.roles[0];

  const vault = async (method: string, path: string, body?: unknown, token = bao.rootToken) => {
    const response = await fetch(`${bao.address}/v1/${path}`, {
      method,
      headers: { "X-Vault-Token": token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** The watcher as deployed, but logged in with the harness's token (no AWS auth on OpenBao). */
  const handler = () => {
    const client = new VaultClient({ timeoutMs: 5000 });
    const withToken: VaultStaticRoleApi = {
      loginWithAwsIam: async () => watchToken,
      readStaticRole: (target, token, mount, name) => client.readStaticRole(target, token, mount, name),
    };
    return createStaticRoleWatchHandler({
      sink: () => undefined,
      vault: withToken,
      environment: {
        ...moto.environment(),
        ROTATED_TOPIC_ARN: rotatedTopic,
        ALARM_TOPIC_ARN: alarmTopic,
        ORGANIZATION: prod.organization,
        ENVIRONMENT: prod.name,
        VAULT_CLUSTER: watch.vaultCluster,
      },
    });
  };

  /** The event the synthesized rule sends at `time`, pointed at this run's OpenBao (root namespace). */
  const event = (time: number): VaultWatchEvent => {
    const parsed = JSON.parse(watchInputTemplate(watch, watch.parts[0]).replace("<time>", JSON.stringify(new Date(time).toISOString())));
    parsed.roles = parsed.roles.map((r: Record<string, string>) => {
      const { namespace: _namespace, ...rest } = r;
      return { ...rest, vaultAddress: bao.address };
    });
    return parsed;
  };

  beforeAll(async () => {
    pg = startPostgres();
    bao = await startOpenBao([], join(work, "bao"), { caFile: pg.caFile });
    moto = startMotoSns();

    const adminPassword = randomSecret("vault-admin");
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
      for (const name of ["billing_etl", "vault_watch_admin"]) {
        if ((await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name])).rowCount) await client.query(`DROP ROLE "${name}"`);
      }
      await client.query(`CREATE ROLE vault_watch_admin WITH LOGIN CREATEROLE PASSWORD '${adminPassword}'`);
      await client.query(`CREATE ROLE billing_etl WITH LOGIN PASSWORD '${randomSecret("initial")}'`);
      await client.query(`GRANT billing_etl TO vault_watch_admin WITH ADMIN OPTION`);
    } finally {
      await client.end();
    }

    expect((await vault("POST", "sys/mounts/database", { type: "database" })).status).toBe(204);
    const connection = await vault("POST", `database/config/${role.role}`, {
      plugin_name: "postgresql-database-plugin",
      // {{username}} and {{password}} are Vault's templates, filled by Vault from the fields below: no credential here.
      connection_url: `postgresql://{{username}}:{{password}}@${pg.host}:${pg.port}/postgres?sslmode=verify-full`,
      username: "vault_watch_admin",
      password: adminPassword,
      allowed_roles: [role.role],
    });
    expect([200, 204]).toContain(connection.status);
    const staticRole = await vault("POST", `database/static-roles/${role.role}`, {
      db_name: role.role,
      username: "billing_etl",
      rotation_period: 86400,
    });
    expect([200, 204]).toContain(staticRole.status);

    // The library's policy, applied as generated.
    const document = rotationWatchPolicyDocument(prod)!;
    expect((await vault("PUT", `sys/policies/acl/${document.name}`, { policy: renderVaultPolicy(document) })).status).toBe(204);
    const token = await vault("POST", "auth/token/create", { policies: [document.name], no_default_policy: true, ttl: "10m" });
    watchToken = token.body.auth.client_token;

    const topics = await moto.subscribe(["acme-data-prod-secret-rotated", "acme-data-prod-secrets-alarms"]);
    rotatedTopic = topics["acme-data-prod-secret-rotated"];
    alarmTopic = topics["acme-data-prod-secrets-alarms"];
  }, 180_000);

  afterAll(async () => {
    await bao?.stop();
    pg?.stop();
    moto?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("the generated policy reads the static role's definition and never its password", async () => {
    const definition = await vault("GET", `database/static-roles/${role.role}`, undefined, watchToken);
    expect(definition.status).toBe(200);
    expect(typeof definition.body.data.last_vault_rotation).toBe("string");
    expect((await vault("GET", `database/static-creds/${role.role}`, undefined, watchToken)).status).toBe(403);
    expect((await vault("POST", `database/rotate-role/${role.role}`, {}, watchToken)).status).toBe(403);
  });

  it("announces a rotation Vault made in exactly one of consecutive windows (its retry repeats it with the same dedupeId), with the static role's location and Vault's time", async () => {
    expect((await vault("POST", `database/rotate-role/${role.role}`, {})).status).toBe(204);
    const last: string = (await vault("GET", `database/static-roles/${role.role}`)).body.data.last_vault_rotation;
    const rotatedAt = Date.parse(last);
    await moto.drain();
    // The run whose window holds the rotation, a few seconds late as schedules are; then its retry; then the next window.
    const holding = Math.floor(rotatedAt / INTERVAL_MS) * INTERVAL_MS + INTERVAL_MS + 7_000;
    const before = holding - INTERVAL_MS;
    expect(Object.values(await handler()(event(before)))).toEqual(["quiet"]);
    expect(Object.values(await handler()(event(holding)))).toEqual(["rotated"]);
    expect(Object.values(await handler()(event(holding)))).toEqual(["rotated"]);
    expect(Object.values(await handler()(event(holding + INTERVAL_MS)))).toEqual(["quiet"]);
    const messages = await moto.drain();
    expect(messages).toHaveLength(2);
    const location = `vault:${watch.vaultCluster}/database/static-roles/${role.role}`;
    for (const message of messages) {
      expect(message).toEqual({
        event: "RotationSucceeded",
        organization: "acme-data",
        environment: "prod",
        connector: "billing-mysql",
        credential: "main",
        time: last,
        store: "vault",
        source: "vault-static-role",
        location,
        dedupeId: `${location}@${last}`,
      });
    }
  });

  it("reports on the alarm topic, once, a rotation that did not happen by its deadline", async () => {
    const last: string = (await vault("GET", `database/static-roles/${role.role}`)).body.data.last_vault_rotation;
    const deadline = Date.parse(last) + (86400 + 3600) * 1000;
    await moto.drain();
    const holding = Math.floor(deadline / INTERVAL_MS) * INTERVAL_MS + INTERVAL_MS;
    expect(Object.values(await handler()(event(holding)))).toEqual(["overdue"]);
    expect(Object.values(await handler()(event(holding + INTERVAL_MS)))).toEqual(["quiet"]);
    const messages = await moto.drain();
    expect(messages.map((m) => [m.event, m.connector, m.deadline])).toEqual([
      ["RotationOverdue", "billing-mysql", new Date(deadline).toISOString()],
    ]);
  });
});
