/*
 * The bench measures a clean inventory: one validate accepts without a single issue. A warning would
 * measure the warning path instead (a warning needs a line, and lines come from the YAML parser of
 * record), as 250 warnings once measured the warning printer.
 */
import { benchInventory } from "../../bench/inventory";
import { validateDocument } from "../../lib/inventory/validate";

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

describe("the fair baseline", () => {
  it("has a literal config for every resource type the multi-env example synthesizes (its address ledger lists them; the bench inventory has the same kinds)", () => {
    const { readdirSync, readFileSync } = jest.requireActual<typeof import("node:fs")>("node:fs");
    const { join } = jest.requireActual<typeof import("node:path")>("node:path");
    const { LITERALS } = jest.requireActual<typeof import("../../bench/baseline-literals")>("../../bench/baseline-literals");
    const dir = join(__dirname, "..", "..", "ledger");
    const types = new Set<string>();
    for (const file of readdirSync(dir).filter((name) => name === "multi-env.ledger")) {
      for (const match of readFileSync(join(dir, file), "utf8").matchAll(/\b((?:aws|vault)_[a-z0-9_]+)\./g)) types.add(match[1]);
    }
    expect(types.size).toBeGreaterThan(25);
    expect([...types].filter((type) => !LITERALS[type]).sort()).toEqual([]);
  });
});
