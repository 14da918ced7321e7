import { formatPath } from "../../../lib/inventory/issues";
import { validateInventoryFile } from "../../../lib/inventory";
import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument } from "../../support/inventories";

const REGULATION_CODES = ["regulation-approvals-missing", "regulation-audit-not-shipped", "regulation-mfa-outside-library"];

function regulationIssues(doc: Record<string, any>) {
  return validateDocument(doc)
    .issues.filter((i) => REGULATION_CODES.includes(i.code))
    .map((i) => `${i.severity} ${i.code} ${formatPath(i.path)}`);
}

describe("regulations drive controls (warnings from REGULATION_CONTROLS)", () => {
  it("adds no error to any shipped inventory", () => {
    for (const file of [
      "examples/multi-env/connectors.yaml",
      "examples/compose-in-own-stack/connectors.yaml",
      "test/fixtures/inventories/acme.yaml",
      "test/fixtures/inventories/realworld.yaml",
    ]) {
      const result = validateInventoryFile(file);
      expect({ file, errors: result.issues.filter((i) => i.severity === "error") }).toEqual({ file, errors: [] });
    }
  });

  it("warns that realworld's sox connectors live in a production environment without approvals", () => {
    expect(regulationIssues(fixtureDocument("realworld.yaml"))).toEqual([
      "warning regulation-approvals-missing connectors[3].regulations[0]",
      "warning regulation-approvals-missing connectors[8].regulations[0]",
    ]);
  });

  it("is silent for acme, whose sox connector's production environment has approvals", () => {
    expect(regulationIssues(fixtureDocument("acme.yaml"))).toEqual([]);
  });

  it("asks hipaa connectors' production clusters to ship their audit log, and is satisfied by vault.audit", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.connectors[0].regulations = ["hipaa"];
    expect(regulationIssues(doc)).toEqual(["warning regulation-audit-not-shipped connectors[0].regulations[0]"]);
    doc.environments[2].vault.audit = { accountId: "444444444444", region: "eu-west-1" }; // staging shares prod's cluster
    expect(regulationIssues(doc)).toEqual([]);
  });

  it("says that glba's MFA for everyone is left to the identity provider outside production", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.connectors[0].regulations = ["glba"];
    doc.environments[3].vault.audit = { accountId: "444444444444", region: "eu-west-1" };
    const envs = Object.keys(doc.connectors[0].environments).filter((name) => name !== "prod");
    expect(regulationIssues(doc)).toEqual(envs.map(() => "warning regulation-mfa-outside-library connectors[0].regulations[0]"));
    const message = validateDocument(doc).issues.find((i) => i.code === "regulation-mfa-outside-library")!.message;
    expect(message).toContain("16 CFR Part 314 (FTC Safeguards Rule, GLBA) 314.4(c)(5)");
  });
});
