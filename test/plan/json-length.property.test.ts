import fc from "fast-check";
import { jsonLength } from "../../lib/plan/json-length";
import { propertyRuns } from "../support/property-runs";

// GIVEN any plain value (with the characters JSON escapes, surrogates alone and in pairs, omitted
// object members) WHEN measured THEN the length is JSON.stringify's, exactly.
describe("jsonLength", () => {
  const text = fc.oneof(
    fc.string({ unit: "binary" }),
    fc.string({ unit: fc.constantFrom("a", '"', "\\", "\n", "\u0000", "\u001f", "\u2028", "\ud800", "\udc00", "é", "😀", "/", "<") }),
  );
  const leaf = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node")), fc.dictionary(text, tie("node"))),
  })).node;

  it("equals JSON.stringify(value).length on random values", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(jsonLength(v)).toBe(JSON.stringify(v)?.length ?? 0);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it("measures the shapes the plans measure: entries with optional members", () => {
    const entry = {
      vaultAddress: "https://vault.acme.example:8200",
      namespace: undefined,
      kvMount: "etl-kv",
      key: "connectors/a/b",
      days: 30,
      keyPair: { algorithm: "ed25519", slots: 2 },
    };
    expect(jsonLength(entry)).toBe(JSON.stringify(entry).length);
    expect(jsonLength([undefined, () => 1, Symbol("s"), -0, NaN, Infinity, new Date(0)])).toBe(
      JSON.stringify([undefined, () => 1, Symbol("s"), -0, NaN, Infinity, new Date(0)]).length,
    );
  });
});
