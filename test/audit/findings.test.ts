import fc from "fast-check";
import { auditFindings, QUARANTINE_LOOKBACK_DAYS } from "../../lib/audit/findings";
import { formatAuditJson, formatAuditText } from "../../lib/audit/format";
import type {
  AccessRecord,
  AuditStore,
  Declared,
  EvidenceSource,
  DeclaredCredential,
  Observations,
  StoreItem,
} from "../../lib/audit/types";
import { propertyRuns } from "../support/property-runs";

const NOW = new Date("2026-06-30T12:00:00Z");

function vaultCredential(over: Partial<DeclaredCredential> = {}): DeclaredCredential {
  const connector = over.connector ?? "orders";
  const credential = over.credential ?? "main";
  return {
    id: `${connector}/${credential}`,
    connector,
    credential,
    store: "vault",
    state: "active",
    item: { store: "vault-kv", location: `prod-kv/metadata/connectors/${connector}/${credential}` },
    valueLocations: [`prod-kv/data/connectors/${connector}/${credential}`],
    ownedLocations: [],
    rotation: { days: 90, mode: "reminder" },
    dormancyDays: 30,
    reviewBy: "2026-12-31",
    ...over,
  };
}

function awsCredential(over: Partial<DeclaredCredential> = {}): DeclaredCredential {
  const connector = over.connector ?? "billing";
  const credential = over.credential ?? "main";
  return {
    id: `${connector}/${credential}`,
    connector,
    credential,
    store: "aws",
    state: "active",
    item: { store: "secrets-manager", location: `acme/prod/${connector}/${credential}` },
    valueLocations: [`acme/prod/${connector}/${credential}`],
    ownedLocations: [],
    rotation: { days: 30, mode: "secrets-manager" },
    dormancyDays: 60,
    reviewBy: "2026-12-31",
    ...over,
  };
}

function declared(credentials: DeclaredCredential[], extra: Partial<Declared> = {}): Declared {
  return { environment: "prod", credentials, roles: [], retained: [], ...extra };
}

function observed(over: Partial<Observations> = {}): Observations {
  return {
    items: [],
    accesses: [],
    coverage: [
      { store: "secrets-manager", source: "secrets-manager" },
      { store: "vault", source: "vault-audit-log", since: "2026-01-01T00:00:00Z" },
    ],
    unreadable: [],
    ...over,
  };
}

const kvItem = (connector: string, credential: string, over: Partial<StoreItem> = {}): StoreItem => ({
  store: "vault-kv",
  location: `prod-kv/metadata/connectors/${connector}/${credential}`,
  created: "2026-06-01T00:00:00Z",
  lastChange: "2026-06-01T00:00:00Z",
  ...over,
});

const kinds = (report: ReturnType<typeof auditFindings>) => report.findings.map((f) => `${f.kind} ${f.location}`);

