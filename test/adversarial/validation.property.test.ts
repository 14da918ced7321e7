/*
 * Adversarial inventories through validation (pure, fast): each case is refused with spec paths, or
 * accepted with zero derived-name collisions by the independent naming oracle. Never a canary in a
 * message. ADVERSARIAL_VALIDATION_RUNS sets the count (full 10,000, light 1,000 in CI; fixed seed).
 */
import fc from "fast-check";
import { formatIssue } from "../../lib/inventory/issues";
import { validateDocument } from "../../lib/inventory/validate";
import { adversarialInventory } from "./adversarial-inventory";
import { makeCanaries } from "./hostile-text";
import { oracleCollisions, oracleIdentities } from "./naming-oracle";
import { propertyRuns } from "../support/property-runs";

const RUNS = propertyRuns(10_000, { variable: "ADVERSARIAL_VALIDATION_RUNS" });
const SEED = Number(process.env.ADVERSARIAL_SEED ?? 20261203);

describe("adversarial inventories through validation", () => {
  it(`are refused with spec paths, or accepted with no derived-name collision (${RUNS} runs)`, () => {
    const canaries = makeCanaries();
    let accepted = 0;
    fc.assert(
      fc.property(adversarialInventory(canaries), (kase) => {
        const result = validateDocument(kase.document);
        for (const issue of result.issues) {
          const line = formatIssue(issue, "inventory.yaml");
          for (const canary of kase.canaries) expect(line).not.toContain(canary);
          if (issue.severity === "error") expect(issue.path.length).toBeGreaterThan(0);
        }
        if (!result.ok || !result.inventory) return;
        accepted += 1;
        expect(oracleCollisions(oracleIdentities(result.inventory))).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // A generator whose every case is refused proves nothing about accepted output.
    expect(accepted).toBeGreaterThan(RUNS / 20);
  }, 600_000);
});
