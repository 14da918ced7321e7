import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverObjectsOfDir, type ServerObject } from "../../lib/analysis/identity/server-objects";
import { declaredOf, declaredRoles, dormancyDaysOf, retainedLocations } from "../../lib/audit/declared";
import { auditFindings } from "../../lib/audit/findings";
import { synthesizeInventory } from "../../lib/constructs/synthesize";
import { planInventory } from "../../lib/plan/inventory-plan";
import type { EnvironmentPlan } from "../../lib/plan/types";
import { SENSITIVITY_CLASSES } from "../../lib/inventory/class-defaults";
import { fixtureInventory } from "../support/inventories";

const inventory = fixtureInventory("realworld.yaml");
const plan = planInventory(inventory);
const prod = plan.environments.find((e) => e.tier === "production") as EnvironmentPlan;

let objects: ServerObject[] = [];
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "etl-secrets-audit-declared-"));
  try {
    synthesizeInventory(inventory, dir);
    objects = serverObjectsOfDir(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("declaredOf (realworld.yaml, production)", () => {
  it("declares each stored credential by the store item that holds its value", () => {
    const declared = declaredOf(prod, inventory.retirements, objects);
    for (const credential of prod.credentials) {
      const d = declared.credentials.find((c) => c.id === credential.id);
      if (credential.vault?.storedInKv) expect(d?.item).toEqual({ store: "vault-kv", location: credential.vault.metadataPath });
      if (credential.aws?.storesSecret) expect(d?.item).toEqual({ store: "secrets-manager", location: credential.aws.secretName });
      if (d?.item) expect(d.valueLocations.length).toBeGreaterThan(0);
      else expect(d?.dormancyDays).toBeUndefined();
    }
    expect(declared.credentials.filter((c) => c.item).length).toBeGreaterThan(0);
  });

  it("takes the shorter of the class and regulation dormancy periods", () => {
    for (const credential of prod.credentials) {
      const days = dormancyDaysOf(credential);
      expect(days).toBeLessThanOrEqual(SENSITIVITY_CLASSES[credential.register.sensitivity].dormancyDays);
      expect(days).toBeGreaterThan(0);
    }
  });

  it("takes the roles from the synthesized stacks of the environment only", () => {
    const roles = declaredRoles(prod.name, objects);
    const other = plan.environments.find((e) => e.name !== prod.name) as EnvironmentPlan;
    const otherRoles = declaredRoles(other.name, objects);
    expect(roles.some((r) => r.store === "vault-auth-role")).toBe(true);
    expect(roles.some((r) => r.store === "iam-role")).toBe(true);
    const approleConsumers = prod.serviceAccounts.filter((s) => s.auth.method === "approle");
    for (const account of approleConsumers) {
      expect(roles).toContainEqual({ store: "vault-auth-role", location: `auth/${prod.vault?.mounts.approle}/role/${account.id}` });
    }
    expect(roles.filter((r) => otherRoles.some((o) => o.store === r.store && o.location === r.location && r.store === "iam-role"))).toEqual(
      [],
    );
  });

  it("finds nothing when every store holds exactly what the environment declares, used today", () => {
    const declared = declaredOf(prod, inventory.retirements, objects);
    const now = new Date("2026-01-15T00:00:00Z");
    const items = [
      ...declared.credentials.flatMap((c) =>
        c.item
          ? [{ ...c.item, created: "2026-01-10T00:00:00Z", lastChange: "2026-01-10T00:00:00Z", lastRotated: "2026-01-10T00:00:00Z" }]
          : [],
      ),
      ...declared.roles,
    ];
    const accesses = declared.credentials.flatMap((c) =>
      c.valueLocations.map((location) => ({ location, last: "2026-01-14T00:00:00Z", source: "vault-audit-log" as const })),
    );
    const report = auditFindings(
      { ...declared, credentials: declared.credentials.map((c) => ({ ...c, reviewBy: "2027-01-01" })) },
      { items, accesses, coverage: [], unreadable: [] },
      now,
    );
    expect(report.findings).toEqual([]);
  });
});

describe("retainedLocations", () => {
  it("keeps a retired credential's KV key and secret, or everything under a retired connector, unless destroyed", () => {
    const kv = prod.vault?.mounts.kv;
    const retained = retainedLocations(prod, [
      { environment: prod.name, connector: "old", credential: "main", on: "2025-01-01", destroy: false },
      { environment: prod.name, connector: "gone", on: "2025-01-01", destroy: false },
      { environment: prod.name, connector: "burnt", on: "2025-01-01", destroy: true, approvedBy: "x" },
      { environment: "elsewhere", connector: "old", credential: "main", on: "2025-01-01", destroy: false },
    ]);
    expect(retained).toEqual([
      { store: "vault-kv", location: `${kv}/metadata/connectors/old/main`, connector: "old", credential: "main" },
      { store: "secrets-manager", location: `${prod.organization}/${prod.name}/old/main`, connector: "old", credential: "main" },
      { store: "vault-kv", location: `${kv}/metadata/connectors/gone/`, prefix: true, connector: "gone" },
      { store: "secrets-manager", location: `${prod.organization}/${prod.name}/gone/`, prefix: true, connector: "gone" },
    ]);
  });

  it("reports an item under a retired connector as retained through the prefix", () => {
    const retained = retainedLocations(prod, [{ environment: prod.name, connector: "gone", on: "2025-01-01", destroy: false }]);
    const report = auditFindings(
      { environment: prod.name, credentials: [], roles: [], retained },
      {
        items: [{ store: "secrets-manager", location: `${prod.organization}/${prod.name}/gone/api` }],
        accesses: [],
        coverage: [],
        unreadable: [],
      },
      new Date("2026-01-01T00:00:00Z"),
    );
    expect(report.findings.map((f) => [f.kind, f.connector])).toEqual([["retained", "gone"]]);
  });
});
