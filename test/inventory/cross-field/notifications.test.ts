import { formatPath } from "../../../lib/inventory/issues";
import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument } from "../../support/inventories";

describe("notifications.security", () => {
  it("accepts an email and an on-call reference, and keeps them in the inventory", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.notifications = { security: { email: "secops@acme.example", oncall: "pagerduty:PSECOPS" } };
    const result = validateDocument(doc);
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result.inventory!.notifications).toEqual({ security: { email: "secops@acme.example", oncall: "pagerduty:PSECOPS" } });
  });

  it("leaves the inventory without notifications when the spec has none", () => {
    expect("notifications" in validateDocument(fixtureDocument("acme.yaml")).inventory!).toBe(false);
  });

  it("fails a security channel that names neither email nor oncall", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.notifications = { security: {} };
    const found = validateDocument(doc).issues.filter((i) => i.code === "security-channel-empty");
    expect(found.map((i) => `${i.severity} ${formatPath(i.path)}: ${i.message}`)).toEqual([
      "error notifications.security: names no channel: give email (the security team's address) or oncall (a reference such as pagerduty:PXXXXXX), or both",
    ]);
  });

  it("refuses an unknown field and a malformed email", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.notifications = { security: { email: "not-an-email" }, slack: "x" };
    const paths = validateDocument(doc).issues.map((i) => `${formatPath(i.path)} ${i.code}`);
    expect(paths).toEqual(expect.arrayContaining(["notifications.security.email invalid-format", "notifications.slack unrecognized-key"]));
  });

  it("refuses an integration key written as oncall (a reference only), without echoing it", () => {
    const doc = fixtureDocument("acme.yaml");
    const key = ["R0ENfsJ3", "kQ9vXz8L", "pW2mYt7u", "Hc4bNa6s"].join(""); // a fake integration key, assembled so no scanner reads a literal
    doc.notifications = { security: { oncall: key } };
    const found = validateDocument(doc).issues.filter((i) => formatPath(i.path) === "notifications.security.oncall");
    expect(found.map((i) => `${i.severity} ${i.code}`)).toEqual(["error secret-in-text"]);
    expect(JSON.stringify(validateDocument(doc).issues)).not.toContain(key);
  });
});
