import { identityCatalogue } from "../../../lib/plan/identity-catalogue";
import {
  entriesForVaultAudit,
  VAULT_AUDIT_CLUSTER_SIGNAL_IDS,
  VAULT_AUDIT_ENVIRONMENT_SIGNAL_IDS,
} from "../../../lib/plan/identity/vault-audit";
import { vaultAuditClusterSignals, vaultAuditEnvironmentSignals } from "../../../lib/policy/vault-audit/signals";
import { fixtureDocument } from "../../support/inventories";
import { loadInventoryFromDocument } from "../../support/vault-audit-inventory";

function acmeWithAudit() {
  const doc = fixtureDocument("acme.yaml");
  for (const env of doc.environments)
    if (["prod", "staging"].includes(env.name)) env.vault.audit = { accountId: "333333333333", region: "eu-west-1" };
  return loadInventoryFromDocument(doc);
}

describe("identity-catalogue entries of the Vault audit sink", () => {
  it("lists the same signal ids as the signals module", () => {
    const mounts = { kv: "kv", database: "database", pki: "pki", ssh: "ssh", aws: "aws", gcp: "gcp", approle: "approle", otherLogins: [] };
    expect(vaultAuditEnvironmentSignals({ environment: "prod", mounts, quarantinedPaths: [] }).map((s) => s.id)).toEqual([
      ...VAULT_AUDIT_ENVIRONMENT_SIGNAL_IDS,
    ]);
    expect(vaultAuditClusterSignals().map((s) => s.id)).toEqual([...VAULT_AUDIT_CLUSTER_SIGNAL_IDS]);
  });

  it("adds nothing for an inventory without vault.audit", () => {
    expect(entriesForVaultAudit(loadInventoryFromDocument(fixtureDocument("acme.yaml")))).toEqual([]);
  });

  it("names the stack, bucket, log group, roles and every filter and alarm, and the catalogue carries them", () => {
    const inventory = acmeWithAudit();
    const entries = entriesForVaultAudit(inventory);
    const names = entries.map((e) => e.name);
    expect(names).toContain("vault-acme-example-audit");
    expect(names).toContain("acme-data-prod-vault-permission-denied");
    expect(names).toContain("acme-data-staging-vault-secret-reads");
    expect(entries.filter((e) => e.what === "CloudWatch alarm").map((e) => e.name)).not.toContain("acme-data-prod-vault-secret-reads");
    const catalogue = identityCatalogue(inventory).entries.map((e) => `${e.scope}|${e.name}`);
    for (const e of entries) expect(catalogue).toContain(`${e.scope}|${e.name}`);
  });

  it("gives no two entries the same key in one scope", () => {
    const entries = entriesForVaultAudit(acmeWithAudit());
    const keys = entries.map((e) => `${e.scope}|${e.key}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
