/*
 * The bench measures a clean inventory: one validate accepts without a single issue. A warning would
 * measure the warning path instead (a warning needs a line, and lines come from the YAML parser of
 * record), as 250 warnings once measured the warning printer.
 */
import { benchInventory } from "../../bench/inventory";
import { validateDocument } from "../../lib/spec/validate";

describe("the bench inventory", () => {
  it.each([
    ["mixed", 4],
    ["aws", 2],
  ] as const)("validates without any issue (%s, %i environments)", (mix, environments) => {
    const result = validateDocument(benchInventory({ connectors: 30, environments, consumers: 10, mix }), undefined, { now: "2026-01-01" });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
