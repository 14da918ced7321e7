import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REGULATIONS, REGULATION_RETENTION_DAYS } from "../../lib/inventory/class-defaults";
import { REGULATION_CONTROLS, basisText, controlsOf, renderRegulationTable } from "../../lib/inventory/regulation-controls";

describe("REGULATION_CONTROLS", () => {
  it("has a row with at least one control for every regulation the schema accepts, and nothing else", () => {
    expect(Object.keys(REGULATION_CONTROLS).sort()).toEqual([...REGULATIONS].sort());
    for (const regulation of REGULATIONS) expect(REGULATION_CONTROLS[regulation].controls.length).toBeGreaterThan(0);
  });

  it("gives every control a basis: a clause with source, id, URL and where it was checked, or house policy with a reason", () => {
    for (const regulation of REGULATIONS) {
      for (const control of REGULATION_CONTROLS[regulation].controls) {
        const basis = control.basis;
        if (basis.kind === "clause") {
          expect({
            regulation,
            kind: control.kind,
            ok: basis.source.length > 0 && basis.clause.length > 0 && /^https:\/\//.test(basis.url) && basis.checked.length > 0,
          }).toEqual({
            regulation,
            kind: control.kind,
            ok: true,
          });
        } else {
          expect(basis.kind).toBe("house-policy");
          expect({ regulation, kind: control.kind, reason: basis.reason.length >= 20 }).toEqual({
            regulation,
            kind: control.kind,
            reason: true,
          });
          if (basis.analogy) expect(basis.analogy.url).toMatch(/^https:\/\//);
        }
      }
    }
  });

  it("derives the audit retention constants with the values synth always used (sox 2555, hipaa 2190, pci 365)", () => {
    expect(REGULATION_RETENTION_DAYS).toEqual({ sox: 2555, hipaa: 2190, pci: 365 });
    expect(Object.isFrozen(REGULATION_RETENTION_DAYS)).toBe(true);
  });

  it("finds the controls of one kind across regulations, once per regulation", () => {
    expect(controlsOf(["sox", "gdpr", "sox"], "breach-notification").map((c) => [c.regulation, c.control.hours])).toEqual([["gdpr", 72]]);
    expect(controlsOf(["pci", "glba"], "human-mfa").map((c) => [c.regulation, c.control.tiers])).toEqual([
      ["glba", "all"],
      ["pci", "production"],
    ]);
  });

  it("renders the README table with one line per control, naming each basis", () => {
    const table = renderRegulationTable();
    const rows = table.trim().split("\n").slice(2);
    expect(rows).toHaveLength(REGULATIONS.reduce((n, r) => n + REGULATION_CONTROLS[r].controls.length, 0));
    expect(table).toContain("| PCI DSS (`pci`) | audit-retention | 365 days | PCI DSS v4.0.1 10.5.1 |");
    expect(table).toContain("house policy: seven years");
    expect(basisText(REGULATION_CONTROLS.ccpa.controls[0].basis)).toMatch(/^house policy: .*\(analogy: California Civil Code/);
  });

  it("is what the README's Regulations section shows", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Regulations"));
    const table = section.slice(section.indexOf("| regulation |"));
    expect(table.slice(0, renderRegulationTable().length)).toBe(renderRegulationTable());
  });
});
