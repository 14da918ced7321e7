import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument } from "../support/inventories";

type Doc = Record<string, any>;

function issues(retirements: Doc[], edit?: (doc: Doc) => void): string[] {
  const doc = fixtureDocument("acme.yaml");
  doc.retirements = retirements;
  edit?.(doc);
  return validateDocument(doc).issues.filter((i) => i.severity === "error").map((i) => `${i.path.join(".")}: ${i.code}`);
}

describe("retirements in the inventory", () => {
  it("accepts retirements of what is gone, and keeps them in the normalized inventory", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.retirements = [{ connector: "old-ftp", environment: "prod", on: "2026-11-30", reason: "supplier moved to an API" }];
    const result = validateDocument(doc);
    expect(result.ok).toBe(true);
    expect(result.inventory?.retirements).toEqual([{ connector: "old-ftp", environment: "prod", on: "2026-11-30", destroy: false, reason: "supplier moved to an API" }]);
  });

  it("refuses a credential without its connector, a duplicate, an unknown approver and a retired environment still listed", () => {
    expect(issues([{ credential: "main", environment: "qa", on: "2026-11-30" }])).toEqual(["retirements.0.credential: retirement-credential-without-connector"]);
    expect(issues([{ connector: "x", environment: "qa", on: "2026-11-30" }, { connector: "x", environment: "qa", on: "2026-12-01" }])).toEqual(["retirements.1: duplicate-retirement"]);
    expect(issues([{ connector: "x", environment: "qa", on: "2026-11-30", destroy: true, approvedBy: "nobody" }])).toEqual(["retirements.0.approvedBy: unknown-owner"]);
    expect(issues([{ environment: "prod", on: "2026-11-30" }])).toEqual(["retirements.0.environment: retired-environment-present"]);
  });

  it("refuses a date that is not one, and an unknown field", () => {
    expect(issues([{ connector: "x", environment: "qa", on: "30/11/2026" }])).toContain("retirements.0.on: invalid-format");
    expect(issues([{ connector: "x", environment: "qa", on: "2026-11-30", when: "now" }]).some((i) => i.startsWith("retirements.0"))).toBe(true);
  });
});
