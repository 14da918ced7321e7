import fc from "fast-check";
import { literalHead, PrefixIndex } from "../../../lib/analysis/simulate/prefix-index";
import { propertyRuns } from "../../support/property-runs";

describe("PrefixIndex", () => {
  const index = new PrefixIndex<string>([
    ["kv/data/b", "b"],
    ["kv/data/a", "a"],
    ["kv/metadata/a", "ma"],
    ["kv/data/a/x", "ax"],
    ["kw", "kw"],
  ]);

  it("finds every key starting with a prefix, in key order", () => {
    expect(index.withPrefix("kv/data/")).toEqual(["a", "ax", "b"]);
    expect(index.withPrefix("kv/data/a")).toEqual(["a", "ax"]);
    expect(index.withPrefix("k")).toEqual(["a", "ax", "b", "ma", "kw"]);
  });

  it("finds everything for the empty prefix and nothing for an absent one", () => {
    expect(index.withPrefix("")).toHaveLength(5);
    expect(index.withPrefix("kv/data/c")).toEqual([]);
    expect(index.withPrefix("zzz")).toEqual([]);
  });

  it("keeps several values under one key", () => {
    expect(
      new PrefixIndex([
        ["p", 1],
        ["p", 2],
        ["q", 3],
      ])
        .withPrefix("p")
        .sort(),
    ).toEqual([1, 2]);
  });

  it("agrees with a scan of every key, for any keys and prefix", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 30 }), fc.string({ maxLength: 3 }), (keys, prefix) => {
        const found = new PrefixIndex(keys.map((k, i) => [k, i] as const)).withPrefix(prefix).sort((a, b) => a - b);
        const scanned = keys.flatMap((k, i) => (k.startsWith(prefix) ? [i] : []));
        expect(found).toEqual(scanned);
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});

describe("literalHead", () => {
  it("stops at the first wildcard of the dialect", () => {
    expect(literalHead("kv/data/+/main", "+*")).toBe("kv/data/");
    expect(literalHead("kv/data/conn*", "+*")).toBe("kv/data/conn");
    expect(literalHead("arn:aws:secretsmanager:eu-west-1:1:secret:a?b*", "*?$")).toBe("arn:aws:secretsmanager:eu-west-1:1:secret:a");
    expect(literalHead("arn:aws:s3:::${aws:username}/*", "*?$")).toBe("arn:aws:s3:::");
  });

  it("is the whole pattern when it has no wildcard", () => {
    expect(literalHead("kv/data/exact", "+*")).toBe("kv/data/exact");
  });
});
