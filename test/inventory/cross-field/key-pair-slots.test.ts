import { formatPath } from "../../../lib/inventory/issues";
import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument } from "../../support/inventories";

const slotWarnings = (doc: Record<string, any>) =>
  validateDocument(doc)
    .issues.filter((i) => i.code === "single-slot-key-pair")
    .map((i) => `${i.severity} ${formatPath(i.path)}`);

describe("single-slot key pairs", () => {
  it("is silent for realworld's two-slot key pair", () => {
    expect(slotWarnings(fixtureDocument("realworld.yaml"))).toEqual([]);
  });

  it("warns (never fails) when a key pair rotated by a key broker has one slot", () => {
    const doc = fixtureDocument("realworld.yaml");
    const snowflake = doc.connectors.find((c: any) => c.credential?.type === "key-pair");
    snowflake.credential.rotation.slots = 1;
    const result = validateDocument(doc);
    expect(result.ok).toBe(true);
    const index = doc.connectors.indexOf(snowflake);
    expect(slotWarnings(doc)).toEqual([`warning connectors[${index}].credential.rotation.slots`]);
    expect(result.issues.find((i) => i.code === "single-slot-key-pair")!.message).toContain("use slots: 2");
  });

  it("is silent for a one-slot key pair rotated by reminder (no broker replaces the key)", () => {
    const doc = fixtureDocument("realworld.yaml");
    const snowflake = doc.connectors.find((c: any) => c.credential?.type === "key-pair");
    snowflake.credential.rotation = { days: 30, slots: 1, reminder: true };
    expect(slotWarnings(doc)).toEqual([]);
  });
});
