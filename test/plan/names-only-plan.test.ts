/*
 * Validation reads only the plan's names (the identity catalogue and the rotation-event check);
 * fields that carry no name (AWS tags, trusts, permissions, readers, alarm recipients) are built
 * when synth first reads them. The catalogue must not depend on whether they were built: on
 * adversarial inventories, the catalogue of a plan nobody else read equals, entry for entry, the
 * catalogue of a plan whose every field was read first; and reading a plan's fields in either order
 * gives one plan. More runs: ETL_NAMES_ONLY_RUNS=2000.
 */
import fc from "fast-check";
import { identityCatalogue } from "../../lib/plan/identity-catalogue";
import { planInventory } from "../../lib/plan/inventory-plan";
import * as tags from "../../lib/plan/tags";
import { validateDocument } from "../../lib/inventory/validate";
import { adversarialInventory } from "../adversarial/adversarial-inventory";
import { makeCanaries } from "../adversarial/hostile-text";
import { fixtureDocument } from "../support/inventories";
import { propertyRuns } from "../support/property-runs";

const RUNS = propertyRuns(200, { variable: "ETL_NAMES_ONLY_RUNS" });
const SEED = Number(process.env.ADVERSARIAL_SEED ?? 20261203);

describe("the plan's names without its detail", () => {
  afterEach(() => jest.restoreAllMocks());

  for (const fixture of ["acme.yaml", "realworld.yaml"]) {
    it(`validates ${fixture} without building a single AWS tag value, and builds them when the plan is read`, () => {
      const clean = jest.spyOn(tags, "awsTagValue");
      const result = validateDocument(fixtureDocument(fixture));
      expect(result.ok).toBe(true);
      expect(clean).not.toHaveBeenCalled();
      const plan = planInventory(result.inventory!);
      // The fixture has AWS-stored credentials, so synth's read builds their tags.
      expect(plan.environments.some((env) => (env.aws?.secrets.length ?? 0) > 0)).toBe(true);
      JSON.stringify(plan);
      expect(clean).toHaveBeenCalled();
    });
  }

  it(`gives the same catalogue whether or not the plan's detail was built (${RUNS} adversarial inventories)`, () => {
    const canaries = makeCanaries();
    let compared = 0;
    fc.assert(
      fc.property(adversarialInventory(canaries), (kase) => {
        // Two validations: two frozen inventories, so two plans (plans are kept per inventory object).
        const namesOnly = validateDocument(kase.document);
        if (!namesOnly.ok || !namesOnly.inventory) return;
        const full = validateDocument(kase.document);
        const fullPlan = planInventory(full.inventory!);
        const fullText = JSON.stringify(fullPlan); // reads every field: the plan synth sees
        const namesOnlyPlan = planInventory(namesOnly.inventory);
        expect(namesOnlyPlan).not.toBe(fullPlan);
        const expected = identityCatalogue(full.inventory!, fullPlan);
        const actual = identityCatalogue(namesOnly.inventory, namesOnlyPlan);
        expect(actual.entries.length).toBe(expected.entries.length);
        actual.entries.forEach((entry, i) => expect(entry).toEqual(expected.entries[i]));
        expect(actual.customMetadata).toEqual(expected.customMetadata);
        // The detail built after the names equals the detail built first.
        expect(JSON.stringify(namesOnlyPlan)).toBe(fullText);
        compared += 1;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(compared).toBeGreaterThan(RUNS / 20);
  }, 300_000);
});
