/*
 * Issue 11, defect class 6 in the review: a destroyed production object holding data fails the
 * review unless a retirement asks for it; the recovery window that applies is stated; what a
 * retirement makes Terraform forget is not called destroyed.
 */
import { join } from "node:path";
import { loadAccessModel } from "../../../lib/analysis/access-model";
import { loadRemovalContext, recoveryWindow, reviewChanges, reviewMarkdown } from "../../../lib/analysis/review";
import { synthesizeInventory } from "../../../lib/constructs/synthesize";
import { fixtureDocument, fixtureInventory } from "../../support/inventories";
import { inventoryOf, SynthDirs } from "../../support/analysis/synth-dirs";

type Doc = Record<string, any>;
const dirs = new SynthDirs();
afterAll(() => dirs.cleanup());

const SECRET = "aws_secretsmanager_secret.aws_secret-hubspot-api_main_secret_312DE2CE";

function withoutHubspot(retirements?: Doc[]): Doc {
  const doc = fixtureDocument("acme.yaml");
  doc.connectors = doc.connectors.filter((c: Doc) => c.id !== "hubspot-api");
  if (retirements) doc.retirements = retirements;
  return doc;
}

function review(base: string, head: string) {
  return reviewChanges(loadAccessModel(base), loadAccessModel(head), loadRemovalContext(head));
}

let base: string;
beforeAll(() => (base = dirs.fixture("acme.yaml")));

describe("review of removals", () => {
  it("fails a destroyed production secret without a retirement and states its recovery window", () => {
    const head = dirs.synth(inventoryOf(withoutHubspot()));
    const report = review(base, head);
    const secret = report.destroyed.find((d) => d.stack === "prod" && d.address === SECRET)!;
    expect(secret).toMatchObject({ production: true, dataLoss: true, blocking: true });
    expect(report.blockingDestroys).toBeGreaterThan(0);
    // dev's copy is not production: listed, not blocking.
    expect(report.destroyed.find((d) => d.stack === "dev" && d.type === "aws_secretsmanager_secret")).toMatchObject({ blocking: false });
    const markdown = reviewMarkdown(report);
    expect(markdown).toContain(
      `- **prod: ${SECRET}** \`prod/aws/secret-hubspot-api_main/secret\` — **production data, no retirement** — data loss: Secrets Manager keeps it 30 days (recovery_window_in_days); RestoreSecret brings it back until then`,
    );
    expect(markdown).toMatch(/this review fails/);
    expect(markdown).not.toContain("gone for good");
  });

  it("does not fail a destruction that a retirement asks for, and names it", () => {
    // Synthesized against the ledger, as CI does: the rotation function's log group, which nothing needs any more, is forgotten.
    const ledger = join(dirs.temp(), "acme.ledger");
    const committed = dirs.temp();
    synthesizeInventory(fixtureInventory("acme.yaml"), committed, { ledger });
    const head = dirs.temp();
    const retirement = { connector: "hubspot-api", environment: "prod", on: "2026-11-30", destroy: true, approvedBy: "growth-team" };
    synthesizeInventory(inventoryOf(withoutHubspot([retirement])), head, { ledger });
    const report = review(committed, head);
    expect(report.destroyed.find((d) => d.stack === "prod" && d.address === SECRET)).toMatchObject({
      blocking: false,
      retiredBy: "retirement of hubspot-api in prod on 2026-11-30, approved by growth-team",
    });
    expect(report.blockingDestroys).toBe(0);
    // The same head without the retirement's word fails.
    const unretired = dirs.synth(inventoryOf(withoutHubspot()));
    expect(review(committed, unretired).destroyed.find((d) => d.stack === "prod" && d.address === SECRET)).toMatchObject({
      blocking: true,
    });
  });

  it("lists what a retirement makes Terraform forget as forgotten, not destroyed", () => {
    const ledger = join(dirs.temp(), "acme.ledger");
    const committed = dirs.temp();
    synthesizeInventory(fixtureInventory("acme.yaml"), committed, { ledger });
    const head = dirs.temp();
    synthesizeInventory(inventoryOf(withoutHubspot([{ connector: "hubspot-api", environment: "prod", on: "2026-11-30" }])), head, {
      ledger,
    });
    const report = review(committed, head);
    expect(report.forgotten.map((f) => `${f.stack} ${f.address}`)).toContain(`prod ${SECRET}`);
    expect(report.destroyed.map((d) => `${d.stack} ${d.address}`)).not.toContain(`prod ${SECRET}`);
    expect(report.blockingDestroys).toBe(0);
    expect(reviewMarkdown(report)).toContain(`### Forgotten by retirements`);
  });

  it("states the window of each kind: KMS's deletion window, Vault's none", () => {
    expect(recoveryWindow("aws_kms_key", { deletion_window_in_days: 7 })).toMatch(
      /^KMS deletes the key after 7 days \(deletion_window_in_days\)/,
    );
    expect(recoveryWindow("aws_secretsmanager_secret", { recovery_window_in_days: 0 })).toMatch(
      /^no recovery window: recovery_window_in_days = 0/,
    );
    expect(recoveryWindow("vault_mount", {})).toBe("no recovery window: Vault deletes at once");
  });
});
