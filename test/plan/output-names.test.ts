import fc from "fast-check";
import { OUTPUT_KIND_IDS, outputName, outputPrefixProblem, textOutputId, type OutputKind } from "../../lib/plan/output-names";
import { propertyRuns } from "../support/property-runs";

const KINDS = Object.keys(OUTPUT_KIND_IDS) as OutputKind[];
/** Slugs from a tiny alphabet, so that ids overlap as much as they can (`a-b`/`c` vs `a`/`b-c`). */
const slug = fc
  .tuple(fc.constantFrom("a", "b"), fc.stringOf(fc.constantFrom("a", "b", "-"), { maxLength: 4 }))
  .map(([first, rest]) => first + rest);
const prefix = fc.option(
  fc
    .tuple(fc.constantFrom("a", "E"), fc.stringOf(fc.constantFrom("a", "-", "_"), { maxLength: 4 }))
    .map(([f, r]) => f + r)
    .filter((p) => outputPrefixProblem(p) === undefined),
  { nil: undefined },
);
const tuple = fc
  .constantFrom(...KINDS)
  .chain((kind) =>
    fc.tuple(
      fc.constant(kind),
      fc.array(slug, { minLength: OUTPUT_KIND_IDS[kind].length, maxLength: OUTPUT_KIND_IDS[kind].length }),
      prefix,
    ),
  );
const TERRAFORM_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

describe("output names", () => {
  it("keep ids that overlap apart: a-b/c and a/b-c", () => {
    expect(outputName("secret_arn", ["a-b", "c"])).toBe("secret_arn__a-b__c");
    expect(outputName("secret_arn", ["a", "b-c"])).toBe("secret_arn__a__b-c");
    expect(outputName("kv_path", ["a", "b"], "etl")).toBe("etl__kv_path__a__b");
  });

  it("are injective over kind, ids and prefix, and valid Terraform identifiers", () => {
    fc.assert(
      fc.property(tuple, tuple, ([k1, ids1, p1], [k2, ids2, p2]) => {
        const one = outputName(k1, ids1, p1);
        const two = outputName(k2, ids2, p2);
        expect(one).toMatch(TERRAFORM_IDENTIFIER);
        if (one === two) expect([k2, ids2, p2]).toEqual([k1, ids1, p1]);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it("refuse ids that are not slugs and prefixes that could merge into a name", () => {
    expect(() => outputName("secret_arn", ["a_b", "c"])).toThrow(/lowercase slug/);
    expect(() => outputName("vault_auth_role", ["a", "b"])).toThrow(/takes consumer/);
    for (const bad of ["etl__", "etl_", "_etl", "1etl", "e tl", ""]) expect(outputPrefixProblem(bad)).toBeDefined();
    expect(outputPrefixProblem("etl_prod")).toBeUndefined();
  });

  it("encode text that is not a slug (an OIDC host) injectively, as a slug", () => {
    const text = fc.stringOf(fc.constantFrom("a", "-", ".", "/", "A", "_", "é"), { maxLength: 6 });
    fc.assert(
      fc.property(text, text, (one, two) => {
        expect(textOutputId(one)).toMatch(/^[a-z][a-z0-9-]*$/);
        if (textOutputId(one) === textOutputId(two)) expect(two).toBe(one);
      }),
      { numRuns: propertyRuns(2000) },
    );
    expect(textOutputId("token.actions.githubusercontent.com")).toBe("h-token-dactions-dgithubusercontent-dcom");
  });
});
