/*
 * Trusted orchestrators (issue 15): the shipped multi-env example's airflow-scheduler may mint
 * wrapped, single-use secret ids for orders-nightly and payments-ingest, and nothing else. Each
 * breach is planted by hand-editing its synthesized policy, as a careless edit or a compromised
 * generator would, and must be reported as a violation.
 */
import { loadAccessModel } from "../../../lib/analysis/access-model";
import type { SimulationResult } from "../../../lib/analysis/simulate";
import { simulate } from "../../support/analysis/simulate-checked";
import { editStack, resourceKey, SynthDirs } from "../../support/analysis/synth-dirs";

const dirs = new SynthDirs();
let clean: string;
const ORCHESTRATOR = "vault:vault.acme.example/etl/prod/auth/kubernetes/role/airflow-scheduler";
const secretId = (role: string) => `vault:vault.acme.example/etl/prod/auth/approle/role/${role}/secret-id`;

beforeAll(() => {
  clean = dirs.fixture("multi-env");
});
afterAll(() => dirs.cleanup());

function run(dir: string): SimulationResult {
  return simulate(loadAccessModel(dir));
}

/** A copy of the clean synth with the prod orchestrator policy edited. */
function planted(edit: (policy: string) => string): string {
  const dir = dirs.copy(clean);
  editStack(dir, "prod", (json) => {
    const key = resourceKey(json, "vault_policy", "orchestrator-airflow-scheduler_policy");
    const before: string = json.resource.vault_policy[key].policy;
    const after = edit(before);
    if (after === before) throw new Error("the edit changed nothing");
    json.resource.vault_policy[key].policy = after;
  });
  return dir;
}

function ofOrchestrator(result: SimulationResult) {
  return result.violations.filter((v) => v.principal === ORCHESTRATOR).map((v) => [v.kind, v.action, v.resource]);
}

describe("GIVEN the synthesized multi-env example with its orchestrator", () => {
  it("THEN its listed mints are intended, wrapped, and nothing is a violation or unmet", () => {
    const result = run(clean);
    expect(result.violations).toEqual([]);
    expect(result.unmetIntent).toEqual([]);
    // Four environments' orchestrators: dev, test, staging and prod; per listed consumer a wrapped mint and a role-id read.
    expect(result.decisions.mints?.intended).toBeGreaterThanOrEqual(8);
    expect(result.decisions.mints?.evaluated).toBeGreaterThan(result.decisions.mints!.intended);
  });

  it("WHEN its policy also reaches another consumer's secret-id THEN the mint for the unlisted consumer is a violation", () => {
    const dir = planted(
      (p) =>
        `${p}\npath "auth/approle/role/price-files/secret-id" {\n  capabilities = ["update"]\n  min_wrapping_ttl = "1s"\n  max_wrapping_ttl = "5m"\n}\n`,
    );
    const found = run(dir).violations.filter((v) => v.principal === ORCHESTRATOR);
    expect(found).toEqual([
      expect.objectContaining({
        kind: "mint",
        action: "update",
        resource: secretId("price-files"),
        via: 'vault policy "prod-orchestrator-airflow-scheduler" path "auth/approle/role/price-files/secret-id"',
      }),
    ]);
    expect(found[0].reason).toMatch(/does not list/);
  });

  it("WHEN the wrapping bounds are dropped THEN an unwrapped mint and an over-long wrapping are violations", () => {
    const dir = planted((p) => p.replace(/ {2}min_wrapping_ttl = "1s"\n {2}max_wrapping_ttl = "5m"\n/, ""));
    expect(ofOrchestrator(run(dir))).toEqual([
      ["mint", "update (unwrapped)", secretId("orders-nightly")],
      ["mint", "update (wrapped 301s)", secretId("orders-nightly")],
    ]);
  });

  it("WHEN only the maximum is raised THEN a mint wrapped beyond the declared bound is a violation, an unwrapped one still refused", () => {
    const dir = planted((p) => p.replace('max_wrapping_ttl = "5m"', 'max_wrapping_ttl = "24h"'));
    expect(ofOrchestrator(run(dir))).toEqual([["mint", "update (wrapped 301s)", secretId("orders-nightly")]]);
  });

  it("WHEN the parameter constraints are dropped THEN every widening parameter is a violation", () => {
    const dir = planted((p) => {
      const start = p.indexOf("  allowed_parameters = {");
      const end = p.indexOf("}\n}", start);
      return `${p.slice(0, start)}}${p.slice(end + 3)}`;
    });
    expect(ofOrchestrator(run(dir)).map((v) => v[1])).toEqual([
      "update (cidr_list)",
      "update (num_uses)",
      "update (token_bound_cidrs)",
      "update (ttl)",
    ]);
  });

  it("WHEN it is given a KV read THEN reading the credential is a violation: it reads no credential itself", () => {
    const model = loadAccessModel(clean);
    const kv = model.locations.find(
      (l) => l.store === "vault" && l.kind === "data" && l.environment === "prod" && l.namespace === "etl/prod",
    );
    if (!kv || kv.store !== "vault") throw new Error("no KV data location in prod");
    const dir = planted((p) => `${p}\npath "${kv.path}" {\n  capabilities = ["read"]\n}\n`);
    const found = run(dir).violations.filter((v) => v.principal === ORCHESTRATOR);
    expect(found.map((v) => [v.kind, v.action, v.resource])).toEqual([["access", "read", kv.id]]);
  });

  it("WHEN the mint path becomes a one-segment pattern THEN the unlisted roles it reaches and the pattern itself are reported", () => {
    const dir = planted((p) => p.replace('path "auth/approle/role/orders-nightly/secret-id"', 'path "auth/approle/role/+/secret-id"'));
    const found = ofOrchestrator(run(dir));
    expect(found).toEqual(
      expect.arrayContaining([
        ["mint", "update", secretId("price-files")],
        ["pattern-escapes-declared", "update", "vault:vault.acme.example/etl/prod/auth/approle/role/+/secret-id"],
      ]),
    );
  });
});
