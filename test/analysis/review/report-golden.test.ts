/*
 * The whole review of one small, realistic change, compared byte for byte with the committed
 * report (golden/finance-recon.md): finance-recon may now read stripe-api in every environment,
 * and the inventory accepts one more check finding. Regenerate after a deliberate presentation
 * change with UPDATE_GOLDEN=1 and read the diff.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadAccessModel } from "../../../lib/analysis/access-model";
import { loadRemovalContext, reviewChanges, reviewMarkdown } from "../../../lib/analysis/review";
import { fixtureDocument } from "../../support/inventories";
import { inventoryOf, SynthDirs } from "../../support/analysis/synth-dirs";

const GOLDEN = join(__dirname, "golden", "finance-recon.md");
const dirs = new SynthDirs();
afterAll(() => dirs.cleanup());

describe("review report (golden)", () => {
  it("reads as one change: finance-recon may now read stripe-api/main in prod, dev, staging and test, plus the suppression it adds", () => {
    const base = dirs.fixture("acme.yaml");
    const doc = fixtureDocument("acme.yaml");
    const stripe = doc.connectors.find((c: { id: string }) => c.id === "stripe-api");
    stripe.consumers.push({
      id: "finance-recon",
      description: "Airflow DAG finance_recon",
      auth: { method: "approle", cidrs: ["10.20.0.0/16"] },
      access: "read",
    });
    doc.checks = {
      suppressions: [
        ...(doc.checks?.suppressions ?? []),
        { rule: "ETL-VAULT-011", target: "prod", reason: "legacy-ftp stays quarantined until the partner confirms the cut-over" },
      ],
    };
    const head = dirs.synth(inventoryOf(doc));
    const markdown = reviewMarkdown(
      reviewChanges(loadAccessModel(base), loadAccessModel(head), loadRemovalContext(head), { now: "2026-12-03" }),
    );
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, markdown);
    expect(markdown).toBe(readFileSync(GOLDEN, "utf8"));
  });
});
