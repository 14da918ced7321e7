import { policyDocument, policyText, WILDCARD_ALLOWLIST } from "../../../lib/policy/aws/policy-document";

describe("policyText", () => {
  it("writes statements with a fixed key order whatever order they were built in", () => {
    const a = policyText(
      policyDocument([
        { Condition: { StringEquals: { b: "2", a: "1" } }, Resource: ["r"], Action: ["x:Y"], Effect: "Allow", Sid: "One" } as never,
      ]),
    );
    const b = policyText(
      policyDocument([{ Sid: "One", Effect: "Allow", Action: ["x:Y"], Resource: ["r"], Condition: { StringEquals: { a: "1", b: "2" } } }]),
    );
    expect(a).toBe(b);
    expect(a).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"One","Effect":"Allow","Action":["x:Y"],"Resource":["r"],"Condition":{"StringEquals":{"a":"1","b":"2"}}}]}',
    );
  });

  it("keeps the builder's list order (resolved ARNs may be opaque tokens) and drops duplicates", () => {
    const text = policyText(policyDocument([{ Sid: "S", Effect: "Allow", Action: ["b:B", "a:A", "b:B"], Resource: ["z", "a"] }]));
    expect(JSON.parse(text).Statement[0]).toEqual({ Sid: "S", Effect: "Allow", Action: ["b:B", "a:A"], Resource: ["z", "a"] });
  });

  it("refuses a statement id IAM would refuse", () => {
    expect(() => policyText(policyDocument([{ Sid: "not-valid", Effect: "Allow", Action: ["a:B"] }]))).toThrow(/letters and digits/);
  });

  it("justifies every wildcard it allows", () => {
    for (const [sid, reason] of Object.entries(WILDCARD_ALLOWLIST)) {
      expect(sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(reason.length).toBeGreaterThan(10);
    }
  });
});
