import { validateDocument } from "../../../lib/inventory/validate";
import { formatPath } from "../../../lib/inventory/issues";
import { fixtureDocument } from "../../support/inventories";

function warnings(doc: Record<string, any>) {
  return validateDocument(doc)
    .issues.filter((issue) => issue.code === "could-be-dynamic")
    .map((issue) => ({ path: formatPath(issue.path), severity: issue.severity, message: issue.message }));
}

describe("safer modes for cloud keys", () => {
  it("says nothing about dynamic cloud credentials (realworld)", () => {
    expect(warnings(fixtureDocument("realworld.yaml"))).toEqual([]);
  });

  it("warns, naming the dynamic mode, when a rotated cloud key lives where Vault could mint it", () => {
    const doc = fixtureDocument("realworld.yaml");
    const redshift = doc.connectors.find((c: { id: string }) => c.id === "redshift-sink");
    redshift.credentials.staging = { type: "cloud-access-key", provider: "aws", mode: "rotated", rotation: { days: 30 } };
    expect(warnings(doc)).toMatchInlineSnapshot(`
[
  {
    "message": "mode rotated keeps a long-lived AWS key; mode dynamic (Vault's AWS secrets engine, available in dev, prod) issues short-lived credentials instead",
    "path": "connectors[5].credentials.staging.mode",
    "severity": "warning",
  },
]
`);
    expect(validateDocument(doc).ok).toBe(true);
  });

  it("does not warn on OpenBao, which lacks the cloud engines", () => {
    const doc = fixtureDocument("realworld.yaml");
    for (const env of doc.environments) env.vault.edition = "openbao";
    const bigquery = doc.connectors.find((c: { id: string }) => c.id === "bigquery-export");
    bigquery.credential.mode = "static";
    expect(warnings(doc)).toEqual([]);
  });
});
