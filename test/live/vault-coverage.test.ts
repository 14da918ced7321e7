/**
 * Live verification of the second live fixture (test/fixtures/live/vault-coverage.yaml): the Vault
 * resource types vault-only.yaml does not reach (production people groups and login MFA, which
 * challenges a userpass operator and not an AppRole consumer, a
 * configured Kubernetes auth backend, MariaDB through the mysql plugin), applied to OpenBao by the
 * live applier, re-applied with no changes (what the real provider's second plan must show: see
 * tools/live/provider-round-trip.ts), and the MariaDB credentials Vault hands out tried for real.
 */
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { summarize } from "../../tools/live/apply-vault-stack";
import { REPO } from "../support/live/engines";
import { setUpLiveEnvironment, type LiveEnvironment } from "../support/live/live-env";

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

/** Base32 (RFC 4648, no padding) as otpauth:// URLs carry TOTP secrets. */
function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of text.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
}

/** The current RFC 6238 code of an otpauth:// URL, as the holder's authenticator app shows it (the server's clock is the machine's). */
function totpCode(url: string): string {
  const params = new URL(url).searchParams;
  const digits = Number(params.get("digits") ?? 6);
  const period = Number(params.get("period") ?? 30);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / period)));
  const hmac = createHmac((params.get("algorithm") ?? "SHA1").toLowerCase(), base32Decode(params.get("secret")!))
    .update(counter)
    .digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, "0");
}

test("a userpass operator must present TOTP at login; an AppRole consumer is not challenged", async () => {
  const admin = live.root.withNamespace(NAMESPACE);
  const anonymous = admin.withToken(undefined);
  // GIVEN a person in the operators group who logs in with userpass, enrolled in the stack's TOTP method
  await admin.write("sys/auth/people", { type: "userpass" });
  const password = randomBytes(18).toString("base64url");
  live.secrets.push(password);
  await admin.write("auth/people/users/alice", { password });
  const accessor = ((await admin.read("sys/auth")) as Record<string, { accessor: string }>)["people/"].accessor;
  const entityId = (await admin.write("identity/entity", { name: "alice" }))!.data.id as string;
  await admin.write("identity/entity-alias", { name: "alice", canonical_id: entityId, mount_accessor: accessor });
  const operators = (await admin.read("identity/group/name/prod-operators"))!;
  await admin.write(`identity/group/id/${operators.id}`, { member_entity_ids: [entityId] });
  const enforcement = (await admin.read("identity/mfa/login-enforcement/prod-operators-login-mfa"))!;
  expect(enforcement.identity_group_ids).toEqual([operators.id]);
  expect(enforcement.auth_method_types ?? []).toEqual([]);
  const methodId = enforcement.mfa_method_ids[0] as string;
  const url = (await admin.write("identity/mfa/method/totp/admin-generate", { method_id: methodId, entity_id: entityId }))!.data
    .url as string;
  live.secrets.push(new URL(url).searchParams.get("secret")!);

  // WHEN the operator logs in with the password alone THEN there is no token, only an MFA requirement
  const first = await anonymous.raw("POST", "auth/people/login/alice", { password });
  expect(first.status).toBe(200);
  expect(first.body?.auth?.client_token ?? "").toBe("");
  const requestId = first.body?.auth?.mfa_requirement?.mfa_request_id as string;
  expect(requestId).toEqual(expect.any(String));
  // AND the current TOTP code completes the login
  const validated = await anonymous.raw("POST", "sys/mfa/validate", {
    mfa_request_id: requestId,
    mfa_payload: { [methodId]: [totpCode(url)] },
  });
  expect(validated.status).toBe(200);
  const token = validated.body?.auth?.client_token as string;
  live.secrets.push(token);
  expect(token).toEqual(expect.any(String));

  // AND an AppRole consumer of the same namespace logs in with no challenge
  const roleId = (await admin.read("auth/approle/role/ledger-export/role-id"))!.role_id as string;
  const secretId = (await admin.write("auth/approle/role/ledger-export/secret-id", {}))!.data.secret_id as string;
  live.secrets.push(secretId);
  const consumer = await anonymous.raw("POST", "auth/approle/login", { role_id: roleId, secret_id: secretId });
  expect(consumer.status).toBe(200);
  expect(consumer.body?.auth?.mfa_requirement ?? null).toBeNull();
  live.secrets.push(consumer.body?.auth?.client_token as string);
  expect(consumer.body?.auth?.client_token).toEqual(expect.any(String));
});
