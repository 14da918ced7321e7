import { renderRunbook, UnknownConnectorError } from "../../lib/runbook";
import { loadInventory } from "../../lib/spec/load";

const acme = loadInventory("test/fixtures/inventories/acme.yaml");
const realworld = loadInventory("test/fixtures/inventories/realworld.yaml");

describe("renderRunbook", () => {
  it("matches the snapshot of acme's orders-postgres (dynamic database, AppRole and Kubernetes consumers)", () => {
    expect(renderRunbook(acme, "orders-postgres", { inventoryFile: "acme.yaml" })).toMatchSnapshot();
  });

  it("matches the snapshot of realworld's erp-mssql (static password in KV and signed SSH certificates)", () => {
    expect(renderRunbook(realworld, "erp-mssql", { inventoryFile: "realworld.yaml" })).toMatchSnapshot();
  });

  it("names owner and on-call, and revokes dynamic leases per consumer role with the namespace of each environment", () => {
    const text = renderRunbook(acme, "orders-postgres");
    expect(text).toContain("- Owner: Orders data team (orders-team), orders-data@acme.example\n- On-call: pagerduty:PORDERS");
    expect(text).toContain("`VAULT_ADDR=https://vault.acme.example:8200 VAULT_NAMESPACE=etl/prod vault lease revoke -prefix database/creds/orders-postgres-main-orders-nightly`");
    expect(text).toContain("vault write -f database/rotate-root/orders-postgres-main");
    expect(text).toContain("vault write auth/approle/role/orders-nightly/secret-id-accessor/destroy secret_id_accessor=<accessor>");
    expect(text).not.toContain("auth/approle/role/orders-cdc"); // a Kubernetes consumer has no secret id
  });

  it("uses the mount prefix where an environment isolates by mount", () => {
    const text = renderRunbook(acme, "stripe-api");
    expect(text).toContain("| test | main | api-key | Vault https://vault.dev.acme.example:8200: `etl-test/kv/data/connectors/stripe-api/main` |");
    expect(text).toContain("`VAULT_ADDR=https://vault.dev.acme.example:8200 vault kv destroy -mount=etl-test/kv -versions=<n> connectors/stripe-api/main`");
    expect(text).toContain("Ask the issuer (http-api) to revoke the old value and issue a new one");
    expect(text).toContain("`<new value> | etl-secrets seed connectors.yaml stripe-api --env prod --overwrite`");
  });

  it("rotates Secrets Manager secrets now, cancels stuck rotations and denies reads by resource policy", () => {
    const text = renderRunbook(acme, "billing-mysql");
    expect(text).toContain("`aws secretsmanager rotate-secret --region eu-west-1 --secret-id acme-data/prod/billing-mysql/main`");
    expect(text).toContain("`aws secretsmanager cancel-rotate-secret --region eu-west-1 --secret-id acme-data/prod/billing-mysql/main`");
    expect(text).toContain("aws secretsmanager put-resource-policy --region eu-west-1 --secret-id acme-data/prod/billing-mysql/main");
    expect(text).toContain("aws cloudtrail lookup-events --region eu-west-1 --lookup-attributes AttributeKey=ResourceName,AttributeValue=acme-data/prod/billing-mysql/main");
    expect(text).toContain("- On-call: pagerduty:PORDERS");
  });

  it("revokes PKI certificates by serial and tidies", () => {
    const text = renderRunbook(acme, "warehouse-mtls");
    expect(text).toContain("vault write pki/revoke serial_number=<serial>");
    expect(text).toContain("vault write pki/tidy tidy_cert_store=true tidy_revoked_certs=true");
  });

  it("covers every credential kind of the realworld inventory without throwing", () => {
    for (const connector of realworld.connectors) {
      const text = renderRunbook(realworld, connector.id);
      expect(text).toMatch(/## 1\. Revoke[\s\S]*## 2\. Quarantine in the inventory[\s\S]*## 3\. Reissue[\s\S]*## 4\. Check after/);
    }
    expect(renderRunbook(realworld, "salesforce-crm")).toContain("- On-call: none declared");
    expect(renderRunbook(realworld, "bigquery-export")).toContain("vault lease revoke -prefix gcp/roleset/bigquery-export-main");
    expect(renderRunbook(realworld, "redshift-sink")).toContain("vault lease revoke -prefix aws/creds/redshift-sink-staging");
    expect(renderRunbook(realworld, "s3-landing")).toContain("AWSRevokeOlderSessions");
  });

  it("is deterministic and names the quarantine steps", () => {
    const text = renderRunbook(acme, "legacy-ftp", { inventoryFile: "acme.yaml" });
    expect(renderRunbook(acme, "legacy-ftp", { inventoryFile: "acme.yaml" })).toBe(text);
    expect(text).toContain("state: **quarantined**");
    expect(text).toContain("1. Set `lifecycle: { state: quarantined }` on `legacy-ftp` in `acme.yaml`.");
    expect(text).toContain("`etl-secrets synth acme.yaml --out cdktf.out`");
  });

  it("refuses an unknown connector, listing the known ones", () => {
    expect(() => renderRunbook(acme, "nope")).toThrow(UnknownConnectorError);
    expect(() => renderRunbook(acme, "nope")).toThrow(/known: billing-mysql, hubspot-api/);
  });
});
