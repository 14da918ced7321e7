import { renderRunbook } from "../../lib/runbook";
import { fixtureDocument } from "../support/inventories";
import { loadInventoryFromDocument } from "../support/vault-audit-inventory";

describe("the runbook's security channel", () => {
  it("names the security address and on-call reference under 'Who answers' when the inventory declares them", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.notifications = { security: { email: "secops@acme.example", oncall: "pagerduty:PSECOPS" } };
    const inventory = loadInventoryFromDocument(doc);
    const text = renderRunbook(inventory, inventory.connectors[0]!.id);
    const who = text.slice(text.indexOf("## Who answers"), text.indexOf("## Where it lives"));
    expect(who).toContain("- Security channel: secops@acme.example, on-call pagerduty:PSECOPS");
  });

  it("says nothing of a security channel when none is declared", () => {
    const inventory = loadInventoryFromDocument(fixtureDocument("acme.yaml"));
    expect(renderRunbook(inventory, inventory.connectors[0]!.id)).not.toContain("Security channel");
  });
});
