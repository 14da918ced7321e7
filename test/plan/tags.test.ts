import fc from "fast-check";
import { awsTagValue, sortedTags } from "../../lib/plan/tags";
import { propertyRuns } from "../support/property-runs";

/** The rule as AWS states it, applied to every value (the plain-text fast path must agree). */
function cleanedByRule(text: string): string {
  return text
    .replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 256)
    .trim();
}

describe("awsTagValue", () => {
  it("keeps letters, digits, spaces and _.:/=+-@, replaces the rest, collapses spaces, cuts at 256", () => {
    expect(awsTagValue("Accounts & opportunities (revenue)")).toBe("Accounts opportunities revenue");
    expect(awsTagValue("  a   b  ")).toBe("a b");
    expect(awsTagValue("Zürich-Süd")).toBe("Zürich-Süd");
    expect(awsTagValue("x".repeat(300))).toHaveLength(256);
    expect(awsTagValue("tab\there")).toBe("tab here");
  });

  it("gives what the rule gives for any text, plain or not", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{0,300}$/),
          fc.stringMatching(/^[a-z]{250,260}$/),
          fc.fullUnicodeString({ maxLength: 40 }),
        ),
        (text) => expect(awsTagValue(text)).toBe(cleanedByRule(text)),
      ),
      { numRuns: propertyRuns(5000) },
    );
  });
});

describe("sortedTags", () => {
  it("orders keys by code point", () => {
    expect(Object.keys(sortedTags({ b: "1", a: "2", B: "3" }))).toEqual(["B", "a", "b"]);
  });
});

describe("sortedTags on any record", () => {
  it("holds the same entries as the record, keys in code-point order, as a plain object", () => {
    const key = fc.oneof(fc.constantFrom("__proto__", "constructor", "10", "9", "rotation-user", "rotation"), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.dictionary(key, fc.string({ maxLength: 4 })), (tags) => {
        const sorted = sortedTags(tags);
        const byCodePoint = Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
        expect(Object.entries(sorted)).toEqual(Object.entries(Object.fromEntries(byCodePoint)));
        expect(sorted).not.toBe(tags);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });
});
