/*
 * Issue 11, defect class 6: removals destroy data. A production credential leaves only through a
 * retirement; synth holds the output to the committed ledger, refuses a loss with the spec path
 * and the retirement to write, and turns retirements into `removed` blocks (destroy = false).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { cli } from "../support/cli";
import { parseLedger } from "../../lib/ledger";
import { fixtureDocument } from "../support/inventories";

type Doc = Record<string, any>;

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "etl-removal-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(doc: Doc): string {
  const file = join(dir, "connectors.yaml");
  writeFileSync(file, stringify(doc));
  return file;
}

function stack(name: string): Doc {
  return JSON.parse(readFileSync(join(dir, "out", "stacks", name, "cdk.tf.json"), "utf8"));
}

const HUBSPOT_SECRET = "aws_secretsmanager_secret.aws_secret-hubspot-api_main_secret_312DE2CE";
/** The key-broker rotation function only hubspot-api used: environment-wide, it holds logs. */
const BROKER_LOGS = "aws_cloudwatch_log_group.aws_rotation-key-broker_logs_289CCF3E";
const forget = (...addresses: string[]) => addresses.map((from) => ({ from, lifecycle: { destroy: false } }));

/** acme.yaml synthesized once with its ledger created beside it (the committed state). */
async function committed(): Promise<{ doc: Doc; ledger: string }> {
  const doc = fixtureDocument("acme.yaml");
  const ledger = join(dir, "connectors.ledger");
  const first = await cli("synth", write(doc), "--out", join(dir, "out"), "--ledger", ledger);
  expect(first.code).toBe(0);
  expect(existsSync(ledger)).toBe(true);
  return { doc, ledger };
}

function withoutConnector(doc: Doc, id: string): Doc {
  return { ...doc, connectors: doc.connectors.filter((c: Doc) => c.id !== id) };
}

describe("synth against the committed ledger", () => {
  it("refuses deleting a production connector from the YAML, names where and what to write, and keeps the previous output", async () => {
    const { doc } = await committed();
    const before = readFileSync(join(dir, "out", "stacks", "prod", "cdk.tf.json"), "utf8");
    // The default ledger beside the inventory is used once it exists.
    const result = await cli("synth", write(withoutConnector(doc, "hubspot-api")), "--out", join(dir, "out"));
    expect(result.code).toBe(1);
    expect(result.err).toContain(`retirements: prod: ${HUBSPOT_SECRET}`);
    expect(result.err).toContain("retirements: [{ connector: hubspot-api, credential: main, environment: prod, on: YYYY-MM-DD, destroy: false }]");
    // dev is not production: its secret may go.
    expect(result.err).not.toContain("dev: aws_secretsmanager_secret");
    expect(readFileSync(join(dir, "out", "stacks", "prod", "cdk.tf.json"), "utf8")).toBe(before);
  });

  it("turns a retirement into removed blocks (destroy = false) for the data, kept for as long as the retirement stays", async () => {
    const { doc, ledger } = await committed();
    const retired = { ...withoutConnector(doc, "hubspot-api"), retirements: [{ connector: "hubspot-api", environment: "prod", on: "2026-11-30" }] };
    const result = await cli("synth", write(retired), "--out", join(dir, "out"));
    expect(result.err).not.toMatch(/refused/);
    expect(result.code).toBe(0);
    const removed = stack("prod").removed;
    // The secret through the retirement; the rotation function's log group because nothing needs it any more.
    expect(removed).toEqual(forget(BROKER_LOGS, HUBSPOT_SECRET));
    // Access goes: the resource policy and rotation are destroyed, not forgotten.
    expect(JSON.stringify(stack("prod").resource)).not.toContain("hubspot-api");
    const next = parseLedger(readFileSync(ledger, "utf8"));
    expect(next.forgotten?.map((e) => `${e.stack} ${e.address} ${e.owner}`)).toEqual([`prod ${BROKER_LOGS} prod`, `prod ${HUBSPOT_SECRET} prod:hubspot-api/main`]);
    // The next synth (the ledger no longer lists the secret as live) still carries the block.
    expect((await cli("synth", write(retired), "--out", join(dir, "out"))).code).toBe(0);
    expect(stack("prod").removed).toEqual(removed);
  });

  it("destroys only when the retirement asks for it with an approver, and then emits no removed block", async () => {
    const { doc, ledger } = await committed();
    const base = withoutConnector(doc, "hubspot-api");
    const unapproved = await cli("synth", write({ ...base, retirements: [{ connector: "hubspot-api", environment: "prod", on: "2026-11-30", destroy: true }] }), "--out", join(dir, "out"));
    expect(unapproved.code).toBe(1);
    expect(unapproved.err).toMatch(/retirements\[0\]\.approvedBy: destroy: true destroys data/);
    const approved = { ...base, retirements: [{ connector: "hubspot-api", environment: "prod", on: "2026-11-30", destroy: true, approvedBy: "growth-team" }] };
    expect((await cli("synth", write(approved), "--out", join(dir, "out"))).code).toBe(0);
    expect(stack("prod").removed).toEqual(forget(BROKER_LOGS));
    expect(parseLedger(readFileSync(ledger, "utf8")).forgotten?.map((e) => e.address)).toEqual([BROKER_LOGS]);
  });

  it("refuses destroyOnRetire on a production connector unless a retirement records it", async () => {
    const { doc } = await committed();
    const hubspot = doc.connectors.find((c: Doc) => c.id === "hubspot-api");
    hubspot.lifecycle = { ...hubspot.lifecycle, state: "retired", destroyOnRetire: true };
    const refused = await cli("synth", write(doc), "--out", join(dir, "out"));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/connectors\[5\]\.lifecycle\.destroyOnRetire: would destroy the connector's production data in prod/);
    doc.retirements = [{ connector: "hubspot-api", environment: "prod", on: "2026-11-30" }];
    expect((await cli("synth", write(doc), "--out", join(dir, "out"))).code).toBe(0);
    expect(stack("prod").removed).toEqual(forget(BROKER_LOGS, HUBSPOT_SECRET));
  });

  it("refuses removing a whole production environment without a retirement, and forgets its namespace with one", async () => {
    const { doc } = await committed();
    const gone: Doc = { ...doc, environments: doc.environments.filter((e: Doc) => e.name !== "prod") };
    gone.connectors = doc.connectors.map((c: Doc) => {
      const { prod: _prod, ...environments } = c.environments;
      return { ...c, environments };
    });
    const refused = await cli("synth", write(gone), "--out", join(dir, "out"));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/retirements: vault-acme-example: vault_namespace\.namespace-etl--prod \(vault:\/\/vault\.acme\.example\/etl namespace prod\)/);
    expect(refused.err).toContain("retirements: [{ environment: prod, on: YYYY-MM-DD, destroy: false }]");
    const retired = await cli("synth", write({ ...gone, retirements: [{ environment: "prod", on: "2026-11-30" }] }), "--out", join(dir, "out"));
    expect(retired.code).toBe(0);
    expect(stack("vault-acme-example").removed).toEqual([{ from: "vault_namespace.namespace-etl--prod", lifecycle: { destroy: false } }]);
    expect(existsSync(join(dir, "out", "stacks", "prod"))).toBe(false);
  });

  it("refuses a retirement of what the inventory still has", async () => {
    const { doc } = await committed();
    const result = await cli("validate", write({ ...doc, retirements: [{ connector: "hubspot-api", environment: "prod", on: "2026-11-30" }] }));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/retirements\[0\]: the connector is still in this environment \(connectors\[5\]\.environments\.prod\)/);
  });
});
