/**
 * Live verification, Vault side (issue 7): the Vault-only fixture synthesized by the CLI, applied
 * to a real OpenBao dev server (through tools/live/apply-vault-stack.ts: the hashicorp/vault
 * provider cannot be had here), then probed with REAL tokens: every consumer logs in with its own
 * method and reads its own credential; every other connector's paths and every path of the other
 * environment answer 403; a quarantined connector answers 403; dynamic PostgreSQL users work until
 * their lease is revoked; the audit devices log HMACs and never a value; `seed` writes what the
 * consumer then reads; the breach simulator agrees with the server on every pair tried.
 */
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Client } from "pg";
import { loadAccessModel } from "../../lib/analysis/access-model";
import { simulate } from "../../lib/analysis/simulate";
import { planInventory } from "../../lib/plan/inventory-plan";
import type { CredentialPlan, EnvironmentPlan, ServiceAccountPlan } from "../../lib/plan/types";
import { consumerCredentialPaths, credentialSource } from "../../lib/policy/vault/credential-paths";
import { loadInventory } from "../../lib/inventory/load";
import { withRecordToolFields } from "../../lib/seed";
import { summarize } from "../../tools/live/apply-vault-stack";
import type { VaultClient } from "../../tools/live/vault-client";
import { REPO } from "../support/live/engines";
import { randomSecret, setUpLiveEnvironment, type LiveEnvironment } from "../support/live/live-env";

jest.setTimeout(600_000);

const log = (line: string) => process.stderr.write(`[live] ${line}\n`);

/** One real request and the server's answer; every one of them is compared with the simulator. */
interface Attempt {
  readonly environment: string;
  readonly consumer: string;
  readonly tokenNamespace: string;
  readonly requestNamespace: string;
  readonly path: string;
  readonly capability: "read" | "update";
  readonly expected: "allow" | "deny";
  readonly status: number;
  readonly why: string;
}

const attempts: Attempt[] = [];
/** Checks that are not a policy decision on a path (logins, database logins, lease revocation). */
const otherChecks = { allow: 0, deny: 0 };
const canaries: string[] = [];

let live: LiveEnvironment;
let plans: EnvironmentPlan[];
const tokens = new Map<string, string>();

const nsOf = (plan: EnvironmentPlan) => (plan.vault!.isolation === "namespace" ? plan.vault!.namespace! : "");
const key = (plan: EnvironmentPlan, consumer: string) => `${plan.name}/${consumer}`;

