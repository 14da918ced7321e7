/*
 * The intent manifest and the synthesized policies agree on the boundaries the inventory draws:
 * simulate finds no violation and no unmet grant, and what simulate does not model (a principal
 * of the account without the environment tag) is evaluated on the same synthesized policies.
 */
import { loadAccessModel } from "../../lib/analysis/access-model";
import type { AccessModel, AwsSecret, VaultPrincipal } from "../../lib/analysis/access-model/types";
import { evaluateIam, parseIamPolicy } from "../../lib/analysis/iam";
import { simulate } from "../support/analysis/simulate-checked";
import { evaluateVaultInNamespace } from "../../lib/analysis/vault/policy-evaluator";
import { fixtureDocument } from "../support/inventories";
import { inventoryOf, SynthDirs } from "../support/analysis/synth-dirs";

const dirs = new SynthDirs();
afterAll(() => dirs.cleanup());

function modelOf(change: (doc: any) => void): AccessModel {
  const doc = fixtureDocument("acme.yaml");
  change(doc);
  return loadAccessModel(dirs.synth(inventoryOf(doc)));
}

const allowAll = parseIamPolicy("untagged admin", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });

function untaggedRead(secret: AwsSecret, principalArn: string): string {
  return evaluateIam({
    request: {
      principal: { arn: principalArn, tags: {} },
      action: "secretsmanager:GetSecretValue",
      resource: { arn: secret.id, accountId: secret.accountId, tags: secret.tags },
    },
    identityPolicies: [allowAll],
    resourcePolicy: secret.resourcePolicy,
  }).decision;
}

describe("intent and synthesized policies agree", () => {
  const existing = "arn:aws:iam::222222222222:role/legacy/billing-sync";
  let model: AccessModel;
  beforeAll(() => {
    model = modelOf((doc) => {
      const billing = doc.connectors.find((c: any) => c.id === "billing-mysql");
      billing.consumers[0].auth = { method: "aws-iam", roleArn: existing };
      billing.environments = { prod: billing.environments.prod };
    });
  });

  it("an untagged principal of the account is denied every synthesized secret's value; the untagged existing consumer role still reads its own", () => {
    const secrets = model.locations.filter((l): l is AwsSecret => l.store === "aws" && l.resourcePolicy !== undefined);
    expect(secrets.length).toBeGreaterThan(4);
    for (const secret of secrets) {
      expect([secret.id, untaggedRead(secret, "arn:aws:iam::222222222222:role/Admin")]).toEqual([secret.id, "explicit-deny"]);
    }
    const billing = secrets.find((s) => s.id.includes("/prod/billing-mysql/"))!;
    expect(untaggedRead(billing, existing)).toBe("allow");
    const result = simulate(model);
    expect(result.unmetIntent).toEqual([]);
    expect(result.violations).toEqual([]);
  });
});

describe("quarantine reaches people too", () => {
  let model: AccessModel;
  beforeAll(() => {
    // legacy-ftp (KV) is quarantined in acme; orders-postgres (dynamic database) is quarantined here too.
    model = modelOf((doc) => {
      doc.connectors.find((c: any) => c.id === "orders-postgres").lifecycle.state = "quarantined";
      doc.connectors.find((c: any) => c.id === "billing-mysql").lifecycle.state = "quarantined";
    });
  });
  const group = (name: string) =>
    model.principals.find((p): p is VaultPrincipal => p.kind === "vault" && p.id.endsWith(`/identity/group/${name}`))!;
  const may = (principal: VaultPrincipal, path: string, capability: "read" | "update") =>
    evaluateVaultInNamespace(principal.policies, { tokenNamespace: principal.namespace, requestNamespace: "etl/prod", path }, capability)
      .allowed;

  it("the synthesized operator and break-glass policies read no quarantined value; break-glass still writes the replacement; simulate agrees with the intent", () => {
    const operators = group("prod-operators");
    const breakGlass = group("prod-break-glass");
    for (const principal of [operators, breakGlass]) {
      expect([principal.id, may(principal, "kv/data/connectors/legacy-ftp/main", "read")]).toEqual([principal.id, false]);
      expect([principal.id, may(principal, "database/creds/orders-postgres-main_operator", "read")]).toEqual([principal.id, false]);
    }
    expect(may(operators, "kv/data/connectors/stripe-api/main", "read")).toBe(true);
    expect(may(breakGlass, "kv/data/connectors/legacy-ftp/main", "update")).toBe(true);
    expect(may(breakGlass, "database/rotate-root/orders-postgres-main", "update")).toBe(true);
    const result = simulate(model);
    expect(result.unmetIntent).toEqual([]);
    expect(result.violations).toEqual([]);
    // On AWS, the break-glass role's read of the quarantined secret is blocked by the secret's resource policy.
    expect(result.decisions.blockedGrants).toContainEqual(
      expect.objectContaining({
        principal: "arn:aws:iam::222222222222:role/acme-data-prod-break-glass",
        action: "secretsmanager:GetSecretValue",
        resource: expect.stringContaining(":secret:acme-data/prod/billing-mysql/main"),
        blockedBy: expect.stringContaining('"QuarantineDenyPeopleRead"'),
      }),
    );
  });
});
