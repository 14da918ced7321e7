import fc from "fast-check";
import type { IdentityEntry } from "../../../lib/plan/identity-catalogue";
import { bytesOver, sharedNames } from "../../../lib/inventory/cross-field/derived-names";
import { propertyRuns } from "../../support/property-runs";

/*
 * sharedNames is how derived-name validation finds two resources writing one object: the entries
 * of the identity catalogue that share a key within one scope, group by group. Checked against a
 * plain grouping (every entry into a list of its scope and key, lists of two or more kept).
 */

function entry(scope: string, key: string, name = key): IdentityEntry {
  return { what: "Vault policy", scope, where: `in ${scope}`, key, name, origins: [{ kind: "organization" }] };
}

function byPlainGrouping(entries: readonly IdentityEntry[]): IdentityEntry[][] {
  const groups = new Map<string, IdentityEntry[]>();
  for (const e of entries) {
    const id = JSON.stringify([e.scope, e.key]);
    groups.set(id, [...(groups.get(id) ?? []), e]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

describe("sharedNames: entries with one key in one scope", () => {
  it("groups only names that meet in one scope, in the order each group's first entry comes", () => {
    const a1 = entry("vault c ns: policy", "dev-consumer-x");
    const other = entry("vault c ns: policy", "dev-consumer-y");
    const elsewhere = entry("vault d ns: policy", "dev-consumer-x");
    const b1 = entry("aws 1 iam-role", "acme-dev-x");
    const a2 = entry("vault c ns: policy", "dev-consumer-x", "Dev-Consumer-X");
    const b2 = entry("aws 1 iam-role", "acme-dev-x");
    const a3 = entry("vault c ns: policy", "dev-consumer-x");
    expect(sharedNames([a1, other, elsewhere, b1, a2, b2, a3])).toEqual([
      [a1, a2, a3],
      [b1, b2],
    ]);
    expect(sharedNames([b1, a1, b2, a2])).toEqual([
      [b1, b2],
      [a1, a2],
    ]);
  });

  it("finds nothing when every name is alone in its scope", () => {
    expect(sharedNames([entry("s", "a"), entry("s", "b"), entry("t", "a")])).toEqual([]);
  });

  it("agrees with a plain grouping by scope and key on any catalogue", () => {
    const token = fc.constantFrom("a", "b", "a-b", "dev", "x");
    fc.assert(
      fc.property(fc.array(fc.record({ scope: token, key: token }), { maxLength: 40 }), (specs) => {
        const entries = specs.map(({ scope, key }) => entry(scope, key));
        const groups = sharedNames(entries);
        expect(groups).toEqual(byPlainGrouping(entries));
        // The very entries of the catalogue, not copies.
        for (const group of groups) for (const member of group) expect(entries).toContain(member);
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});

describe("bytesOver: a text's UTF-8 length when it is over a limit", () => {
  it("counts bytes, not code units, and says nothing within the limit", () => {
    expect(bytesOver("é".repeat(300), 512)).toBe(600);
    expect(bytesOver("x".repeat(513), 512)).toBe(513);
    expect(bytesOver("x".repeat(512), 512)).toBeUndefined();
    expect(bytesOver("€".repeat(170), 512)).toBeUndefined();
    expect(bytesOver("€".repeat(171), 512)).toBe(513);
    expect(bytesOver("😀".repeat(128), 512)).toBeUndefined();
    expect(bytesOver("😀".repeat(129), 512)).toBe(516);
  });

  it("agrees with Buffer.byteLength on any text", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.fullUnicodeString({ maxLength: 200 })),
        fc.integer({ min: 0, max: 600 }),
        (text, limit) => {
          const bytes = Buffer.byteLength(text, "utf8");
          expect(bytesOver(text, limit)).toBe(bytes > limit ? bytes : undefined);
        },
      ),
      { numRuns: propertyRuns(3000) },
    );
  });
});