describe("auditFindings: what the stores hold against the inventory", () => {
  it("reports nothing for a declared, active, recently used, recently rotated credential", () => {
    const report = auditFindings(
      declared([vaultCredential()]),
      observed({
        items: [kvItem("orders", "main")],
        accesses: [{ location: "prod-kv/data/connectors/orders/main", last: "2026-06-29T08:00:00Z", source: "vault-audit-log" }],
      }),
      NOW,
    );
    expect(report.findings).toEqual([]);
    expect(report.unknown).toEqual([]);
  });

  it.each([
    ["a KV key", "shadow-secret", { store: "vault-kv", location: "prod-kv/metadata/connectors/ghost/main" }],
    ["a Secrets Manager secret", "shadow-secret", { store: "secrets-manager", location: "acme/prod/ghost/main" }],
    ["an AppRole role", "shadow-role", { store: "vault-auth-role", location: "auth/prod-approle/role/ghost" }],
    ["a database role", "shadow-role", { store: "vault-database-role", location: "prod-database/roles/ghost" }],
    ["an IAM role under the environment's path", "shadow-role", { store: "iam-role", location: "/acme/prod/acme-prod-ghost" }],
  ] as const)("reports %s nobody declared as %s", (_what, kind, item) => {
    const report = auditFindings(declared([]), observed({ items: [{ ...item, created: "2026-05-01T00:00:00Z" }] }), NOW);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind,
        store: item.store,
        location: item.location,
        evidence: { source: expect.any(String), date: "2026-05-01T00:00:00Z" },
      }),
    ]);
  });

  it("does not report roles and owned objects the stacks declare", () => {
    const credential = vaultCredential({ ownedLocations: ["prod-database/static-roles/orders-main"] });
    const report = auditFindings(
      declared([credential], { roles: [{ store: "vault-auth-role", location: "auth/prod-approle/role/loader" }] }),
      observed({
        items: [
          kvItem("orders", "main"),
          { store: "vault-auth-role", location: "auth/prod-approle/role/loader" },
          { store: "vault-database-role", location: "prod-database/static-roles/orders-main" },
        ],
        accesses: [{ location: "prod-kv/data/connectors/orders/main", last: "2026-06-29", source: "vault-audit-log" }],
      }),
      NOW,
    );
    expect(report.findings).toEqual([]);
  });

  it("reports a retired item that is still there as retained, never as shadow", () => {
    const retiredConnector = vaultCredential({ connector: "legacy", state: "retired" });
    const report = auditFindings(
      declared([retiredConnector], {
        retained: [{ store: "secrets-manager", location: "acme/prod/old-crm/main", connector: "old-crm", credential: "main" }],
      }),
      observed({
        items: [
          kvItem("legacy", "main"),
          { store: "secrets-manager", location: "acme/prod/old-crm/main", created: "2025-01-01T00:00:00Z" },
        ],
      }),
      NOW,
    );
    expect(kinds(report)).toEqual(["retained acme/prod/old-crm/main", "retained prod-kv/metadata/connectors/legacy/main"]);
    expect(report.findings.map((f) => [f.connector, f.credential])).toEqual([
      ["old-crm", "main"],
      ["legacy", "main"],
    ]);
  });

  it("checks nothing else of a retired credential (no review, rotation or dormancy)", () => {
    const retired = vaultCredential({ state: "retired", reviewBy: "2020-01-01" });
    const report = auditFindings(
      declared([retired]),
      observed({ items: [kvItem("orders", "main", { created: "2020-01-01", lastChange: "2020-01-01" })] }),
      NOW,
    );
    expect(kinds(report)).toEqual(["retained prod-kv/metadata/connectors/orders/main"]);
  });
});

describe("auditFindings: dormancy", () => {
  it("reports a credential last used longer ago than its period, not one used within it", () => {
    const credentials = [vaultCredential({ connector: "old" }), vaultCredential({ connector: "fresh" })];
    const report = auditFindings(
      declared(credentials),
      observed({
        items: [kvItem("old", "main"), kvItem("fresh", "main")],
        accesses: [
          { location: "prod-kv/data/connectors/old/main", last: "2026-05-30T23:00:00Z", source: "vault-audit-log" },
          { location: "prod-kv/data/connectors/fresh/main", last: "2026-05-31T00:00:00Z", source: "vault-audit-log" },
        ],
      }),
      NOW,
    );
    // 2026-06-30 minus 2026-05-30 is 31 days (> 30); minus 2026-05-31 is 30 days (not more than 30).
    expect(kinds(report)).toEqual(["dormant prod-kv/metadata/connectors/old/main"]);
    expect(report.findings[0]?.evidence).toEqual({ source: "vault-audit-log", date: "2026-05-30T23:00:00Z" });
  });

  it("reports a Secrets Manager secret never retrieved and older than the period (LastAccessedDate absent)", () => {
    const report = auditFindings(
      declared([awsCredential({ connector: "old" }), awsCredential({ connector: "new" })]),
      observed({
        items: [
          { store: "secrets-manager", location: "acme/prod/old/main", created: "2026-04-01T00:00:00Z", lastChange: "2026-06-20T00:00:00Z" },
          { store: "secrets-manager", location: "acme/prod/new/main", created: "2026-06-01T00:00:00Z", lastChange: "2026-06-20T00:00:00Z" },
        ],
      }),
      NOW,
    );
    expect(kinds(report)).toEqual(["dormant acme/prod/old/main"]);
    expect(report.findings[0]?.evidence.source).toBe("secrets-manager");
  });

  it("says unknown, not dormant, when no access record covers the period", () => {
    const vaultNoLog = observed({ items: [kvItem("orders", "main", { created: "2025-01-01" })], coverage: [] });
    const recentLog = observed({
      items: [kvItem("orders", "main", { created: "2025-01-01" })],
      coverage: [{ store: "vault", source: "vault-audit-log", since: "2026-06-15T00:00:00Z" }],
    });
    for (const observations of [vaultNoLog, recentLog]) {
      const report = auditFindings(declared([vaultCredential()]), observations, NOW);
      expect(report.findings).toEqual([]);
      expect(report.unknown).toEqual([
        { location: "prod-kv/metadata/connectors/orders/main", why: "no access record covers the last 30 days: dormancy not checked" },
      ]);
    }
  });

  it("uses the latest access over every value location and every source", () => {
    const credential = vaultCredential({
      valueLocations: ["prod-kv/data/connectors/orders/main", "prod-database/static-creds/orders-main"],
    });
    const report = auditFindings(
      declared([credential]),
      observed({
        items: [kvItem("orders", "main")],
        accesses: [
          { location: "prod-kv/data/connectors/orders/main", last: "2026-01-02", source: "vault-audit-log" },
          { location: "prod-database/static-creds/orders-main", last: "2026-06-28", source: "approle-secret-id" },
        ],
      }),
      NOW,
    );
    expect(report.findings).toEqual([]);
  });

  it("does not check dormancy where the declaration gives no period (issued, dynamic, role-only credentials)", () => {
    const report = auditFindings(
      declared([vaultCredential({ dormancyDays: undefined })]),
      observed({ items: [kvItem("orders", "main", { created: "2020-01-01" })] }),
      NOW,
    );
    expect(report.findings).toEqual([]);
  });
});

