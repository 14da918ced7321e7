/*
 * A Vault cluster's audit stack in the account of one of its environments (multi-env with prod's
 * audit shipped to prod's own account, and no Vault server role declared): the agent role trusts the
 * account it lives in, which crosses no environment boundary; the audit stack belongs to no
 * environment, so an earlier proof read "trusts prod's account" as "a principal of prod may assume a
 * role of another environment". A trust of another environment's account is still a crossing.
 */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { loadAccessModel } from "../../../lib/analysis/access-model";
import type { SimulationResult } from "../../../lib/analysis/simulate";
import { simulate } from "../../support/analysis/simulate-checked";
import { editStack, inventoryOf, readStack, resourceKey, SynthDirs } from "../../support/analysis/synth-dirs";

const PROD_ACCOUNT = "222222222222";
const STAGING_ACCOUNT = "333333333333";
const AUDIT_STACK = "vault-acme-example-audit";

const dirs = new SynthDirs();
let synthDir: string;

beforeAll(() => {
  const doc = parse(readFileSync(join(__dirname, "..", "..", "..", "examples", "multi-env", "connectors.yaml"), "utf8"));
  const prod = doc.environments.find((env: { name: string }) => env.name === "prod");
  prod.vault.audit = { accountId: PROD_ACCOUNT, region: "eu-west-1" };
  expect(prod.vault.awsIdentity).toBeUndefined();
  synthDir = dirs.synth(inventoryOf(doc));
});
afterAll(() => dirs.cleanup());

function crossings(result: SimulationResult) {
  return result.violations.filter((v) => v.kind === "cross-environment-trust").map((v) => `${v.principal} ${v.via}`);
}

function agentRoleKey(json: any): string {
  return resourceKey(json, "aws_iam_role", "agent-role");
}

describe("an audit stack in one of its environments' accounts", () => {
  it("has an agent role that trusts the account it lives in", () => {
    const audit = readStack(synthDir, AUDIT_STACK);
    const trust = JSON.parse(audit.resource.aws_iam_role[agentRoleKey(audit)].assume_role_policy);
    expect(trust.Statement.map((s: { Principal: unknown }) => s.Principal)).toEqual([{ AWS: `arn:aws:iam::${PROD_ACCOUNT}:root` }]);
    expect(audit.provider.aws[0].allowed_account_ids).toEqual([PROD_ACCOUNT]);
  });

  it("simulate: no violation (the agent's trust of its own account is no crossing)", () => {
    const result = simulate(loadAccessModel(synthDir));
    expect(crossings(result)).toEqual([]);
    expect(result.violations).toEqual([]);
  });

  it("staging's auditor reaching the reader role in prod's account is declared reach only through the declared log read", () => {
    const model = loadAccessModel(synthDir);
    for (const env of model.intent.environments) for (const p of env.principals) delete (p as { logReads?: unknown }).logReads;
    const result = simulate(model);
    expect(result.violations.map((v) => `${v.kind} ${v.principal} ${v.resource}`).sort()).toEqual([
      `cross-environment-reach arn:aws:iam::${STAGING_ACCOUNT}:role/acme-data-staging.auditor arn:aws:iam::${PROD_ACCOUNT}:role/acme-data/vault-audit/acme-data-vault-audit-vault-acme-example-reader`,
      expect.stringMatching(new RegExp(`^cross-environment-trust ${AUDIT_STACK}/aws_iam_role\\.[^ ]*reader-role[^ ]* `)),
    ]);
  });

  it("a trust of another environment's account planted in the agent role is a crossing", () => {
    const planted = dirs.copy(synthDir);
    editStack(planted, AUDIT_STACK, (json) => {
      const role = json.resource.aws_iam_role[agentRoleKey(json)];
      const trust = JSON.parse(role.assume_role_policy);
      trust.Statement[0].Principal = { AWS: [`arn:aws:iam::${PROD_ACCOUNT}:root`, `arn:aws:iam::${STAGING_ACCOUNT}:root`] };
      role.assume_role_policy = JSON.stringify(trust);
    });
    expect(crossings(simulate(loadAccessModel(planted)))).toEqual([
      expect.stringMatching(
        new RegExp(`^${AUDIT_STACK}/aws_iam_role\\.[^ ]*agent-role[^ ]* trust policy allows account ${STAGING_ACCOUNT}$`),
      ),
    ]);
  });
});
