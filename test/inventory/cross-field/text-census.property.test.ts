import fc from "fast-check";
import { checkFrameworkTokens } from "../../../lib/inventory/cross-field/framework-tokens";
import { RuleContext } from "../../../lib/inventory/cross-field/raw-view";
import { checkSecretMaterialText } from "../../../lib/inventory/cross-field/secret-material-text";
import { takeTextCensus, type TextCensus } from "../../../lib/inventory/cross-field/text-census";
import { propertyRuns } from "../../support/property-runs";

/*
 * The text rules judge each distinct text of the census first and walk the document with paths only
 * when one is wanting. The walk is the rule of record; the census may only decide that there is
 * nothing to walk for. So on any document the rules must report exactly what they report when the
 * census is made to find something (which forces the walk) and what the walk finds on its own.
 */

/** Texts that carry what the rules look for, among plain ones; keys that change how a value is judged. */
const TEXTS = [
  "plain",
  "orders-db",
  "AKIAIOSFODNN7EXAMPLE",
  "postgres://app:hunter2@db.example:5432/x",
  "app:hunter2",
  "https://h.example/x?password=abc",
  "CREATE ROLE x PASSWORD 'p4ss'",
  "${TfToken[TOKEN.12]}",
  "-1.8881545897087626e+289",
  "\uE000{x}",
  "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  "Xk9vQ2mR7tLp4Wz8Yb3N",
];
const KEYS = ["username", "externalId", "caCert", "publicKeys", "host", "name", "Xk9vQ2mR7tLp4Wz8Yb3Nq7", "${TfToken[TOKEN.3]}", "a-b"];

const documents = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...TEXTS),
    fc.string({ maxLength: 8 }),
    fc.constantFrom(1, -123456789, -1.8881545897087626e289, 0.5),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie("node"), { maxKeys: 4 }),
  ),
})).node;

/** A context whose census carries a text that both rules flag: they then walk the document whatever it holds. */
function forcedToWalk(raw: unknown): RuleContext {
  const ctx = new RuleContext(raw);
  const real = takeTextCensus(ctx.root);
  const strings = new Map(real.strings);
  for (const text of ["AKIAIOSFODNN7EXAMPLE", "${TfToken[TOKEN.1]}"]) if (!strings.has(text)) strings.set(text, new Set([undefined]));
  const census: TextCensus = { strings, keys: real.keys, numbers: real.numbers };
  ctx.textCensus = () => census;
  return ctx;
}

function issues(ctx: RuleContext) {
  checkSecretMaterialText(ctx);
  checkFrameworkTokens(ctx);
  return ctx.issues.map((issue) => `${issue.code} ${JSON.stringify(issue.path)} ${issue.message}`);
}

describe("the text census only ever decides that there is nothing to walk for", () => {
  it("reports what the path walk reports, on random documents with planted secrets and tokens", () => {
    let withFindings = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("connectors", "environments", ...KEYS), documents, { maxKeys: 4 }), (raw) => {
        const found = issues(new RuleContext(raw));
        expect(found).toEqual(issues(forcedToWalk(raw)));
        if (found.length > 0) withFindings += 1;
      }),
      // Light 100: about seven documents in ten have findings, so 100 clear the check below with room.
      { numRuns: propertyRuns(300, { light: 100 }) },
    );
    // The generator plants findings often enough for the comparison to mean something.
    expect(withFindings).toBeGreaterThan(50);
  });

  it("takes every distinct string with each kind of field it sits under, every key and every number, once", () => {
    const shared = { username: "app", list: ["x", "app"] };
    const census = takeTextCensus({ a: shared, b: shared, c: [1, 2, "app"], externalId: "app" });
    expect([...census.strings.entries()].map(([text, fields]) => [text, [...fields]])).toEqual([
      ["app", ["username", 0, "externalId"]],
      ["x", [0]],
    ]);
    expect([...census.keys]).toEqual(["a", "username", "list", "b", "c", "externalId"]);
    expect([...census.numbers]).toEqual([1, 2]);
  });
});