describe("auditFindings: rotation and review", () => {
  it("reports a reminder credential whose value last changed more than its period ago", () => {
    const report = auditFindings(
      declared([vaultCredential({ rotation: { days: 30, mode: "reminder" } })]),
      observed({
        items: [kvItem("orders", "main", { lastChange: "2026-05-29T10:00:00Z" })],
        accesses: [{ location: "prod-kv/data/connectors/orders/main", last: "2026-06-29", source: "vault-audit-log" }],
      }),
      NOW,
    );
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: "rotation-overdue",
        detail: "last change 2026-05-29, period 30 days: due 2026-06-28 (2 days overdue)",
      }),
    ]);
  });

  it("uses LastRotatedDate for Secrets Manager rotation, the current version's date for reminders", () => {
    const rotated = awsCredential({ connector: "rotated" });
    const reminder = awsCredential({ connector: "reminded", rotation: { days: 30, mode: "reminder" } });
    const item = (connector: string): StoreItem => ({
      store: "secrets-manager",
      location: `acme/prod/${connector}/main`,
      created: "2026-01-01T00:00:00Z",
      lastChange: "2026-04-01T00:00:00Z",
      lastRotated: "2026-06-25T00:00:00Z",
    });
    const accesses: AccessRecord[] = ["rotated", "reminded"].map((c) => ({
      location: `acme/prod/${c}/main`,
      last: "2026-06-30",
      source: "secrets-manager",
    }));
    const report = auditFindings(declared([rotated, reminder]), observed({ items: [item("rotated"), item("reminded")], accesses }), NOW);
    expect(kinds(report)).toEqual(["rotation-overdue acme/prod/reminded/main"]);
  });

  it("reports a static role from last_vault_rotation, and an unknown date as unknown", () => {
    const credential = vaultCredential({
      item: { store: "vault-database-role", location: "prod-database/static-roles/orders-main" },
      rotation: { days: 7, mode: "vault-static-role" },
      dormancyDays: undefined,
    });
    const late = auditFindings(
      declared([credential]),
      observed({
        items: [{ store: "vault-database-role", location: "prod-database/static-roles/orders-main", lastChange: "2026-06-01T00:00:00Z" }],
      }),
      NOW,
    );
    expect(late.findings).toEqual([
      expect.objectContaining({ kind: "rotation-overdue", evidence: { source: "vault-static-role", date: "2026-06-01T00:00:00Z" } }),
    ]);
    const undated = auditFindings(
      declared([credential]),
      observed({ items: [{ store: "vault-database-role", location: "prod-database/static-roles/orders-main" }] }),
      NOW,
    );
    expect(undated.findings).toEqual([]);
    expect(undated.unknown).toEqual([
      { location: "prod-database/static-roles/orders-main", why: "the store gives no date of the last change: rotation not checked" },
    ]);
  });

  it("reports a review date in the past, not today's", () => {
    const report = auditFindings(
      declared([
        awsCredential({ connector: "late", reviewBy: "2026-06-29", dormancyDays: undefined, rotation: undefined }),
        awsCredential({ connector: "today", reviewBy: "2026-06-30", dormancyDays: undefined, rotation: undefined }),
      ]),
      observed({
        items: [
          { store: "secrets-manager", location: "acme/prod/late/main" },
          { store: "secrets-manager", location: "acme/prod/today/main" },
        ],
      }),
      NOW,
    );
    expect(kinds(report)).toEqual(["review-overdue acme/prod/late/main"]);
  });
});

