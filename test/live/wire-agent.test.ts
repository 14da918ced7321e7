/*
 * The dynamic-database path `wire` prints, against real engines: OpenBao 2.7.2 issues PostgreSQL
 * credentials through a database secrets engine role (mounts, role and statements as the dev stack
 * synthesizes them); the consumer logs in with its AppRole (role id read from the path `wire`
 * names, a secret id minted at the path `wire` names) and `bao agent` runs with EXACTLY the agent
 * configuration lib/wire emits for that consumer (only the address, the file locations and the
 * retry count are the test's). The rendered file's username and password log in to PostgreSQL; the
 * same template run with another consumer's AppRole renders nothing. Minting the secret ids as root
 * stands in for the trusted orchestrator (issue 15 part 3); the AppRole roles are not bound to the
 * inventory's CIDRs because the agent logs in from 127.0.0.1.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { planInventory } from "../../lib/plan/inventory-plan";
import { vaultNames } from "../../lib/plan/names";
import { consumerPolicyDocument } from "../../lib/policy/vault/consumer-policy";
import { renderVaultPolicy } from "../../lib/policy/vault/policy-text";
import { loadInventory } from "../../lib/inventory/load";
import { consumerWiring } from "../../lib/wire/consumer-wiring";
import { agentTemplates, vaultAgentConfig } from "../../lib/wire/vault-agent";
import { wireConsumer } from "../../lib/wire/wire";
import { fixturePath } from "../support/inventories";
import { stackJson, synthFiles } from "../support/synth";
import { liveEngines, startOpenBao, startPostgres, type OpenBaoServer, type Postgres } from "../support/live/engines";

const inventory = loadInventory(fixturePath("drill.yaml"));
const inventoryPlan = planInventory(inventory);
const dev = inventoryPlan.environments.find((e) => e.name === "dev")!;
const mounts = dev.vault!.mounts;
const CONSUMER = "events-load";
const OTHER = "orders-nightly";

interface AgentRun {
  readonly code: number | null;
  readonly log: string;
  readonly rendered?: string;
}

describe("wire: a job gets dynamic database credentials through Vault Agent (live: OpenBao 2.7.2 agent + PostgreSQL)", () => {
  const work = mkdtempSync(join(tmpdir(), "live-wire-agent-"));
  let pg: Postgres;
  let bao: OpenBaoServer;

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

  /** What the job's launcher does: role id from the path wire names, a fresh secret id, then `bao agent` with wire's configuration. */
  async function runAgentAs(consumer: string, name: string): Promise<AgentRun> {
    const login = consumerWiring(dev, consumer).vault!.login;
    if (login.method !== "approle") throw new Error(`${consumer} is not an AppRole consumer`);
    const dir = join(work, name);
    mkdirSync(join(dir, "out"), { recursive: true });
    const roleId = await vault("GET", login.roleIdPath);
    ok(roleId.status);
    const secretId = await vault("POST", login.secretIdPath, {});
    ok(secretId.status);
    writeFileSync(join(dir, "role-id"), roleId.body.data.role_id, { mode: 0o600 });
    writeFileSync(join(dir, "secret-id"), secretId.body.data.secret_id, { mode: 0o600 });
    // The consumer's identity, always the events-load templates: can this login render them?
    const templates = agentTemplates(consumerWiring(dev, CONSUMER));
    const config = vaultAgentConfig(
      consumerWiring(dev, consumer),
      {
        address: bao.address,
        roleIdFile: join(dir, "role-id"),
        secretIdFile: join(dir, "secret-id"),
        destinationDir: join(dir, "out"),
        exitAfterAuth: true,
        retries: 1,
      },
      templates,
    );
    writeFileSync(join(dir, "agent.hcl"), config);
    const { baoBin } = liveEngines();
    const child = spawn(baoBin, ["agent", `-config=${join(dir, "agent.hcl")}`], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "", HOME: dir },
    });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const file = join(dir, "out", templates[0].fileName);
    return { code, log, ...(existsSync(file) && { rendered: readFileSync(file, "utf8") }) };
  }

  beforeAll(async () => {
    pg = startPostgres();
    bao = await startOpenBao([], join(work, "bao"), { caFile: pg.caFile });
    // What the dev stack writes, at the plan's mount paths.
    ok((await vault("POST", `sys/mounts/${mounts.database}`, { type: "database" })).status);
    ok((await vault("POST", `sys/auth/${mounts.approle}`, { type: "approle" })).status);
    const connection = vaultNames.databaseConnection("events-pg", "main");
    const role = vaultNames.databaseRole("events-pg", "main", CONSUMER);
    ok(
      (
        await vault("POST", `${mounts.database}/config/${connection}`, {
          plugin_name: "postgresql-database-plugin",
          // {{username}} and {{password}} are Vault's templates, filled by Vault from the fields below: no credential here.
          connection_url: `postgresql://{{username}}:{{password}}@${pg.host}:${pg.port}/postgres?sslmode=verify-full`,
          username: pg.adminUser,
          password: pg.adminPassword,
          allowed_roles: [role],
        })
      ).status,
    );
    const synthesized = Object.values(
      stackJson(synthFiles(inventory), dev.stackName).resource.vault_database_secret_backend_role as Record<string, any>,
    ).find((r) => r.name === role);
    ok(
      (
        await vault("POST", `${mounts.database}/roles/${role}`, {
          db_name: connection,
          creation_statements: synthesized.creation_statements,
          revocation_statements: synthesized.revocation_statements,
          default_ttl: synthesized.default_ttl,
          max_ttl: synthesized.max_ttl,
        })
      ).status,
    );
    // The library's consumer policies and AppRole roles.
    for (const id of [CONSUMER, OTHER]) {
      const policy = consumerPolicyDocument(
        dev,
        dev.serviceAccounts.find((a) => a.id === id)!,
      );
      ok((await vault("PUT", `sys/policies/acl/${policy.name}`, { policy: renderVaultPolicy(policy) })).status);
      ok(
        (
          await vault("POST", `auth/${mounts.approle}/role/${vaultNames.authRole(id)}`, {
            token_policies: [policy.name],
            secret_id_num_uses: 1,
            secret_id_ttl: "10m",
            token_ttl: "10m",
          })
        ).status,
      );
    }
  }, 300_000);

  afterAll(async () => {
    await bao?.stop();
    pg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("prints, for --for airflow, the Vault Agent template of the consumer's database role instead of a connection", () => {
    const output = wireConsumer(inventoryPlan, { consumer: CONSUMER, environment: "dev", target: "airflow" });
    const agent = output.blocks.find((b) => b.language === "hcl")!.body;
    expect(agent).toContain(`with secret "${mounts.database}/creds/${vaultNames.databaseRole("events-pg", "main", CONSUMER)}"`);
    expect(agent).toContain(`mount_path = "auth/${mounts.approle}"`);
  });

  it("renders a username and password that log in to PostgreSQL, with the consumer's own AppRole", async () => {
    const run = await runAgentAs(CONSUMER, "consumer");
    expect({ code: run.code, rendered: run.rendered !== undefined }).toEqual({ code: 0, rendered: true });
    const fields = Object.fromEntries(
      run
        .rendered!.trim()
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(Object.keys(fields).sort()).toEqual(["password", "username"]);
    expect(fields.username).toMatch(/^v-/);
    const client = new Client({
      host: pg.host,
      port: pg.port,
      user: fields.username,
      password: fields.password,
      database: "postgres",
      ssl: ssl(),
    });
    await client.connect();
    try {
      expect((await client.query("SELECT current_user AS who")).rows[0].who).toBe(fields.username);
    } finally {
      await client.end();
    }
    // The secret id was single-use and the agent removed its file after reading it.
    expect(existsSync(join(work, "consumer", "secret-id"))).toBe(false);
  });

  it("renders nothing with another consumer's AppRole: its policy does not reach the role", async () => {
    const run = await runAgentAs(OTHER, "other");
    expect(run.code).not.toBe(0);
    expect(run.rendered).toBeUndefined();
    // It logged in (its own AppRole works) and was refused the other consumer's database role.
    expect(run.log).toMatch(/authentication successful/);
    expect(run.log).toMatch(/Code: 403\. Errors:[\s\S]*permission denied/);
    expect(run.log).toContain(`GET ${bao.address}/v1/${mounts.database}/creds/${vaultNames.databaseRole("events-pg", "main", CONSUMER)}`);
    if (process.env.WIRE_AGENT_DEBUG) console.log(run.log);
  });
});
