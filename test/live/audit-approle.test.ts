/*
 * AppRole secret-id use as the audit's weak dormancy signal, on a real OpenBao: the synthesized
 * `<env>-auditor` policy lists a consumer role's secret-id accessors and looks them up; after the
 * consumer logs in with its secret id, the lookup's `last_updated_time` is a use of the credential
 * the consumer is granted (mapped through the plan's service accounts). The auditor cannot create
 * or read a secret id.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { declaredOf } from "../../lib/audit/declared";
import { auditFindings } from "../../lib/audit/findings";
import { appRoleUsesOf, readAppRoleSecretIdUse } from "../../lib/audit/readers/approle-secret-ids";
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
  work = mkdtempSync(join(tmpdir(), "live-audit-approle-"));
  bao = await startOpenBao([], work);
});
afterAll(async () => {
  await bao?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("AppRole secret-id use on OpenBao", () => {
  it("a login with a consumer's secret id is a use of the credential it reads, judged dormant only after the period", async () => {
    const root = bao.rootToken;
    const inventory = fixtureInventory("acme.yaml");
    const staging = planInventory(inventory).environments.find((e) => e.name === "staging")!;
    const declared = declaredOf(staging, inventory.retirements, []);
    const uses = appRoleUsesOf(staging, declared);
    expect(uses).toEqual([{ role: "payments-ingest", valueLocations: ["kv/data/connectors/stripe-api/main"] }]);

    expect((await api("POST", "sys/auth/approle", root, { type: "approle" })).status).toBe(204);
    const policy = renderVaultPolicy(auditorPolicyDocument(staging, { kv: "kv", approle: "approle", authMounts: ["approle"] }));
    expect((await api("PUT", "sys/policies/acl/staging-auditor", root, { policy })).status).toBe(204);
    const account = staging.serviceAccounts.find((a) => a.id === "payments-ingest")!;
    expect(
      (
        await api("POST", "auth/approle/role/payments-ingest", root, {
          token_policies: ["default"],
          secret_id_num_uses: account.approle!.secretIdUses,
        })
      ).status,
    ).toBe(204);
    const roleId = (await api("GET", "auth/approle/role/payments-ingest/role-id", root)).body.data.role_id as string;
    const issued = (await api("POST", "auth/approle/role/payments-ingest/secret-id", root)).body.data;
    const token = (await api("POST", "auth/token/create", root, { policies: ["staging-auditor"], no_default_policy: true, ttl: "10m" }))
      .body.auth.client_token as string;

    const before = await readAppRoleSecretIdUse({ address: bao.address, token, mount: "approle", uses });
    expect(before.unreadable).toEqual([]);
    const created = (
      await api("POST", "auth/approle/role/payments-ingest/secret-id-accessor/lookup", root, {
        secret_id_accessor: issued.secret_id_accessor,
      })
    ).body.data;
    expect(before.accesses).toEqual([
      {
        location: "kv/data/connectors/stripe-api/main",
        last: new Date(Date.parse(created.creation_time)).toISOString(),
        source: "approle-secret-id",
      },
    ]);

    await new Promise((r) => setTimeout(r, 1100));
    expect((await api("POST", "auth/approle/login", "", { role_id: roleId, secret_id: issued.secret_id })).status).toBe(200);
    const after = await readAppRoleSecretIdUse({ address: bao.address, token, mount: "approle", uses });
    const used = (
      await api("POST", "auth/approle/role/payments-ingest/secret-id-accessor/lookup", root, {
        secret_id_accessor: issued.secret_id_accessor,
      })
    ).body.data;
    expect(Date.parse(used.last_updated_time)).toBeGreaterThan(Date.parse(used.creation_time));
    expect(after.accesses).toEqual([
      {
        location: "kv/data/connectors/stripe-api/main",
        last: new Date(Date.parse(used.last_updated_time)).toISOString(),
        source: "approle-secret-id",
      },
    ]);
    expect(after.coverage).toEqual([]);

    // Judged by the findings core: used today is not dormant; 61 days later (period 60) it is, on this evidence.
    const day = Date.parse(after.accesses[0]!.last.slice(0, 10));
    expect(auditFindings(declared, after, new Date(day + 12 * 3_600_000)).findings.filter((f) => f.kind === "dormant")).toEqual([]);
    const later = auditFindings(declared, after, new Date(day + 61 * 86_400_000 + 12 * 3_600_000)).findings.filter(
      (f) => f.kind === "dormant",
    );
    expect(later.map((f) => `${f.credential} ${f.evidence.source} ${f.evidence.date}`)).toEqual([
      `main approle-secret-id ${after.accesses[0]!.last}`,
    ]);
    expect(later[0]!.connector).toBe("stripe-api");

    // The auditor never gets a secret id.
    expect((await api("POST", "auth/approle/role/payments-ingest/secret-id", token)).status).toBe(403);
    expect(JSON.stringify(after)).not.toContain(issued.secret_id);
  });
});
