import fc from "fast-check";
import { planInventory } from "../../lib/plan/inventory-plan";
import type { InventoryPlan } from "../../lib/plan/types";
import { nothingToSeed, parseSeedValue } from "../../lib/seed/seed-value";
import { looksLikeSecretKey } from "../../lib/inventory/secret-material";
import { WIRE_TARGETS, WireError } from "../../lib/wire/model";
import { formatWireJson, formatWireText, wireConsumer } from "../../lib/wire/wire";
import { fixtureDocument } from "../support/inventories";
import { exampleDocument, inventoryOf } from "./support";
import { propertyRuns } from "../support/property-runs";

/*
 * `wire` prints names, paths and ARNs, never a value: for every consumer, environment and target
 * of three inventories, neither the text nor the JSON holds
 * - any string seed would store for a credential (generated values, seeded through the seed
 *   library's own parser), nor
 * - any inventory prose (purposes, descriptions, owner names, lease reasons), where a pasted
 *   secret would sit if validation ever let one through;
 * and no key of the JSON output is named like a secret (backend_kwargs never carries secret_id).
 */

const WORDS = ["amber", "birch", "cobalt", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper"];
/** Prose validation accepts (words), unique per run: `canary <w> <w> <w> <n>`. */
const prose = fc
  .tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 3 }), fc.integer({ min: 1000, max: 9999 }))
  .map(([words, n]) => `canary ${words.join(" ")} ${n}`);
/** What a password or key looks like: seed stores it as is. */
const value = fc.stringMatching(/^[A-Za-z0-9+/=_-]{24,40}$/).filter((v) => /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v));

const DOCUMENTS: readonly (() => Record<string, any>)[] = [
  exampleDocument,
  () => fixtureDocument("acme.yaml"),
  () => fixtureDocument("realworld.yaml"),
];

function withProse(doc: Record<string, any>, text: string): Record<string, any> {
  for (const owner of doc.owners ?? []) owner.name = `${text} owner`;
  for (const connector of doc.connectors ?? []) {
    connector.purpose = `${text} purpose`;
    for (const consumer of connector.consumers ?? []) {
      if (consumer.description !== undefined) consumer.description = `${text} job`;
      if (consumer.lease) consumer.lease.reason = `${text} lease reason`;
    }
  }
  for (const orchestrator of doc.orchestrators ?? []) orchestrator.description = `${text} orchestrator`;
  return doc;
}

/** The strings seed would write for each credential it accepts plain text for, from `seedValue`. */
function seededStrings(plan: InventoryPlan, seedValue: string): string[] {
  const out = new Set<string>();
  for (const env of plan.environments) {
    for (const credential of env.credentials) {
      if (nothingToSeed(credential)) continue;
      for (const raw of [seedValue, JSON.stringify({ username: "job_user", password: seedValue })]) {
        try {
          for (const v of Object.values(parseSeedValue(credential, raw))) if (typeof v === "string" && v.includes(seedValue)) out.add(v);
          break;
        } catch {
          // this kind takes neither form: its fields are checked elsewhere (test/seed)
        }
      }
    }
  }
  return [...out];
}

/** Keys named like a secret, except GitHub's `permissions: id-token: write` (a permission scope, not a value). */
function secretNamedKeys(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) secretNamedKeys(v, into);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (looksLikeSecretKey(k) && !(k === "id-token" && v === "write")) into.push(k);
      secretNamedKeys(v, into);
    }
  }
  return into;
}

describe("wire never prints a value", () => {
  it("holds no seeded value, no inventory prose and no secret-named key, for every consumer and orchestrator, environment and target", () => {
    fc.assert(
      fc.property(fc.constantFrom(...DOCUMENTS.keys()), prose, value, (which, text, seedValue) => {
        const plan = planInventory(inventoryOf(withProse(DOCUMENTS[which](), text)));
        const seeded = seededStrings(plan, seedValue);
        expect(seeded.length).toBeGreaterThan(0);
        let rendered = 0;
        for (const env of plan.environments) {
          // Consumers and the trusted orchestrators that deliver their secret ids.
          for (const account of [...env.serviceAccounts, ...(env.orchestrators ?? [])]) {
            for (const target of WIRE_TARGETS) {
              let output;
              try {
                output = wireConsumer(plan, { consumer: account.id, environment: env.name, target });
              } catch (error) {
                if (error instanceof WireError && error.kind === "target-does-not-fit") {
                  expect(error.message).not.toContain("canary");
                  continue;
                }
                throw error;
              }
              rendered++;
              for (const printed of [formatWireText(output), formatWireJson(output)]) {
                expect(printed).not.toContain("canary");
                for (const s of seeded) expect(printed.includes(s)).toBe(false);
              }
              const secretKeys = secretNamedKeys(JSON.parse(formatWireJson(output)));
              expect({ consumer: account.id, target, secretKeys }).toEqual({ consumer: account.id, target, secretKeys: [] });
            }
          }
        }
        expect(rendered).toBeGreaterThan(0);
      }),
      { numRuns: propertyRuns(6) },
    );
  });
});
