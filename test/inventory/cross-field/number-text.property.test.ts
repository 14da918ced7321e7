import fc from "fast-check";
import { Token } from "cdktf";
import { holdsNumberText, isTokenNumber } from "../../../lib/inventory/cross-field/framework-tokens";
import { propertyRuns } from "../../support/property-runs";

/** cdktf 0.21's NUMBER_TOKEN_REGEX (node_modules/cdktf/lib/tokens/private/encoding.js), without its g flag. */
const CDKTF_NUMBER_TOKEN = new RegExp("[-|\\d|.\\+]+(e[-|\\d|.|e|E|\\+]+)");

/** The bit test on its own: a double whose top 16 bits are 0xFDFF or 0xFBFF. */
function markerBits(value: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const top = view.getUint16(0);
  return top === 0xfdff || top === 0xfbff;
}

/** A double from its top 16 bits and 48 random low bits. */
function doubleOf(top: number, high: number, low: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint16(0, top);
  view.setUint16(2, high);
  view.setUint32(4, low);
  return view.getFloat64(0);
}

// GIVEN any text WHEN scanned for the numbers cdktf reads in strings THEN the one-pass scan finds
// one exactly when cdktf's own regular expression does.
describe("holdsNumberText", () => {
  const dense = fc.string({ unit: fc.constantFrom("e", "E", "1", "0", "9", "-", "+", ".", "|", "a", " ", "x", "é", "\n") });
  const text = fc.oneof(dense, fc.string({ unit: "binary" }), fc.string());

  it("agrees with cdktf's NUMBER_TOKEN_REGEX on random text", () => {
    fc.assert(
      fc.property(text, (value) => holdsNumberText(value) === CDKTF_NUMBER_TOKEN.test(value)),
      { numRuns: propertyRuns(20_000) },
    );
  });

  it("finds the encoded numbers cdktf writes, and not the text around them", () => {
    const resolvable = { resolve: () => 1 };
    expect(holdsNumberText(`port ${Token.asNumber(resolvable)}`)).toBe(true);
    expect(holdsNumberText(String(Token.asNumberList(resolvable)))).toBe(true);
    for (const found of ["1e5", "-8.48e+298", "|e|", ".eE", "x+e-y", "2ee"])
      expect({ found, holds: holdsNumberText(found) }).toEqual({ found, holds: true });
    for (const plain of ["", "e", "e1", "1e", "arn:aws:iam::123456789012:role/etl-prod", "secret", "1 e 2", "1E5", "ae1", "1ea"])
      expect({ plain, holds: holdsNumberText(plain) }).toEqual({ plain, holds: false });
  });
});

// GIVEN any double WHEN asked whether it is a token number THEN the answer is the bit test's.
describe("isTokenNumber", () => {
  const near = fc
    .tuple(
      fc.constantFrom(0xfdff, 0xfbff, 0xfdfe, 0xfc00, 0x7dff, 0xffff, 0xfff0, 0xfff8),
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
    )
    .map(([top, high, low]) => doubleOf(top, high, low));
  const number = fc.oneof(fc.double(), fc.integer(), near, fc.constantFrom(-Infinity, Infinity, NaN, -0, -(2 ** 960), -123456789));

  it("agrees with reading the top 16 bits, for every double", () => {
    fc.assert(
      fc.property(number, (value) => isTokenNumber(value) === markerBits(value)),
      { numRuns: propertyRuns(20_000) },
    );
  });

  it("knows cdktf's own number tokens", () => {
    const resolvable = { resolve: () => 1 };
    expect(isTokenNumber(Token.asNumber(resolvable))).toBe(true);
    expect(isTokenNumber(Token.asNumberList(resolvable)[0])).toBe(true);
    expect(isTokenNumber(-(2 ** 960))).toBe(false);
    expect(isTokenNumber(8080)).toBe(false);
  });
});
