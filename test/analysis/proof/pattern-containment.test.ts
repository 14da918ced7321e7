/*
 * Pattern containment decided on the patterns: a glob that would reach tomorrow's path is not
 * inside a declared set of today's paths; and whenever containment is claimed, it holds for every
 * string (checked against the patterns' own matchers on random strings).
 */
import fc from "fast-check";
import {
  contains,
  containedInAny,
  exactPattern,
  iamPattern,
  vaultPattern,
  type Pattern,
} from "../../../lib/analysis/proof/pattern-containment";
import { compilePathPattern, patternMatches } from "../../../lib/analysis/vault/path-pattern";
import { propertyRuns } from "../../support/property-runs";

describe("Vault patterns", () => {
  it("a glob reaching tomorrow's connector is not inside today's declared paths", () => {
    const declared = [exactPattern("kv/data/connectors/orders/main"), exactPattern("kv/metadata/connectors/orders/main")];
    expect(containedInAny(declared, vaultPattern("kv/data/connectors/orders*"))).toBe(false);
    expect(containedInAny(declared, vaultPattern("kv/data/connectors/+/main"))).toBe(false);
    expect(containedInAny(declared, vaultPattern("kv/data/connectors/orders/main"))).toBe(true);
  });

  it("inside a declared prefix: narrower globs and segment wildcards are contained", () => {
    const prefix = vaultPattern("kv/data/connectors/orders/*");
    expect(contains(prefix, vaultPattern("kv/data/connectors/orders/main"))).toBe(true);
    expect(contains(prefix, vaultPattern("kv/data/connectors/orders/+/x"))).toBe(true);
    expect(contains(prefix, vaultPattern("kv/data/connectors/orders/a*"))).toBe(true);
    // `orders*` also reaches `orders-archive/...`: not inside `orders/*`.
    expect(contains(prefix, vaultPattern("kv/data/connectors/orders*"))).toBe(false);
  });

  it("a segment wildcard contains one segment, never a deeper path", () => {
    const outer = vaultPattern("kv/data/connectors/+/main");
    expect(contains(outer, vaultPattern("kv/data/connectors/orders/main"))).toBe(true);
    expect(contains(outer, vaultPattern("kv/data/connectors/orders/x/main"))).toBe(false);
    expect(contains(outer, vaultPattern("kv/data/connectors/*"))).toBe(false);
  });
});

describe("IAM patterns", () => {
  it("`?` and `*` against a declared secret ARN", () => {
    const declared = iamPattern("arn:aws:secretsmanager:eu-west-1:1:secret:org/prod/orders/main-??????");
    expect(contains(declared, exactPattern("arn:aws:secretsmanager:eu-west-1:1:secret:org/prod/orders/main-AbCdEf"))).toBe(true);
    expect(contains(declared, iamPattern("arn:aws:secretsmanager:eu-west-1:1:secret:org/prod/orders/main-??????"))).toBe(true);
    expect(contains(declared, iamPattern("arn:aws:secretsmanager:eu-west-1:1:secret:org/prod/orders*"))).toBe(false);
    expect(
      contains(
        iamPattern("arn:aws:secretsmanager:eu-west-1:1:secret:org/prod/*"),
        iamPattern("arn:aws:secretsmanager:eu-west-1:1:secret:org/prod/orders/*"),
      ),
    ).toBe(true);
    expect(
      contains(
        iamPattern("arn:aws:secretsmanager:eu-west-1:1:secret:org/prod/*"),
        iamPattern("arn:aws:secretsmanager:eu-west-1:*:secret:org/prod/*"),
      ),
    ).toBe(false);
  });
});

// Soundness: when `contains` says yes, no string matched by the inner pattern escapes the outer.
const ALPHABET = ["a", "b", "/", "-"];
const text = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 8 }).map((cs) => cs.join(""));
const vaultPath = fc.tuple(text, fc.constantFrom("", "*"), fc.boolean()).map(([body, star, plus]) => {
  const segments = body.split("/");
  if (plus && segments.length > 1) segments[1] = "+";
  return segments.join("/") + star;
});
const iamText = fc.array(fc.constantFrom("a", "b", ":", "*", "?"), { maxLength: 8 }).map((cs) => cs.join(""));

function iamRegex(pattern: string): RegExp {
  return new RegExp(
    `^${[...pattern].map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("")}$`,
  );
}

/** Strings an inner pattern matches: its literal skeleton with wildcards filled by samples. */
function instances(pattern: Pattern, fills: readonly string[]): string[] {
  const out: string[] = [];
  for (const fill of fills) {
    out.push(
      pattern
        .map((token) =>
          token.t === "lit" ? token.c : token.t === "one" ? (fill[0] ?? "a") : token.t === "seg" ? fill.replace(/\//g, "") : fill,
        )
        .join(""),
    );
  }
  return out;
}

describe("containment is sound", () => {
  it("Vault: contains(o, i) implies every instance of i matches o", () => {
    fc.assert(
      fc.property(vaultPath, vaultPath, fc.array(text, { minLength: 1, maxLength: 4 }), (outer, inner, fills) => {
        const o = vaultPattern(outer);
        const i = vaultPattern(inner);
        if (!contains(o, i)) return true;
        const matcher = compilePathPattern(outer);
        return instances(i, fills).every((path) => patternMatches(matcher, path));
      }),
      { numRuns: propertyRuns(2000), seed: 11 },
    );
  });

  it("IAM: contains(o, i) implies every instance of i matches o", () => {
    fc.assert(
      fc.property(iamText, iamText, fc.array(text, { minLength: 1, maxLength: 4 }), (outer, inner, fills) => {
        if (!contains(iamPattern(outer), iamPattern(inner))) return true;
        return instances(iamPattern(inner), fills).every((s) => iamRegex(outer).test(s));
      }),
      { numRuns: propertyRuns(2000), seed: 11 },
    );
  });

  it("every pattern contains itself", () => {
    fc.assert(
      fc.property(vaultPath, (p) => contains(vaultPattern(p), vaultPattern(p))),
      { numRuns: propertyRuns(500), seed: 11 },
    );
    fc.assert(
      fc.property(iamText, (p) => contains(iamPattern(p), iamPattern(p))),
      { numRuns: propertyRuns(500), seed: 11 },
    );
  });
});
