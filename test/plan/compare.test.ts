import fc from "fast-check";
import { byText, sortBy } from "../../lib/plan/compare";
import { propertyRuns } from "../support/property-runs";

describe("sortBy", () => {
  it("orders by the key in code-point order and keeps the order of equal keys", () => {
    const items = [
      { k: "b", n: 1 },
      { k: "B", n: 2 },
      { k: "a", n: 3 },
      { k: "b", n: 4 },
    ];
    expect(sortBy(items, (item) => item.k).map((item) => item.n)).toEqual([2, 3, 1, 4]);
  });

  it("returns a new array even when the items are already in order", () => {
    const items = ["a", "b", "c"];
    const sorted = sortBy(items, (item) => item);
    expect(sorted).toEqual(items);
    expect(sorted).not.toBe(items);
  });

  it("gives what a stable sort by the key gives, for any list, in order or not", () => {
    const keyed = fc.array(fc.record({ key: fc.constantFrom("", "a", "a-b", "B", "b", "é", "z"), n: fc.nat() }), { maxLength: 30 });
    fc.assert(
      fc.property(keyed, fc.boolean(), (items, presorted) => {
        const input = presorted ? [...items].sort((x, y) => byText(x.key, y.key)) : items;
        const expected = input
          .map((item, index) => ({ item, index }))
          .sort((x, y) => byText(x.item.key, y.item.key) || x.index - y.index)
          .map((x) => x.item);
        expect(sortBy(input, (item) => item.key)).toEqual(expected);
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
});
