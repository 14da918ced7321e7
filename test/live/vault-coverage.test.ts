/**
 * Live verification of the second live fixture (test/fixtures/live/vault-coverage.yaml): the Vault
 * resource types vault-only.yaml does not reach (production people groups and login MFA, a
 * configured Kubernetes auth backend, MariaDB through the mysql plugin), applied to OpenBao by the
 * live applier, re-applied with no changes (what the real provider's second plan must show: see
 * tools/live/provider-round-trip.ts), and the MariaDB credentials Vault hands out tried for real.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { summarize } from "../../tools/live/apply-vault-stack";
import { REPO } from "./support/engines";
import { setUpLiveEnvironment, type LiveEnvironment } from "./support/live-env";

jest.setTimeout(600_000);

const log = (line: string) => process.stderr.write(`[live] ${line}\n`);
let live: LiveEnvironment;
const NAMESPACE = "etl/prod";

beforeAll(async () => {
  live = await setUpLiveEnvironment(log, { fixture: join(REPO, "test/fixtures/live/vault-coverage.yaml") });
});

afterAll(async () => {
  await live?.stop();
});

async function mariadbLogin(user: string, password: string, ssl = true): Promise<number> {
  const connection = await createConnection({
    host: live.mariadb!.host,
    port: live.mariadb!.port,
    user,
    password,
    database: "live_billing",
    ...(ssl ? { ssl: { ca: readFileSync(live.pg.caFile, "utf8") } } : {}),
  });
  try {
    const [rows] = await connection.query("SELECT count(*) AS n FROM live_invoices");
    return Number((rows as { n: number }[])[0].n);
  } finally {
    await connection.end();
  }
}

test("every stack applies, and a second apply reports no changes", async () => {
  const types = new Set(live.firstApply.flatMap((result) => result.resources.map((r) => r.type)));
  expect([...types].sort()).toEqual(
    expect.arrayContaining([
      "vault_database_secret_backend_connection",
      "vault_database_secret_backend_static_role",
      "vault_identity_group",
      "vault_identity_mfa_login_enforcement",
      "vault_identity_mfa_totp",
      "vault_kubernetes_auth_backend_config",
      "vault_kubernetes_auth_backend_role",
    ]),
  );
  const again = await live.applyAll();
  for (const result of again) {
    log(summarize(result));
    expect(result.resources.filter((r) => r.action !== "no-change")).toEqual([]);
  }
});

test("the Kubernetes backend holds the cluster's CA certificate as the stack set it", async () => {
  const admin = live.root.withNamespace(NAMESPACE);
  const config = await admin.read("auth/kubernetes/config");
  expect(config?.kubernetes_ca_cert).toBe(readFileSync(live.pg.caFile, "utf8"));
});

test("the break-glass group needs TOTP at login", async () => {
  const admin = live.root.withNamespace(NAMESPACE);
  const enforcement = await admin.read("identity/mfa/login-enforcement/prod-break-glass-login-mfa");
  const group = await admin.read("identity/group/name/prod-break-glass");
  expect(enforcement?.identity_group_ids).toEqual([group?.id]);
  const method = await admin.read(`identity/mfa/method/totp/${enforcement?.mfa_method_ids[0]}`);
  expect(method).toMatchObject({ algorithm: "SHA256", digits: 6, period: 30 });
});

test("dynamic MariaDB users log in over TLS only, and stop working once their lease is revoked", async () => {
  const admin = live.root.withNamespace(NAMESPACE);
  const roles = await admin.list("database/roles");
  const role = roles.find((name) => name.includes("billing-extract"));
  expect(role).toBeDefined();
  const issued = await admin.read(`database/creds/${role}`);
  const { username, password } = issued as { username: string; password: string };
  live.secrets.push(password);
  expect(await mariadbLogin(username, password)).toBe(0);
  await expect(mariadbLogin(username, password, false)).rejects.toThrow(/Access denied/);
  await admin.write(`sys/leases/revoke-prefix/database/creds/${role}`, {});
  await expect(mariadbLogin(username, password)).rejects.toThrow(/Access denied/);
});

test("the static role's rotated password logs in as the ledger user", async () => {
  const admin = live.root.withNamespace(NAMESPACE);
  const [role] = await admin.list("database/static-roles");
  const creds = (await admin.read(`database/static-creds/${role}`)) as { username: string; password: string };
  live.secrets.push(creds.password);
  expect(creds.username).toBe("live_ledger");
  expect(await mariadbLogin(creds.username, creds.password)).toBe(0);
});
