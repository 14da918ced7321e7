import fc from "fast-check";
import { formatIssue } from "../../../lib/inventory/issues";
import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument } from "../../support/inventories";
import { propertyRuns } from "../../support/property-runs";

/** A number whose top 16 bits are cdktf's number-token tag (0xFDFF), as cdktf writes it into strings. */
function tokenNumber(index: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint16(0, 0xfdff);
  view.setUint16(2, 0);
  view.setUint32(4, index);
  return view.getFloat64(0);
}

function tokenIssues(doc: Record<string, any>) {
  return validateDocument(doc).issues.filter((issue) => issue.code === "framework-token");
}

function connector(doc: Record<string, any>, id: string): any {
  return doc.connectors.find((c: { id: string }) => c.id === id);
}

const CANARY = "canary-7f3a";

describe("framework token syntax in spec text", () => {
  it.each([
    ["a string token", `${CANARY} \${TfToken[TOKEN.1234]}`, /string token marker/],
    ["a list token", `#{TfToken[TOKEN.7]} ${CANARY}`, /list token marker/],
    ["a map token", `&{TfToken[TOKEN.7]}${CANARY}`, /map token marker/],
    ["an AWS CDK token", `\${Token[TOKEN.7]} ${CANARY}`, /CDK token marker/],
    ["a number token written as text", `port ${tokenNumber(42)} ${CANARY}`, /number token written as text/],
    ["a map placeholder", "String Map Token Value", /map token placeholder/],
    ["a reserved character", `${CANARY}\uE000{x}`, /reserved private-use character/],
  ])("refuses %s in a purpose with its spec path, never echoing the text", (_what, text, kind) => {
    const doc = fixtureDocument("acme.yaml");
    connector(doc, "billing-mysql").purpose = text;
    const issues = tokenIssues(doc);
    expect(issues).toHaveLength(1);
    expect(formatIssue(issues[0])).toMatch(/^connectors\[3\]\.purpose: holds /);
    expect(issues[0].message).toMatch(kind);
    expect(issues[0].severity).toBe("error");
    expect(JSON.stringify(issues[0])).not.toContain(CANARY);
    expect(validateDocument(doc).ok).toBe(false);
  });

  it("refuses a token in one SQL statement of a list, naming that statement", () => {
    const doc = fixtureDocument("realworld.yaml");
    const withStatements = doc.connectors.find((c: any) => Object.values(c.credentials ?? {}).some((k: any) => k.statements));
    const [name, credential] = Object.entries(withStatements.credentials).find(([, k]: [string, any]) => k.statements) as [string, any];
    credential.statements.creation[1] = "GRANT ${TfToken[TOKEN.9]} TO {{name}};";
    const paths = tokenIssues(doc).map((issue) => formatIssue(issue));
    expect(paths).toEqual([
      expect.stringMatching(
        new RegExp(`^connectors\\[\\d+\\]\\.credentials\\.${name}\\.statements\\.creation\\[1\\]: holds a cdktf string token marker`),
      ),
    ]);
  });

  it("refuses a token in a key by naming the mapping, not the key", () => {
    const doc = fixtureDocument("acme.yaml");
    const stripe = connector(doc, "stripe-api");
    stripe.environments[`\${TfToken[TOKEN.3]}${CANARY}`] = {};
    const issues = tokenIssues(doc);
    expect(issues.map((issue) => formatIssue(issue))).toEqual([
      "connectors[4].environments: a key of this mapping holds a cdktf string token marker (${TfToken[...]}); spec text must never be resolved by the framework: write the text without it",
    ]);
    expect(JSON.stringify(issues)).not.toContain(CANARY);
  });

  it("refuses a number field that is a cdktf number token", () => {
    const doc = fixtureDocument("acme.yaml");
    connector(doc, "billing-mysql").credential.rotation.days = tokenNumber(5);
    expect(tokenIssues(doc).map((issue) => formatIssue(issue))).toEqual([
      expect.stringMatching(/^connectors\[3\]\.credential\.rotation\.days: holds a cdktf number token;/),
    ]);
  });

  it("accepts the shipped fixtures and template syntax, which is escaped rather than refused; only the token is refused", () => {
    expect(tokenIssues(fixtureDocument("acme.yaml"))).toEqual([]);
    expect(tokenIssues(fixtureDocument("realworld.yaml"))).toEqual([]);
    const doc = fixtureDocument("acme.yaml");
    const text = 'Reads ${file("/etc/passwd")} and %{ if true }x%{ endif } literally; costs $5 {per run}';
    connector(doc, "billing-mysql").purpose = text;
    expect(validateDocument(doc).ok).toBe(true);
    connector(doc, "billing-mysql").purpose = `${text} \${TfToken[TOKEN.1]}`;
    expect(tokenIssues(doc).map((issue) => issue.path.join("."))).toEqual(["connectors.3.purpose"]);
  });

  it("refuses a string token marker wherever it is inserted into a purpose", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        fc.stringMatching(/^[A-Za-z0-9:._-]{1,12}$/),
        (before, after, key) => {
          const doc = fixtureDocument("acme.yaml");
          connector(doc, "billing-mysql").purpose = `${before}\${TfToken[${key}]}${after}`;
          expect(tokenIssues(doc).map((issue) => issue.path.join("."))).toContain("connectors.3.purpose");
        },
      ),
      { numRuns: propertyRuns(150), seed: 11 },
    );
  });
});