function sshPublicKey(): string {
  const { publicKey } = generateKeyPairSync("ed25519");
  const der = publicKey.export({ type: "spki", format: "der" });
  const raw = der.subarray(der.length - 32);
  const part = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([part(Buffer.from("ssh-ed25519")), part(raw)]).toString("base64")} live`;
}

/** The request a consumer makes on one of its paths, as the engine expects it. */
async function request(client: VaultClient, credential: CredentialPlan, path: string, capability: "read" | "update") {
  if (capability === "read") return client.raw("GET", path);
  switch (credentialSource(credential)) {
    case "pki": {
      const spec = credential.credential as { certificate: { commonName: string } };
      return client.raw("POST", path, { common_name: spec.certificate.commonName, ttl: "1h" });
    }
    case "ssh-signed":
      return client.raw("POST", path, { public_key: sshPublicKey(), valid_principals: "etl", cert_type: "user" });
    default: {
      // Write-back of a rotated refresh token: check-and-set on the current version.
      const metadata = await client.raw("GET", path.replace("/data/", "/metadata/"));
      const version = metadata.status === 200 ? Number(metadata.body?.data?.current_version ?? 0) : 0;
      return client.raw("POST", path, {
        options: { cas: version },
        data: { clientId: "x", clientSecret: "y", refreshToken: randomSecret("rotated-refresh") },
      });
    }
  }
}

async function attempt(
  plan: EnvironmentPlan,
  consumer: string,
  target: { plan: EnvironmentPlan; credential: CredentialPlan; path: string; capability: "read" | "update" },
  expected: "allow" | "deny",
  why: string,
) {
  const token = tokens.get(key(plan, consumer))!;
  const requestNamespace = nsOf(target.plan);
  const client = live.root.withToken(token).withNamespace(requestNamespace || undefined);
  const response = await request(client, target.credential, target.path, target.capability);
  attempts.push({
    environment: plan.name,
    consumer,
    tokenNamespace: nsOf(plan),
    requestNamespace,
    path: target.path,
    capability: target.capability,
    expected,
    status: response.status,
    why,
  });
  return response;
}

async function login(plan: EnvironmentPlan, account: ServiceAccountPlan): Promise<string> {
  const ns = nsOf(plan) || undefined;
  const admin = live.root.withNamespace(ns);
  const anonymous = admin.withToken(undefined);
  if (account.auth.method === "approle") {
    const mount = plan.vault!.mounts.approle;
    const roleId = (await admin.read(`auth/${mount}/role/${account.id}/role-id`))!.role_id as string;
    // The secret id is delivered to the job by its platform; here the test plays that part.
    const secretId = (await admin.write(`auth/${mount}/role/${account.id}/secret-id`, {}))!.data.secret_id as string;
    live.secrets.push(secretId);
    const wrong = await anonymous.raw("POST", `auth/${mount}/login`, {
      role_id: roleId,
      secret_id: "00000000-0000-0000-0000-000000000000",
    });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    otherChecks.deny++;
    const response = await anonymous.raw("POST", `auth/${mount}/login`, { role_id: roleId, secret_id: secretId });
    expect(response.status).toBe(200);
    otherChecks.allow++;
    return response.body!.auth.client_token as string;
  }
  if (account.auth.method === "jwt") {
    const mount = plan.vault!.mounts.jwt[account.auth.issuer];
    const audience = Array.isArray(account.auth.audience) ? account.auth.audience[0] : account.auth.audience;
    // Another job's identity token is refused for this role (bound subject).
    const foreign = await anonymous.raw("POST", `auth/${mount}/login`, {
      role: account.id,
      jwt: live.mintJwt({ sub: "repo:live-etl/other:ref:refs/heads/main", aud: audience }),
    });
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    otherChecks.deny++;
    const response = await anonymous.raw("POST", `auth/${mount}/login`, {
      role: account.id,
      jwt: live.mintJwt({ sub: account.auth.subject, aud: audience }),
    });
    expect(response.status).toBe(200);
    otherChecks.allow++;
    return response.body!.auth.client_token as string;
  }
  throw new Error(`consumer ${account.id}: ${account.auth.method} cannot log in to a dev server here`);
}

/** What `seed` takes on stdin for a credential of the fixture. */
function seedValue(credential: CredentialPlan): Record<string, string> {
  const canary = () => {
    const value = randomSecret("canary");
    canaries.push(value);
    return value;
  };
  switch (credential.credential.type) {
    case "static-password":
      return { username: "supplier", password: canary() };
    case "api-key":
      return { apiKey: canary() };
    case "oauth-client":
      return { clientId: "crm-client", clientSecret: canary(), refreshToken: canary() };
    case "generic":
      return Object.fromEntries(credential.credential.fields.map((field) => [field, canary()]));
    default:
      throw new Error(`no seed value for ${credential.credential.type}`);
  }
}

const seeded = new Map<string, Record<string, string>>();

beforeAll(async () => {
  live = await setUpLiveEnvironment(log);
  plans = planInventory(loadInventory(live.inventoryFile)).environments.filter((plan) => plan.vault);
  expect(plans.map((p) => `${p.name}:${p.vault!.isolation}`)).toEqual(["dev:namespace", "test:mount"]);
});

afterAll(async () => {
  const allow = attempts.filter((a) => a.expected === "allow" && a.status < 400).length + otherChecks.allow;
  const deny = attempts.filter((a) => a.expected === "deny" && a.status === 403).length + otherChecks.deny;
  const results = {
    allowChecks: allow,
    denyChecks: deny,
    pathAttempts: attempts.length,
    canaries: canaries.length,
    openbao: live?.bao.version,
  };
  const file = process.env.LIVE_RESULTS_FILE ?? join(REPO, ".state/live/vault-results.json");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(
    `real checks against OpenBao ${results.openbao}: ${allow} allowed as declared, ${deny} denied as required (${attempts.length} path attempts)`,
  );
  await live?.stop();
});

describe("apply", () => {
  test("every synthesized stack applies to OpenBao, and a second apply reports no changes", async () => {
    for (const result of live.firstApply) expect(result.created).toBeGreaterThan(0);
    const again = await live.applyAll();
    for (const result of again) {
      log(summarize(result));
      expect(result.resources.filter((r) => r.action !== "no-change")).toEqual([]);
      expect(result.noChanges).toBe(true);
    }
  });

  test("the audit devices of the emitted server configuration are the server's", async () => {
    const devices = await live.root.read("sys/audit");
    expect(Object.keys(devices!).sort()).toEqual(["file/", "syslog/"]);
  });

  test("operator step: each environment's PKI mount gets an issuer (the library leaves the issuer to an operator)", async () => {
    for (const plan of plans) {
      const admin = live.root.withNamespace(nsOf(plan) || undefined);
      await admin.write(`${plan.vault!.mounts.pki}/root/generate/internal`, {
        common_name: `live ${plan.name} CA`,
        ttl: "48h",
        key_type: "ec",
        key_bits: 256,
      });
    }
  });
});

describe("seed", () => {
  test("`etl-secrets seed` writes each KV credential's first value; a quarantined one is refused", async () => {
    for (const plan of plans) {
      for (const credential of plan.credentials.filter((c) => credentialSource(c) === "kv")) {
        const value = seedValue(credential);
        const run = spawnSync(
          join(REPO, "bin/etl-secrets"),
          [
            "seed",
            live.inventoryFile,
            credential.connectorId,
            "--env",
            plan.name,
            "--credential",
            credential.name,
            "--vault-address",
            live.bao.address,
          ],
          { cwd: REPO, input: JSON.stringify(value), env: { ...process.env, VAULT_TOKEN: live.bao.rootToken }, encoding: "utf8" },
        );
        if (credential.quarantined) {
          expect(run.status).not.toBe(0);
          // The value exists nonetheless (written before the quarantine): the denial must come from policy.
          const admin = live.root.withNamespace(nsOf(plan) || undefined);
          await admin.write(credential.vault!.dataPath, { options: { cas: 0 }, data: value });
        } else {
          expect({ credential: credential.id, status: run.status, stderr: run.stderr }).toEqual({
            credential: credential.id,
            status: 0,
            stderr: expect.any(String),
          });
        }
        seeded.set(`${plan.name}/${credential.id}`, value);
      }
    }
    expect(seeded.size).toBeGreaterThanOrEqual(8);
  });
});

describe("real tokens", () => {
  test("each consumer logs in with its own method (AppRole, JWT signed by the minted key)", async () => {
    for (const plan of plans) {
      for (const account of plan.serviceAccounts) tokens.set(key(plan, account.id), await login(plan, account));
    }
    expect(tokens.size).toBe(plans.reduce((n, p) => n + p.serviceAccounts.length, 0));
  });

  test("each consumer reaches its own credential, and the seeded value is what it reads", async () => {
    for (const plan of plans) {
      for (const account of plan.serviceAccounts) {
        for (const grant of account.grants) {
          const credential = plan.credentials.find((c) => c.id === grant.credentialId)!;
          if (credential.quarantined) continue;
          for (const { path, capabilities } of consumerCredentialPaths(plan.vault!, credential, account.id)) {
            for (const capability of capabilities.filter((c): c is "read" | "update" => c === "read" || c === "update")) {
              const response = await attempt(plan, account.id, { plan, credential, path, capability }, "allow", "own credential");
              expect({ path, capability, status: response.status, errors: response.body?.errors }).toEqual({
                path,
                capability,
                status: expect.any(Number),
                errors: undefined,
              });
              expect(response.status).toBeLessThan(300);
              if (capability === "read" && path === credential.vault!.dataPath && credential.credential.type !== "oauth-client") {
                // The seeded fields, and conn_uri (what Airflow's Vault backend reads) written with them.
                expect(response.body!.data.data).toEqual(withRecordToolFields(credential, seeded.get(`${plan.name}/${credential.id}`)!));
              }
            }
          }
        }
      }
    }
  });

  test("another connector's credential and every path of the other environment answer 403", async () => {
    for (const plan of plans) {
      for (const account of plan.serviceAccounts) {
        const own = new Set(account.grants.map((g) => g.connectorId));
        for (const targetPlan of plans) {
          for (const credential of targetPlan.credentials) {
            if (targetPlan === plan && own.has(credential.connectorId)) continue;
            const why = targetPlan === plan ? "another connector's credential" : `environment ${targetPlan.name} from ${plan.name}`;
            const paths = new Map<string, "read" | "update">([[credential.vault!.metadataPath, "read"]]);
            if (credentialSource(credential) === "kv") paths.set(credential.vault!.dataPath, "read");
            for (const other of targetPlan.serviceAccounts.filter((a) => a.grants.some((g) => g.credentialId === credential.id))) {
              for (const { path, capabilities } of consumerCredentialPaths(targetPlan.vault!, credential, other.id))
                paths.set(path, capabilities.includes("read") ? "read" : "update");
            }
            for (const [path, capability] of paths) {
              const response = await attempt(plan, account.id, { plan: targetPlan, credential, path, capability }, "deny", why);
              expect({ consumer: `${plan.name}/${account.id}`, path: `${nsOf(targetPlan)}:${path}`, status: response.status }).toEqual({
                consumer: `${plan.name}/${account.id}`,
                path: `${nsOf(targetPlan)}:${path}`,
                status: 403,
              });
            }
          }
        }
      }
    }
  });

  test("the consumer of a quarantined connector is denied its own credential (403)", async () => {
    for (const plan of plans) {
      for (const account of plan.serviceAccounts) {
        for (const grant of account.grants.filter((g) => g.quarantined)) {
          const credential = plan.credentials.find((c) => c.id === grant.credentialId)!;
          for (const { path } of consumerCredentialPaths(plan.vault!, credential, account.id)) {
            const response = await attempt(plan, account.id, { plan, credential, path, capability: "read" }, "deny", "quarantined");
            expect({ path, status: response.status }).toEqual({ path, status: 403 });
          }
        }
      }
    }
    expect(attempts.filter((a) => a.why === "quarantined").length).toBeGreaterThanOrEqual(4);
  });
});

describe("databases", () => {
  async function pgLogin(user: string, password: string): Promise<number> {
    const client = new Client({
      host: live.pg.host,
      port: live.pg.port,
      user,
      password,
      database: "postgres",
      ssl: { ca: readFileSync(live.pg.caFile, "utf8") },
      connectionTimeoutMillis: 10_000,
    });
    await client.connect();
    try {
      return (await client.query("SELECT count(*)::int AS n FROM public.live_orders")).rows[0].n as number;
    } finally {
      await client.end();
    }
  }

  test("dynamic credentials log in to PostgreSQL and stop working once their lease is revoked", async () => {
    for (const plan of plans) {
      const credential = plan.credentials.find((c) => c.credential.type === "dynamic-database")!;
      const account = plan.serviceAccounts.find((a) => a.grants.some((g) => g.credentialId === credential.id))!;
      const [{ path }] = consumerCredentialPaths(plan.vault!, credential, account.id);
      const response = await attempt(plan, account.id, { plan, credential, path, capability: "read" }, "allow", "dynamic credentials");
      expect(response.status).toBe(200);
      const { username, password } = response.body!.data as { username: string; password: string };
      live.secrets.push(password);
      expect(await pgLogin(username, password)).toBe(2);
      otherChecks.allow++;
      const admin = live.root.withNamespace(nsOf(plan) || undefined);
      await admin.write(`sys/leases/revoke-prefix/${path}`, {});
      await expect(pgLogin(username, password)).rejects.toThrow(/password authentication failed|does not exist/);
      otherChecks.deny++;
    }
  });

  test("the static role's rotated password logs in as the reporting user", async () => {
    for (const plan of plans) {
      const credential = plan.credentials.find((c) => c.credential.type === "rotated-password")!;
      const account = plan.serviceAccounts.find((a) => a.grants.some((g) => g.credentialId === credential.id))!;
      const [{ path }] = consumerCredentialPaths(plan.vault!, credential, account.id);
      const response = await attempt(plan, account.id, { plan, credential, path, capability: "read" }, "allow", "static role");
      expect(response.status).toBe(200);
      const { username, password } = response.body!.data as { username: string; password: string };
      live.secrets.push(password);
      expect(username).toBe(`live_reporting_${plan.name}`);
      expect(await pgLogin(username, password)).toBe(2);
      otherChecks.allow++;
    }
  });
});

describe("audit", () => {
  test("both audit sinks log HMACs of every request and never a value the run handled", async () => {
    const sinks = { file: readFileSync(live.auditFile, "utf8"), syslog: readFileSync(live.syslogFile, "utf8") };
    const values = [...canaries, ...live.secrets, ...tokens.values()];
    expect(values.length).toBeGreaterThan(20);
    for (const [sink, text] of Object.entries(sinks)) {
      expect(text.length).toBeGreaterThan(10_000);
      expect(text).toMatch(/"hmac-sha256:[0-9a-f]{64}"/);
      const leaked = values.filter((value) => text.includes(value));
      expect({ sink, leaked: leaked.length }).toEqual({ sink, leaked: 0 });
    }
    // A consumer's read of its seeded value is there, with the value's HMAC instead of the value.
    const read = sinks.file
      .split("\n")
      .filter((line) => line.includes('"type":"response"') && line.includes("kv/data/connectors/payments-api/main"));
    expect(read.length).toBeGreaterThan(0);
    expect(read.some((line) => /"apiKey":"hmac-sha256:[0-9a-f]{64}"/.test(line))).toBe(true);
  });
});

describe("cross-check with the breach simulator", () => {
  test("the simulator's verdict equals the server's answer on every pair tried", () => {
    const cli = spawnSync(join(REPO, "bin/etl-secrets"), ["simulate", live.synthDir, "--format", "json"], { cwd: REPO, encoding: "utf8" });
    expect({ status: cli.status, violations: JSON.parse(cli.stdout || "{}").violations }).toEqual({ status: 0, violations: [] });

    const model = loadAccessModel(live.synthDir);
    const result = simulate(model);
    const principals = model.intent.environments.flatMap((env) => env.principals.map((p) => ({ ...p, environment: env.name })));
    const unmet = new Set(result.unmetIntent.map((u) => `${u.principal}|${u.resource}|${u.action}`));
    const violations = new Set(result.violations.map((v) => `${v.principal}|${v.resource}|${v.action}`));
    const disagreements: string[] = [];
    for (const a of attempts) {
      const principal = principals.find((p) => p.environment === a.environment && p.name === a.consumer && p.class === "consumer");
      const location = model.locations.find((l) => l.store === "vault" && l.namespace === a.requestNamespace && l.path === a.path);
      if (!principal || !location) {
        disagreements.push(
          `${a.environment}/${a.consumer} ${a.capability} ${a.requestNamespace}:${a.path}: not in the simulator's model (principal ${!!principal}, location ${!!location})`,
        );
        continue;
      }
      const pair = `${principal.id}|${location.id}|${a.capability}`;
      const declared = principal.grants.some((g) => g.resource === location.id && g.actions.includes(a.capability));
      const simulatorAllows = (declared && !unmet.has(pair)) || violations.has(pair);
      const serverAllows = a.status < 400;
      if (simulatorAllows !== serverAllows)
        disagreements.push(`${pair}: simulator ${simulatorAllows ? "allows" : "denies"}, server answered ${a.status}`);
    }
    log(`simulator cross-check: ${attempts.length} pairs, ${disagreements.length} disagreement(s)`);
    expect(disagreements).toEqual([]);
    expect(attempts.length).toBeGreaterThan(100);
  });
});
