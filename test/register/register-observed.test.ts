import fc from "fast-check";
import { formatAuditJson } from "../../lib/audit/format";
import { AUDIT_FORMAT, type AuditReport, type Finding } from "../../lib/audit/types";
import { buildRegister } from "../../lib/register/register";
import { registerToCsv, registerToMarkdown } from "../../lib/register/register-format";
import { mergeObserved, ObservedReportError, readObservedReport } from "../../lib/register/register-observed";
import { fixtureInventory } from "../support/inventories";
import { propertyRuns } from "../support/property-runs";

const inventory = fixtureInventory("realworld.yaml");
const TODAY = "2026-06-30";

function overdue(connector: string, credential: string, date: string): Finding {
  return {
    kind: "rotation-overdue",
    store: "vault-kv",
    location: `kv/metadata/${connector}/${credential}`,
    connector,
    credential,
    evidence: { source: "vault-kv-metadata", date: `${date}T10:00:00Z` },
    detail: `last change ${date}, period 90 days: due 2026-03-01 (121 days overdue)`,
  };
}

function report(environment: string, findings: Finding[]): string {
  const body: AuditReport = { format: AUDIT_FORMAT, environment, now: TODAY, findings, unknown: [] };
  return formatAuditJson(body);
}

describe("register --observed: merging an audit report", () => {
  it("flags overdue-rotation beside overdue-review and records the last change per environment", () => {
    const rows = buildRegister(inventory, "2030-01-01");
    const merged = mergeObserved(rows, [
      readObservedReport(report("prod", [overdue("netsuite-erp", "main", "2025-11-01")]), "r", inventory),
    ]);
    const row = merged.find((r) => r.connector === "netsuite-erp" && r.credential === "main")!;
    expect(row.flags.slice(0, 2)).toEqual(["overdue-review", "overdue-rotation"]);
    expect(row.lastChange).toEqual(["prod 2025-11-01"]);
    expect(row.notes.some((n) => n.startsWith("rotation overdue in prod (audit of 2026-06-30)"))).toBe(true);
    const other = merged.find((r) => r.connector === "kafka-events")!;
    expect(other.flags).not.toContain("overdue-rotation");
    expect(other.lastChange).toEqual([]);
  });

  it("puts overdue-rotation first when the review is not overdue, and shows both in csv and markdown", () => {
    const rows = buildRegister(inventory, "2000-01-01");
    const merged = mergeObserved(rows, [
      readObservedReport(report("dev", [overdue("netsuite-erp", "main", "2025-10-02")]), "a", inventory),
      readObservedReport(report("prod", [overdue("netsuite-erp", "main", "2025-11-01")]), "b", inventory),
    ]);
    const row = merged.find((r) => r.connector === "netsuite-erp")!;
    expect(row.flags[0]).toBe("overdue-rotation");
    expect(row.lastChange).toEqual(["dev 2025-10-02", "prod 2025-11-01"]);
    const csv = registerToCsv(merged).split("\n");
    expect(csv[0]).toContain(",rotation_exemption,last_change,consumers,");
    expect(csv.find((l) => l.startsWith("netsuite-erp,main,"))).toContain(",dev 2025-10-02 prod 2025-11-01,");
    const md = registerToMarkdown(merged, inventory.organization, "2000-01-01");
    expect(md).toContain("- `netsuite-erp/main` (revenue-team): **rotation overdue** (last change dev 2025-10-02, prod 2025-11-01)");
    expect(md).toContain("| rotation | last change | review by |");
  });

  it("ignores a finding of an environment the connector is not deployed in", () => {
    const rows = buildRegister(inventory, TODAY);
    const dev = rows.find((r) => !r.environments.includes("prod"));
    if (!dev) return expect(rows.every((r) => r.environments.includes("prod"))).toBe(true);
    const merged = mergeObserved(rows, [
      readObservedReport(report("prod", [overdue(dev.connector, dev.credential, "2025-01-01")]), "r", inventory),
    ]);
    expect(merged.find((r) => r.connector === dev.connector && r.credential === dev.credential)!.flags).not.toContain("overdue-rotation");
  });

  it("refuses another schema, an undeclared environment or organization, a foreign connector, two reports of one environment", () => {
    const good = report("prod", []);
    const refuse = (text: string) => expect(() => readObservedReport(text, "r.json", inventory)).toThrow(ObservedReportError);
    refuse("not json");
    refuse(good.replace(AUDIT_FORMAT, "etl-secrets-audit/2"));
    refuse(report("staging", []));
    refuse(JSON.stringify({ ...JSON.parse(good), organization: "other-org" }));
    refuse(report("prod", [overdue("not-a-connector", "main", "2025-01-01")]));
    refuse(report("prod", [overdue("netsuite-erp", "not-a-credential", "2025-01-01")]));
    refuse(JSON.stringify({ ...JSON.parse(good), findings: [{ kind: "made-up" }] }));
    expect(
      readObservedReport(JSON.stringify({ ...JSON.parse(good), organization: inventory.organization }), "r", inventory).environment,
    ).toBe("prod");
    const one = readObservedReport(good, "r", inventory);
    expect(() => mergeObserved(buildRegister(inventory, TODAY), [one, one])).toThrow(/two reports of environment "prod"/);
  });

  it("property: the merge only adds overdue-rotation, notes and lastChange; everything else is the register unchanged", () => {
    const rows = buildRegister(inventory, TODAY);
    const pairs = rows.map((r) => [r.connector, r.credential] as const);
    const envs = inventory.environments.map((e) => e.name);
    fc.assert(
      fc.property(
        fc.subarray(envs, { minLength: 1 }),
        fc.array(fc.tuple(fc.constantFrom(...pairs), fc.constantFrom(...envs), fc.integer({ min: 0, max: 3000 }))),
        (chosen, picks) => {
          const reports = chosen.map((env) =>
            readObservedReport(
              report(
                env,
                picks
                  .filter(([, e]) => e === env)
                  .map(([[c, k], , d]) => overdue(c, k, new Date(Date.UTC(2020, 0, 1) + d * 86400000).toISOString().slice(0, 10))),
              ),
              env,
              inventory,
            ),
          );
          const merged = mergeObserved(rows, reports);
          expect(merged).toHaveLength(rows.length);
          merged.forEach((m, i) => {
            const { flags, notes, lastChange, ...rest } = m;
            const { flags: f0, notes: n0, ...rest0 } = rows[i]!;
            expect(rest).toEqual(rest0);
            expect(flags.filter((f) => f !== "overdue-rotation")).toEqual(f0);
            expect(notes.slice(0, n0.length)).toEqual(n0);
            const expected = picks.some(
              ([[c, k], e]) => c === m.connector && k === m.credential && chosen.includes(e) && m.environments.includes(e),
            );
            expect(flags.includes("overdue-rotation")).toBe(expected);
            expect((lastChange ?? []).length > 0).toBe(expected);
          });
        },
      ),
      { numRuns: propertyRuns(60) },
    );
  });
});
