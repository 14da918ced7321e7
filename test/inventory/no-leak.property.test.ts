/*
 * Messages that cannot leak: a canary (secret-looking or arbitrary text) put in a key, a value or a
 * reference of the inventory never appears in an issue's message, its formatted path, the one line
 * a person reads, or the error that defineInventory throws.
 */
import fc from "fast-check";
import { defineInventory, formatIssue, formatPath, InventoryError, validateDocument, validateInventoryText } from "../../lib/inventory";
import { baseInventory } from "../support/inventory/base-inventory";
import { canary, PLACEMENTS } from "../support/inventory/canaries";
import { propertyRuns } from "../support/property-runs";

/** The canary and the forms it takes when escaped (JSON) or cut by the YAML reader. */
function traces(text: string): string[] {
  return [text, JSON.stringify(text).slice(1, -1)].filter((t) => t.length >= 6);
}

function everythingPrinted(doc: unknown): string {
  const { issues } = validateDocument(doc);
  const lines = issues.flatMap((issue) => [issue.message, formatPath(issue.path), formatIssue(issue, "connectors.yaml")]);
  try {
    defineInventory(doc as never);
  } catch (error) {
    lines.push(error instanceof InventoryError ? error.message : String(error));
  }
  return lines.join("\n");
}

describe("no inventory text leaks into messages", () => {
  it.each(Object.keys(PLACEMENTS))("a canary in %s is refused or ignored, never echoed", (placement) => {
    fc.assert(
      fc.property(canary, (text) => {
        const doc = baseInventory();
        PLACEMENTS[placement](doc, text);
        const printed = everythingPrinted(doc);
        for (const trace of traces(text)) expect(printed).not.toContain(trace);
      }),
      { numRuns: propertyRuns(60), seed: 11 },
    );
  });

  it("a canary placed anywhere at once is never echoed", () => {
    fc.assert(
      fc.property(canary, fc.subarray(Object.keys(PLACEMENTS), { minLength: 2 }), (text, placements) => {
        const doc = baseInventory();
        for (const placement of placements) {
          try {
            PLACEMENTS[placement](doc, text);
          } catch {
            // an earlier placement removed what this one writes into (credential -> credentials)
          }
        }
        const printed = everythingPrinted(doc);
        for (const trace of traces(text)) expect(printed).not.toContain(trace);
      }),
      { numRuns: propertyRuns(200), seed: 11 },
    );
  });

  it("a file that is not an inventory says what it is not, and none of its lines", () => {
    fc.assert(
      fc.property(fc.array(canary, { minLength: 1, maxLength: 5 }), (lines) => {
        const shadow = lines
          .map((line, i) => `${line.replace(/[\n\r"'\\:#{}[\],&*!|>%@`]/g, "x")}${i}:$6$${i}:19000:0:99999:7:::`)
          .join("\n");
        const { issues } = validateInventoryText(`${shadow}\n`);
        const printed = issues.map((issue) => formatIssue(issue)).join("\n");
        for (const line of shadow.split("\n")) for (const trace of traces(line.split(":")[0])) expect(printed).not.toContain(trace);
        expect(issues.map((issue) => issue.code)).toContain(
          issues.some((i) => i.code.startsWith("yaml-")) ? issues[0].code : "not-an-inventory",
        );
      }),
      { numRuns: propertyRuns(100), seed: 11 },
    );
  });
});
