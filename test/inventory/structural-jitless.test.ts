import fc from "fast-check";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { inventorySchema } from "../../lib/inventory/schema/inventory";
import { structuralCheck } from "../../lib/inventory/structural-issues";
import { adversarialInventory } from "../adversarial/adversarial-inventory";
import { makeCanaries } from "../adversarial/hostile-text";
import { FIXTURES, fixtureDocument } from "../support/inventories";
import { propertyRuns } from "../support/property-runs";

/*
 * Validation parses with zod's `jitless` option (no eval-compiled fast path: in a one-shot CLI
 * process compiling a parser per object shape costs more than it saves). It must not change what
 * validation says: zod's result with the compiled fast path and without it are the same document
 * and the same issues, on the fixtures and on adversarial inventories.
 */
function bothWays(document: unknown) {
  const compiled = inventorySchema.safeParse(document);
  const jitless = inventorySchema.safeParse(document, { jitless: true });
  return {
    compiled: { success: compiled.success, data: compiled.data, issues: compiled.error?.issues },
    jitless: { success: jitless.success, data: jitless.data, issues: jitless.error?.issues },
  };
}

describe("structural check without zod's compiled fast path", () => {
  const invalid = readdirSync(join(FIXTURES, "invalid")).filter((file) => file.endsWith(".yaml") && !file.startsWith("broken-yaml"));
  it.each(["acme.yaml", "realworld.yaml", ...invalid.map((file) => `invalid/${file}`)])("gives zod's own result for %s", (file) => {
    const document = fixtureDocument(file);
    const { compiled, jitless } = bothWays(document);
    expect(jitless).toEqual(compiled);
    expect(structuralCheck(inventorySchema, document)).toEqual({
      issues: expect.any(Array),
      ...(compiled.success ? { data: compiled.data } : {}),
    });
  });

  it("gives zod's own result for adversarial inventories", () => {
    const canaries = makeCanaries();
    fc.assert(
      fc.property(adversarialInventory(canaries), (kase) => {
        const { compiled, jitless } = bothWays(kase.document);
        expect(jitless).toEqual(compiled);
      }),
      { numRuns: propertyRuns(300), seed: 1303 },
    );
  });
});
