/*
 * The auditor on a real OpenBao: the synthesized `<env>-auditor` policy text, a token that holds
 * only it, planted shadow / retained / overdue KV keys and a shadow AppRole role; the reader and the
 * findings core find exactly them, and a value read with the auditor's token is refused (403).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditFindings } from "../../lib/audit/findings";
import { readVaultObservations } from "../../lib/audit/readers/vault-metadata";
import type { Declared } from "../../lib/audit/types";
import { auditorPolicyDocument } from "../../lib/policy/vault/auditor-policy";
import { renderVaultPolicy } from "../../lib/policy/vault/policy-text";
import { planInventory } from "../../lib/plan/inventory-plan";
import { fixtureInventory } from "../support/inventories";
import { startOpenBao, type OpenBaoServer } from "../support/live/engines";

jest.setTimeout(120_000);

let bao: OpenBaoServer;
let work: string;

async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${bao.address}/v1/${path}`, {
    method,
    headers: { "X-Vault-Token": token, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "live-audit-"));
  bao = await startOpenBao([], work);
});
afterAll(async () => {
  await bao?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("the auditor on OpenBao", () => {
  it("finds the planted shadow, retained and overdue items, and cannot read a value", async () => {
    const root = bao.rootToken;
    const prod = planInventory(fixtureInventory("realworld.yaml")).environments.find((e) => e.tier === "production")!;
    const scope = { kv: "kv", database: "database", approle: "approle", authMounts: ["approle"] };
    expect((await api("POST", "sys/mounts/kv", root, { type: "kv", options: { version: "2" } })).status).toBe(204);
    expect((await api("POST", "sys/auth/approle", root, { type: "approle" })).status).toBe(204);
    const policy = renderVaultPolicy(auditorPolicyDocument(prod, scope));
    expect((await api("PUT", "sys/policies/acl/prod-auditor", root, { policy })).status).toBe(204);

    // Declared and used: orders/main. Shadow: ghost/main. Retained: legacy/main. Overdue: stale/main (its value is old at --now).
    for (const key of ["orders/main", "ghost/main", "legacy/main", "stale/main"]) {
      expect((await api("POST", `kv/data/connectors/${key}`, root, { data: { value: `planted-${key}` } })).status).toBe(200);
    }
    expect((await api("POST", "auth/approle/role/loader", root, { token_policies: ["default"] })).status).toBe(204);
    expect((await api("POST", "auth/approle/role/ghost-job", root, { token_policies: ["default"] })).status).toBe(204);
    const token = (await api("POST", "auth/token/create", root, { policies: ["prod-auditor"], no_default_policy: true, ttl: "10m" })).body
      .auth.client_token as string;

    const observed = await readVaultObservations({ address: bao.address, token, kv: "kv", authMounts: ["approle"] });
    expect(observed.unreadable).toEqual([]);
    expect(observed.items.map((i) => `${i.store} ${i.location}`).sort()).toEqual([
      "vault-auth-role auth/approle/role/ghost-job",
      "vault-auth-role auth/approle/role/loader",
      "vault-kv kv/metadata/connectors/ghost/main",
      "vault-kv kv/metadata/connectors/legacy/main",
      "vault-kv kv/metadata/connectors/orders/main",
      "vault-kv kv/metadata/connectors/stale/main",
    ]);
    const written = observed.items.find((i) => i.location === "kv/metadata/connectors/stale/main")!;
    expect(written.lastChange).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // Judged 120 days after the writes: stale/main (reminder, 90 days) is overdue; orders/main was rotated "today".
    const now = new Date(Date.parse(written.lastChange!) + 120 * 86_400_000);
    const credential = (connector: string, days: number) => ({
      id: `${connector}/main`,
      connector,
      credential: "main",
      store: "vault" as const,
      state: "active" as const,
      item: { store: "vault-kv" as const, location: `kv/metadata/connectors/${connector}/main` },
      valueLocations: [`kv/data/connectors/${connector}/main`],
      ownedLocations: [],
      rotation: { days, mode: "reminder" as const },
      reviewBy: "2999-01-01",
    });
    const declared: Declared = {
      environment: "prod",
      credentials: [credential("orders", 365), credential("stale", 90)],
      roles: [{ store: "vault-auth-role", location: "auth/approle/role/loader" }],
      retained: [{ store: "vault-kv", location: "kv/metadata/connectors/legacy/main", connector: "legacy", credential: "main" }],
    };
    const report = auditFindings(declared, observed, now);
    expect(report.findings.map((f) => `${f.kind} ${f.location}`)).toEqual([
      "retained kv/metadata/connectors/legacy/main",
      "rotation-overdue kv/metadata/connectors/stale/main",
      "shadow-role auth/approle/role/ghost-job",
      "shadow-secret kv/metadata/connectors/ghost/main",
    ]);
    expect(JSON.stringify(report)).not.toContain("planted-");

    // The live proof beside simulate's static one: the auditor's token reads no value and mints no secret id.
    expect((await api("GET", "kv/data/connectors/orders/main", token)).status).toBe(403);
    expect((await api("GET", "auth/approle/role/loader/role-id", token)).status).toBe(403);
    expect((await api("POST", "auth/approle/role/loader/secret-id", token, {})).status).toBe(403);
    // ...but lists secret-id accessors (the trailing-slash LIST pattern).
    expect((await api("POST", "auth/approle/role/loader/secret-id", root, {})).status).toBe(200);
    const accessors = await api("LIST", "auth/approle/role/loader/secret-id", token);
    expect(accessors.status).toBe(200);
    expect(accessors.body.data.keys).toHaveLength(1);
  });
});
