/*
 * The Vault static-role drill against real engines: OpenBao 2.7.2 manages a PostgreSQL user's
 * password through a database static role (mount-isolated non-production environment, root
 * namespace, mounts as the plan names them); the drill runs as the generated `dev-drill` policy
 * (a token of that policy alone stands in for a `dev-drillers` member), rotates, proves PostgreSQL
 * refuses the old password, and logs the AppRole consumer in with the generated consumer policy.
 * The harness writes the server objects the stack would (connections, static role, the dynamic
 * role with its synthesized statements, AppRole roles, policies); the AppRole role is not bound to the inventory's CIDRs here, because the harness
 * logs in from 127.0.0.1.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { serverObjectsOfJson } from "../../lib/analysis/identity/server-objects";
import { planInventory } from "../../lib/plan/inventory-plan";
import { vaultNames } from "../../lib/plan/names";
import { consumerPolicyDocument } from "../../lib/policy/vault/consumer-policy";
import { drillPolicyDocument } from "../../lib/policy/vault/drill-policy";
import { renderVaultPolicy } from "../../lib/policy/vault/policy-text";
import {
  planDrill,
  postgresLogin,
  RecordingVaultClient,
  runDrill,
  type DrillReport,
  type VaultStaticRoleTarget,
} from "../../lib/runbook/drill";
import { loadInventory } from "../../lib/inventory/load";
import { fixturePath } from "../support/inventories";
import { stackJson, synthFiles } from "../support/synth";
import { startOpenBao, startPostgres, type OpenBaoServer, type Postgres } from "../support/live/engines";
import { randomSecret } from "../support/live/live-env";

const inventory = loadInventory(fixturePath("drill.yaml"));
const inventoryPlan = planInventory(inventory);
const dev = inventoryPlan.environments.find((e) => e.name === "dev")!;
const mounts = dev.vault!.mounts;
const role = vaultNames.staticRole("orders-pg", "main");

describe("runbook --drill, live (OpenBao 2.7.2 + PostgreSQL)", () => {
  const work = mkdtempSync(join(tmpdir(), "live-drill-"));
  let pg: Postgres;
  let bao: OpenBaoServer;
  let drillToken: string;

  const vault = async (method: string, path: string, body?: unknown, token = bao.rootToken) => {
    const response = await fetch(`${bao.address}/v1/${path}`, {
      method,
      headers: { "X-Vault-Token": token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const ok = (status: number) => expect([200, 204]).toContain(status);
  const ssl = () => ({ ca: readFileSync(pg.caFile, "utf8"), rejectUnauthorized: true });
  const login = () => postgresLogin({ host: pg.host, port: pg.port, database: "postgres" }, ssl());

  beforeAll(async () => {
    pg = startPostgres();
    bao = await startOpenBao([], join(work, "bao"), { caFile: pg.caFile });

    const adminPassword = randomSecret("vault-admin");
    const admin = new Client({
      host: pg.host,
      port: pg.port,
      user: pg.adminUser,
      password: pg.adminPassword,
      database: "postgres",
      ssl: ssl(),
    });
    await admin.connect();
    try {
      for (const name of ["orders_etl", "vault_drill_admin"]) {
        if ((await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name])).rowCount) await admin.query(`DROP ROLE "${name}"`);
      }
      await admin.query(`CREATE ROLE vault_drill_admin WITH LOGIN CREATEROLE PASSWORD '${adminPassword}'`);
      await admin.query(`CREATE ROLE orders_etl WITH LOGIN PASSWORD '${randomSecret("initial")}'`);
      await admin.query(`GRANT orders_etl TO vault_drill_admin WITH ADMIN OPTION`);
    } finally {
      await admin.end();
    }

    // What the dev stack writes, at the plan's mount paths.
    ok((await vault("POST", `sys/mounts/${mounts.database}`, { type: "database" })).status);
    ok((await vault("POST", `sys/auth/${mounts.approle}`, { type: "approle" })).status);
    const connection = vaultNames.databaseConnection("orders-pg", "main");
    ok(
      (
        await vault("POST", `${mounts.database}/config/${connection}`, {
          plugin_name: "postgresql-database-plugin",
          // {{username}} and {{password}} are Vault's templates, filled by Vault from the fields below: no credential here.
          connection_url: `postgresql://{{username}}:{{password}}@${pg.host}:${pg.port}/postgres?sslmode=verify-full`,
          username: "vault_drill_admin",
          password: adminPassword,
          allowed_roles: [role],
        })
      ).status,
    );
    ok(
      (
        await vault("POST", `${mounts.database}/static-roles/${role}`, {
          db_name: connection,
          username: "orders_etl",
          rotation_period: 86400,
        })
      ).status,
    );

    // The library's policies, applied as generated.
    const nightly = dev.serviceAccounts.find((a) => a.id === "orders-nightly")!;
    const consumer = consumerPolicyDocument(dev, nightly);
    ok((await vault("PUT", `sys/policies/acl/${consumer.name}`, { policy: renderVaultPolicy(consumer) })).status);
    ok(
      (
        await vault("POST", `auth/${mounts.approle}/role/orders-nightly`, {
          token_policies: [consumer.name],
          secret_id_num_uses: 5,
          secret_id_ttl: "1h",
          token_ttl: "10m",
        })
      ).status,
    );
    // The dynamic credential: its connection (the test cluster's admin, who may grant on schema public) and the consumer's role as synthesized.
    const eventsConnection = vaultNames.databaseConnection("events-pg", "main");
    const eventsRole = vaultNames.databaseRole("events-pg", "main", "events-load");
    ok(
      (
        await vault("POST", `${mounts.database}/config/${eventsConnection}`, {
          plugin_name: "postgresql-database-plugin",
          // {{username}} and {{password}} are Vault's templates, filled by Vault from the fields below: no credential here.
          connection_url: `postgresql://{{username}}:{{password}}@${pg.host}:${pg.port}/postgres?sslmode=verify-full`,
          username: pg.adminUser,
          password: pg.adminPassword,
          allowed_roles: [eventsRole],
        })
      ).status,
    );
    const synthesized = Object.values(
      stackJson(synthFiles(inventory), dev.stackName).resource.vault_database_secret_backend_role as Record<string, any>,
    ).find((r) => r.name === eventsRole);
    ok(
      (
        await vault("POST", `${mounts.database}/roles/${eventsRole}`, {
          db_name: eventsConnection,
          creation_statements: synthesized.creation_statements,
          revocation_statements: synthesized.revocation_statements,
          default_ttl: synthesized.default_ttl,
          max_ttl: synthesized.max_ttl,
        })
      ).status,
    );
    const load = dev.serviceAccounts.find((a) => a.id === "events-load")!;
    const loadPolicy = consumerPolicyDocument(dev, load);
    ok((await vault("PUT", `sys/policies/acl/${loadPolicy.name}`, { policy: renderVaultPolicy(loadPolicy) })).status);
    ok(
      (
        await vault("POST", `auth/${mounts.approle}/role/events-load`, {
          token_policies: [loadPolicy.name],
          secret_id_num_uses: 5,
          secret_id_ttl: "1h",
          token_ttl: "10m",
        })
      ).status,
    );

    const drill = drillPolicyDocument(dev);
    expect(drill.name).toBe("dev-drill");
    ok((await vault("PUT", `sys/policies/acl/${drill.name}`, { policy: renderVaultPolicy(drill) })).status);
    const token = await vault("POST", "auth/token/create", { policies: [drill.name], no_default_policy: true, ttl: "10m" });
    drillToken = token.body.auth.client_token;
  }, 180_000);

  afterAll(async () => {
    await bao?.stop();
    pg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const drillOnce = async (): Promise<{ report: DrillReport; client: RecordingVaultClient; oldPassword: string }> => {
    const before = await vault("GET", `${mounts.database}/static-creds/${role}`);
    const oldPassword: string = before.body.data.password;
    const plan = planDrill(inventory, { connector: "orders-pg", environment: "dev" });
    let client: RecordingVaultClient | undefined;
    const report = await runDrill(plan, inventoryPlan, {
      vaultAddress: bao.address,
      vault: (target) => (client = new RecordingVaultClient({ address: target.address, namespace: target.namespace, token: drillToken })),
      database: () => login(),
      now: () => performance.now(),
    });
    return { report, client: client!, oldPassword };
  };

  it("rotates through rotate-role as dev-drill, PostgreSQL refuses the old password, the AppRole consumer logs in with the new one; Kubernetes is not checkable live", async () => {
    const { report, oldPassword } = await drillOnce();
    expect(report.outcome).toBe("passed");
    const main = report.credentials[0]!;
    expect(main).toMatchObject({ credential: "main", kind: "vault-static-role", result: "passed" });
    expect(main.consumers).toEqual([
      expect.objectContaining({ id: "orders-cdc", result: "not-checkable-live" }),
      expect.objectContaining({ id: "orders-nightly", method: "approle", result: "logged-in" }),
    ]);
    const t = main.timings!;
    expect(t.rotatedMs!).toBeGreaterThan(0);
    expect(t.oldRefusedMs!).toBeGreaterThanOrEqual(t.rotatedMs!);
    expect(t.consumersOkMs!).toBeGreaterThanOrEqual(t.oldRefusedMs!);
    // Independently of the drill: the old password is refused, the current one accepted.
    expect(await login()("orders_etl", oldPassword)).toBe("refused");
    const now = (await vault("GET", `${mounts.database}/static-creds/${role}`)).body.data.password;
    expect(now).not.toBe(oldPassword);
    expect(await login()("orders_etl", now)).toBe("accepted");
    expect(JSON.stringify(report)).not.toContain(oldPassword);
    expect(JSON.stringify(report)).not.toContain(now);
    console.log(`drill timings (ms): ${JSON.stringify(t)}`);
  }, 120_000);

  it("dynamic database: the consumer's lease is revoked through its session's revoke-self, PostgreSQL refuses it, a new lease logs in", async () => {
    const plan = planDrill(inventory, { connector: "events-pg", environment: "dev" });
    let client: RecordingVaultClient | undefined;
    const seen = new Set<string>();
    const report = await runDrill(plan, inventoryPlan, {
      vaultAddress: bao.address,
      vault: (target) => (client = new RecordingVaultClient({ address: target.address, namespace: target.namespace, token: drillToken })),
      database: () => async (user, password) => {
        seen.add(user);
        return login()(user, password);
      },
      now: () => performance.now(),
    });
    expect(report.outcome).toBe("passed");
    expect(report.credentials).toEqual([
      expect.objectContaining({
        credential: "main",
        kind: "vault-dynamic-database",
        result: "passed",
        consumers: [expect.objectContaining({ id: "events-load", result: "logged-in" })],
      }),
    ]);
    const t = report.credentials[0]!.timings!;
    expect(t.oldRefusedMs!).toBeGreaterThanOrEqual(t.revokedMs!);
    // The drill's own token read no lease: every creds read went with the consumer's session.
    expect(client!.requests.filter((r) => r.path.includes("/creds/")).length).toBe(2);
    for (const user of seen) expect(JSON.stringify(report)).not.toContain(user);
    // No lease of the drill outlives it: both sessions were revoked with their leases.
    const admin = new Client({
      host: pg.host,
      port: pg.port,
      user: pg.adminUser,
      password: pg.adminPassword,
      database: "postgres",
      ssl: ssl(),
    });
    await admin.connect();
    try {
      // Two leases, two users, both dropped by their revocation.
      expect(seen.size).toBe(2);
      let users = seen.size;
      for (let i = 0; i < 40 && users > 0; i++) {
        users = (await admin.query("SELECT 1 FROM pg_roles WHERE rolname = ANY($1)", [[...seen]])).rowCount ?? 0;
        if (users > 0) await new Promise((r) => setTimeout(r, 250));
      }
      expect(users).toBe(0);
    } finally {
      await admin.end();
    }
    console.log(`dynamic drill timings (ms): ${JSON.stringify(t)}`);
  }, 120_000);

  it("writes none of the objects the synthesized dev stack manages (recorded requests against server-objects.ts)", async () => {
    const { client } = await drillOnce();
    const files = synthFiles(inventory);
    const objects = serverObjectsOfJson({ [dev.stackName]: stackJson(files, dev.stackName) }, { [dev.stackName]: "dev" }).filter(
      (o) => o.store === "vault",
    );
    const managed = new Set(objects.map((o) => o.vault!.path));
    // The oracle sees the objects the drill stands next to (so the comparison is not vacuous).
    expect(managed).toContain(`${mounts.database}/static-roles/${role}`);
    expect(managed).toContain(`auth/${mounts.approle}/role/orders-nightly`);
    const writes = client.requests.filter((r) => r.method !== "GET");
    expect(writes.map((r) => r.path).sort()).toEqual(
      [
        `${mounts.database}/rotate-role/${role}`,
        `auth/${mounts.approle}/role/orders-nightly/secret-id`,
        `auth/${mounts.approle}/login`,
        "auth/token/revoke-self",
      ].sort(),
    );
    expect(writes.filter((r) => managed.has(r.path))).toEqual([]);
  }, 120_000);

  it("the drill identity cannot change what Terraform manages: a static role's definition or the connection are refused (403)", async () => {
    expect(
      (
        await vault(
          "POST",
          `${mounts.database}/static-roles/${role}`,
          { db_name: "x", username: "orders_etl", rotation_period: 60 },
          drillToken,
        )
      ).status,
    ).toBe(403);
    expect(
      (await vault("GET", `${mounts.database}/config/${vaultNames.databaseConnection("orders-pg", "main")}`, undefined, drillToken)).status,
    ).toBe(403);
    expect((await vault("POST", `auth/${mounts.approle}/role/orders-nightly`, { token_policies: ["root"] }, drillToken)).status).toBe(403);
  });

  it("refuses at run time a target that resolves to the production environment, before any request", async () => {
    const plan = planDrill(inventory, { connector: "orders-pg", environment: "dev" });
    const prod = inventoryPlan.environments.find((e) => e.name === "prod")!.vault!;
    const target = plan.targets[0] as VaultStaticRoleTarget;
    const resolved = { ...plan, targets: [{ ...target, namespace: prod.namespace!, databaseMount: prod.mounts.database }] };
    const before = (await vault("GET", `${mounts.database}/static-roles/${role}`)).body.data.last_vault_rotation;
    await expect(
      runDrill(resolved, inventoryPlan, {
        vaultAddress: prod.address,
        vault: (t) => new RecordingVaultClient({ address: bao.address, namespace: t.namespace, token: drillToken }),
        database: () => login(),
        now: () => performance.now(),
      }),
    ).rejects.toThrow(/production environment prod/);
    expect((await vault("GET", `${mounts.database}/static-roles/${role}`)).body.data.last_vault_rotation).toBe(before);
  });
});
