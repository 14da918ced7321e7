/**
 * The live applier itself (tools/live/apply-vault-stack.ts), on a stack built from the
 * provider-vault constructs: it applies every type it claims, re-applies with no changes, applies
 * exactly the one difference after a change, and refuses what it does not know instead of skipping.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyVaultStack } from "../../tools/live/apply-vault-stack";
import { startOpenBao, startPostgres, type OpenBaoServer, type Postgres } from "../support/live/engines";
import { SAMPLE_BOOTSTRAP_VARIABLE, synthesizeSampleStack } from "../support/live/sample-stack";

jest.setTimeout(300_000);

let bao: OpenBaoServer;
let pg: Postgres;
let work: string;
const publicKeyPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "live-applier-"));
  pg = startPostgres();
  bao = await startOpenBao([], join(work, "openbao"));
});

afterAll(async () => {
  try {
    await bao?.stop();
  } finally {
    pg?.stop();
  }
  rmSync(work, { recursive: true, force: true });
});

/** The sample stack; the JWT key as the library sets it (as the server stores it, lib/plan/vault-stored-values.ts) unless given. */
function stacks(maxVersions?: number, jwtPublicKeyPem = publicKeyPem.trim()) {
  return synthesizeSampleStack({ pgHost: pg.host, pgPort: pg.port, pgUser: pg.adminUser, jwtPublicKeyPem, maxVersions });
}

async function apply(stack: Record<string, any>, name: string) {
  return applyVaultStack({
    stack,
    address: bao.address,
    token: bao.rootToken,
    variables: { [SAMPLE_BOOTSTRAP_VARIABLE]: pg.adminPassword },
    stateFile: join(work, `${name}.state.json`),
  });
}

test("applies every handled type, then a second apply reports no changes", async () => {
  const { top, sample } = stacks();
  expect((await apply(top, "top")).created).toBe(1);
  const first = await apply(sample, "sample");
  expect(first.created).toBe(first.resources.length);
  expect(new Set(first.resources.map((r) => r.type)).size).toBeGreaterThanOrEqual(14);
  expect(first.resources.every((r) => r.namespace === "harness")).toBe(true);
  const again = await apply(sample, "sample");
  expect(again.resources.filter((r) => r.action !== "no-change")).toEqual([]);
});

test("a changed argument is applied as exactly one update, naming the field", async () => {
  const result = await apply(stacks(12).sample, "sample");
  expect(result.resources.filter((r) => r.action !== "no-change").map((r) => [r.type, r.action, r.differences])).toEqual([
    ["vault_kv_secret_backend_v2", "update", ["max_versions"]],
  ]);
  const config = await fetch(`${bao.address}/v1/kv/config`, {
    headers: { "X-Vault-Token": bao.rootToken, "X-Vault-Namespace": "harness" },
  });
  expect(((await config.json()) as any).data.max_versions).toBe(12);
});

test("a JWT key set with the newline the server trims is changed again on every apply, as the real provider's plan shows", async () => {
  expect(publicKeyPem.endsWith("\n")).toBe(true);
  for (let i = 0; i < 2; i++) {
    const result = await apply(stacks(12, publicKeyPem).sample, "sample");
    expect(result.resources.filter((r) => r.action !== "no-change").map((r) => [r.type, r.action, r.differences])).toEqual([
      ["vault_jwt_auth_backend", "update", ["jwt_validation_pubkeys"]],
    ]);
  }
  expect((await apply(stacks(12).sample, "sample")).noChanges).toBe(true);
});

test("the write-only bootstrap password is sent, and never kept in the state file", async () => {
  const state = require("node:fs").readFileSync(join(work, "sample.state.json"), "utf8") as string;
  expect(state).not.toContain(pg.adminPassword);
  expect(state).toContain("password_wo_version");
});

test("refuses unknown resource types and unsupported expressions instead of skipping them", async () => {
  const unknown = {
    provider: { vault: [{ address: "x" }] },
    resource: { vault_rgp_policy: { p: { name: "p", policy: "x", enforcement_level: "soft-mandatory" } } },
  };
  await expect(apply(unknown, "bad")).rejects.toThrow(/no handler for vault_rgp_policy/);
  const expression = { provider: { vault: [{ address: "x" }] }, resource: { vault_policy: { p: { name: '${upper("p")}', policy: "x" } } } };
  await expect(apply(expression, "bad")).rejects.toThrow(/unsupported Terraform expression/);
  const missingVariable = {
    provider: { vault: [{ address: "x" }] },
    variable: { v: { ephemeral: true } },
    resource: { vault_policy: { p: { name: "${var.v}", policy: "x" } } },
  };
  await expect(applyVaultStack({ stack: missingVariable, address: bao.address, token: bao.rootToken })).rejects.toThrow(/TF_VAR_v/);
});