describe("auditFindings: quarantine and unknowns", () => {
  it("reports a quarantined credential read within the look-back, and no dormancy for it", () => {
    const q = (connector: string) => vaultCredential({ connector, state: "quarantined" });
    const report = auditFindings(
      declared([q("recent"), q("quiet")]),
      observed({
        items: [kvItem("recent", "main", { created: "2025-01-01" }), kvItem("quiet", "main", { created: "2025-01-01" })],
        accesses: [
          { location: "prod-kv/data/connectors/recent/main", last: "2026-06-29T03:00:00Z", source: "vault-audit-log" },
          {
            location: "prod-kv/data/connectors/quiet/main",
            last: `2026-06-${30 - QUARANTINE_LOOKBACK_DAYS - 1}T03:00:00Z`,
            source: "vault-audit-log",
          },
        ],
      }),
      NOW,
    );
    expect(kinds(report)).toEqual(["quarantined-accessed prod-kv/metadata/connectors/recent/main"]);
  });

  it("with lifecycle.quarantinedOn: a read on a later day is quarantined-accessed, however long ago; one on that day or before, or after now, is not", () => {
    const q = (connector: string) => vaultCredential({ connector, state: "quarantined", quarantinedOn: "2026-05-01" });
    const read = (connector: string, day: string) => ({
      location: `prod-kv/data/connectors/${connector}/main`,
      last: `${day}T03:00:00Z`,
      source: "vault-audit-log" as const,
    });
    const report = auditFindings(
      declared([q("after"), q("same-day"), q("before"), q("future")]),
      observed({
        accesses: [read("after", "2026-05-02"), read("same-day", "2026-05-01"), read("before", "2026-04-20"), read("future", "2026-07-02")],
      }),
      NOW,
    );
    expect(kinds(report)).toEqual(["quarantined-accessed prod-kv/metadata/connectors/after/main"]);
    expect(report.findings[0]!.detail).toBe("quarantined on 2026-05-01, read on 2026-05-02");
  });

  it("turns unreadable locations and missing declared items into unknowns, never findings", () => {
    const report = auditFindings(
      declared([vaultCredential({ connector: "missing" }), awsCredential({ connector: "hidden" })]),
      observed({ unreadable: [{ location: "acme/prod/hidden/main", why: "AccessDenied on DescribeSecret" }] }),
      NOW,
    );
    expect(report.findings).toEqual([]);
    expect(report.unknown).toEqual([
      { location: "acme/prod/hidden/main", why: "AccessDenied on DescribeSecret" },
      { location: "prod-kv/metadata/connectors/missing/main", why: "declared, not found in the store (not applied or not seeded yet?)" },
    ]);
  });

  it("refuses an invalid clock", () => {
    expect(() => auditFindings(declared([]), observed(), new Date("not a date"))).toThrow(RangeError);
  });
});

