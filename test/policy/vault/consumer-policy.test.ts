import { parse } from "@cdktf/hcl2json";
import { parseVaultPolicy } from "../../../lib/vault-hcl/policy-document";
import { evaluateVault } from "../../../lib/analysis/vault/policy-evaluator";
import { consumerPolicyDocument, consumerPolicyRules, renderConsumerPolicy } from "../../../lib/policy/vault/consumer-policy";
import { environment, fixture } from "../../constructs/vault/support";

const acme = fixture("acme.yaml");
const realworld = fixture("realworld.yaml");

function account(envName: string, id: string, inventory = acme) {
  const plan = environment(inventory, envName);
  const found = plan.serviceAccounts.find((a) => a.id === id);
  if (!found) throw new Error(`no service account ${id} in ${envName}`);
  return { plan, account: found };
}

describe("consumerPolicyRules", () => {
  it("grants a dynamic database consumer exactly its own creds role", () => {
    const { plan, account: orders } = account("prod", "orders-nightly");
    expect(consumerPolicyRules(plan, orders)).toEqual([
      { path: "database/creds/orders-postgres-main-orders-nightly", capabilities: ["read"] },
    ]);
  });

  it("grants a KV consumer read on the data and metadata paths only", () => {
    const { plan, account: payments } = account("prod", "payments-ingest");
    expect(consumerPolicyRules(plan, payments)).toEqual([
      { path: "kv/data/connectors/stripe-api/main", capabilities: ["read"] },
      { path: "kv/metadata/connectors/stripe-api/main", capabilities: ["read"] },
    ]);
  });

  it("prefixes every path with the mount prefix in a mount-isolated environment", () => {
    const { plan, account: payments } = account("test", "payments-ingest");
    expect(consumerPolicyRules(plan, payments).map((r) => r.path)).toEqual([
      "etl-test/kv/data/connectors/stripe-api/main",
      "etl-test/kv/metadata/connectors/stripe-api/main",
    ]);
  });

  it("issues certificates through the PKI role with update", () => {
    const { plan, account: loader } = account("prod", "warehouse-loader");
    expect(consumerPolicyRules(plan, loader)).toEqual([{ path: "pki/issue/warehouse-mtls-main", capabilities: ["update"] }]);
  });

  it("denies exactly the paths a consumer of a quarantined credential used to read", () => {
    const { plan, account: prices } = account("prod", "price-files");
    const rules = consumerPolicyRules(plan, prices);
    expect(rules.map(({ path, capabilities }) => ({ path, capabilities }))).toEqual([
      { path: "kv/data/connectors/legacy-ftp/main", capabilities: ["deny"] },
      { path: "kv/metadata/connectors/legacy-ftp/main", capabilities: ["deny"] },
    ]);
    const text = renderConsumerPolicy(plan, prices);
    expect(text).toContain("quarantined: access denied, data kept");
    // deny wins within an identical pattern, even against another policy's grant
    const grant = parseVaultPolicy("other", 'path "kv/data/connectors/legacy-ftp/main" { capabilities = ["read"] }');
    expect(evaluateVault([parseVaultPolicy("q", text), grant], "kv/data/connectors/legacy-ftp/main", "read").allowed).toBe(false);
  });

  it("lets a consumer write back a rotating refresh token on its own data path only, never delete it", () => {
    const { plan, account: crm } = account("prod", "crm-sync", realworld);
    const policy = parseVaultPolicy("crm", renderConsumerPolicy(plan, crm));
    expect(evaluateVault([policy], "kv/data/connectors/salesforce-crm/main", "update").allowed).toBe(true);
    expect(evaluateVault([policy], "kv/data/connectors/salesforce-crm/main", "patch").allowed).toBe(true);
    expect(evaluateVault([policy], "kv/data/connectors/salesforce-crm/main", "delete").allowed).toBe(false);
    expect(evaluateVault([policy], "kv/metadata/connectors/salesforce-crm/main", "update").allowed).toBe(false);
  });

  it("signs SSH keys with the consumer's own role and reads the static password of the same connector", () => {
    const { plan, account: ledger } = account("prod", "ledger-extract", realworld);
    expect(consumerPolicyRules(plan, ledger).map((r) => `${r.path} ${r.capabilities.join(",")}`)).toEqual([
      "kv/data/connectors/erp-mssql/db read",
      "kv/metadata/connectors/erp-mssql/db read",
      "ssh/sign/erp-mssql-tunnel-ledger-extract update",
    ]);
  });

  it("reads cloud credentials from the AWS and GCP engines' exact roles", () => {
    const finance = account("prod", "finance-load", realworld);
    expect(consumerPolicyRules(finance.plan, finance.account).map((r) => r.path)).toEqual([
      "database/creds/redshift-sink-db-finance-load",
      "aws/creds/redshift-sink-staging",
    ]);
    const events = account("prod", "events-export", realworld);
    expect(consumerPolicyRules(events.plan, events.account).map((r) => r.path)).toEqual(["gcp/roleset/bigquery-export-main/key"]);
  });

  it("puts no control group on a machine consumer's policy, even for critical credentials with approvals", () => {
    const { plan, account: orders } = account("prod", "orders-nightly");
    expect(renderConsumerPolicy(plan, orders)).not.toContain("control_group");
  });

  it("renders text that @cdktf/hcl2json parses, for every consumer of both fixtures", async () => {
    for (const inventory of [acme, realworld]) {
      for (const envName of inventory.environments.map((e) => e.name)) {
        const plan = environment(inventory, envName);
        for (const sa of plan.serviceAccounts) {
          if (consumerPolicyRules(plan, sa).length === 0) continue;
          const parsed = await parse(`${sa.id}.hcl`, renderConsumerPolicy(plan, sa));
          expect(Object.keys(parsed.path).length).toBe(new Set(consumerPolicyRules(plan, sa).map((r) => r.path)).size);
        }
      }
    }
  });

  it("names the environment, its boundary and the service account in the header", () => {
    const { plan, account: orders } = account("prod", "orders-cdc");
    const document = consumerPolicyDocument(plan, orders);
    expect(document.name).toBe("prod-consumer-orders-cdc");
    expect(document.header[0]).toBe("environment prod (namespace etl/prod, https://vault.acme.example:8200)");
    expect(document.header[1]).toBe("service account orders-cdc (kubernetes), class critical");
  });
});
