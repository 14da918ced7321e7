/*
 * The ledger under `cdktf synth` (the library entry of examples/multi-env/main.ts): the check runs
 * inside app.synth(), before any stack is written, and the file is updated only on success.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { addEtlSecretsStacks } from "../../lib/constructs/etl-secrets-app";
import { synthesizeInventory } from "../../lib/constructs/synthesize";
import { fixtureDocument, fixtureInventory } from "../support/inventories";
import { inventoryOf } from "../support/analysis/synth-dirs";

type Doc = Record<string, any>;
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "etl-ledger-app-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function withoutHubspot(retirements?: Doc[]): Doc {
  const doc = fixtureDocument("acme.yaml");
  doc.connectors = doc.connectors.filter((c: Doc) => c.id !== "hubspot-api");
  if (retirements) doc.retirements = retirements;
  return doc;
}

function stackFiles(outdir: string): string[] {
  const stacks = join(outdir, "stacks");
  return existsSync(stacks) ? readdirSync(stacks).filter((s) => existsSync(join(stacks, s, "cdk.tf.json"))) : [];
}

describe("addEtlSecretsStacks with a ledger", () => {
  it("fails app.synth() before writing any stack when production data would be lost, and leaves the ledger as it was", () => {
    const ledger = join(dir, "acme.ledger");
    synthesizeInventory(fixtureInventory("acme.yaml"), join(dir, "committed"), { ledger });
    const before = readFileSync(ledger, "utf8");
    const outdir = join(dir, "cdktf.out");
    const app = new App({ outdir });
    addEtlSecretsStacks(app, inventoryOf(withoutHubspot()), { ledger });
    expect(() => app.synth()).toThrow(
      /\[ledger\] retirements: prod: aws_secretsmanager_secret\.aws_secret-hubspot-api_main_secret_312DE2CE .* write retirements: \[\{ connector: hubspot-api, credential: main, environment: prod/,
    );
    expect(stackFiles(outdir)).toEqual([]);
    expect(readFileSync(ledger, "utf8")).toBe(before);
  });

  it("writes the removed blocks and updates the ledger when a retirement accounts for the removal", () => {
    const ledger = join(dir, "acme.ledger");
    synthesizeInventory(fixtureInventory("acme.yaml"), join(dir, "committed"), { ledger });
    const outdir = join(dir, "cdktf.out");
    const app = new App({ outdir });
    addEtlSecretsStacks(app, inventoryOf(withoutHubspot([{ connector: "hubspot-api", environment: "prod", on: "2026-11-30" }])), {
      ledger,
    });
    app.synth();
    const prod = JSON.parse(readFileSync(join(outdir, "stacks", "prod", "cdk.tf.json"), "utf8"));
    expect(prod.removed).toContainEqual({
      from: "aws_secretsmanager_secret.aws_secret-hubspot-api_main_secret_312DE2CE",
      lifecycle: { destroy: false },
    });
    expect(readFileSync(ledger, "utf8")).toMatch(
      /^@forgotten\tprod\taws_secretsmanager_secret\.aws_secret-hubspot-api_main_secret_312DE2CE\t.*\tprod:hubspot-api\/main$/m,
    );
  });
});