describe("audit report formats", () => {
  const report = () =>
    auditFindings(
      declared([vaultCredential({ reviewBy: "2026-01-01" })]),
      observed({
        items: [kvItem("orders", "main"), { store: "iam-role", location: "/acme/prod/ghost", created: "2026-02-03T04:05:06Z" }],
        accesses: [{ location: "prod-kv/data/connectors/orders/main", last: "2026-06-29", source: "vault-audit-log" }],
      }),
      NOW,
    );

  it("writes etl-secrets-audit/1 JSON with a fixed key order", () => {
    expect(formatAuditJson(report())).toBe(
      `${JSON.stringify(
        {
          format: "etl-secrets-audit/1",
          environment: "prod",
          now: "2026-06-30",
          findings: [
            {
              kind: "review-overdue",
              store: "vault-kv",
              location: "prod-kv/metadata/connectors/orders/main",
              connector: "orders",
              credential: "main",
              evidence: { source: "inventory", date: "2026-01-01" },
              detail: "review was due by 2026-01-01 (180 days ago)",
            },
            {
              kind: "shadow-role",
              store: "iam-role",
              location: "/acme/prod/ghost",
              evidence: { source: "iam", date: "2026-02-03T04:05:06Z" },
              detail: "present in the store, declared nowhere in the inventory (created 2026-02-03)",
            },
          ],
          unknown: [],
        },
        null,
        2,
      )}\n`,
    );
  });

  it("writes one text block per finding", () => {
    const text = formatAuditText(report());
    expect(text.split("\n")[0]).toBe("audit of environment prod on 2026-06-30: 2 findings, 0 unknown");
    expect(text).toContain("shadow-role");
    expect(text).toContain("/acme/prod/ghost");
  });
});

describe("auditFindings: properties", () => {
  const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString());
  const store = fc.constantFrom<AuditStore[]>("vault-kv", "secrets-manager", "vault-auth-role", "vault-database-role", "iam-role");
  const location = fc.constantFrom(
    "prod-kv/metadata/connectors/orders/main",
    "acme/prod/billing/main",
    "auth/a/role/x",
    "/acme/prod/r",
    "prod-kv/data/connectors/orders/main",
  );
  const item = fc
    .record({
      store,
      location,
      created: fc.option(day, { nil: undefined }),
      lastChange: fc.option(day, { nil: undefined }),
      lastRotated: fc.option(day, { nil: undefined }),
    })
    .map((raw) => Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as unknown as StoreItem);
  const access = fc.record({
    location,
    last: day,
    source: fc.constantFrom<EvidenceSource[]>("vault-audit-log", "secrets-manager", "approle-secret-id"),
  });

  it("gives the same report for any order of the observations", () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 8 }),
        fc.array(access, { maxLength: 8 }),
        fc.integer({ min: 0, max: 400 }),
        (items, accesses, nowDay) => {
          const now = new Date(Date.UTC(2026, 0, 1) + nowDay * 86_400_000);
          const d = declared([vaultCredential(), awsCredential(), vaultCredential({ connector: "q", state: "quarantined" })], {
            retained: [{ store: "iam-role", location: "/acme/prod/r" }],
          });
          const forward = auditFindings(d, observed({ items, accesses }), now);
          const backward = auditFindings(d, observed({ items: [...items].reverse(), accesses: [...accesses].reverse() }), now);
          expect(formatAuditJson(backward)).toBe(formatAuditJson(forward));
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });

  it("never reports a declared, active, recently used, recently changed credential under review", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 365 }),
        fc.integer({ min: 1, max: 365 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (period, rotationDays, aws, offset) => {
          const now = new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000);
          const recent = new Date(now.getTime() - 86_400_000 * Math.min(period, rotationDays, 1)).toISOString();
          const base = aws ? awsCredential() : vaultCredential();
          const credential = {
            ...base,
            dormancyDays: period,
            rotation: { days: rotationDays, mode: base.rotation?.mode ?? "reminder" },
            reviewBy: now.toISOString().slice(0, 10),
          } as DeclaredCredential;
          const report = auditFindings(
            declared([credential]),
            observed({
              items: [
                {
                  store: credential.item!.store,
                  location: credential.item!.location,
                  created: "2020-01-01T00:00:00Z",
                  lastChange: recent,
                  lastRotated: recent,
                },
              ],
              accesses: [{ location: credential.valueLocations[0]!, last: recent, source: aws ? "secrets-manager" : "vault-audit-log" }],
            }),
            now,
          );
          expect(report.findings).toEqual([]);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });
});
