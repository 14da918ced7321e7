import { TerraformResource } from "cdktf";
import { validateDocument } from "../../../lib/inventory/validate";
import { environment, fixture, fixtureDocument, inventoryFrom, synthVault, type Doc } from "./support";

/** Resources by address, without the aggregates that may legitimately change (people's policies, the key broker's, the description). */
function perConnector(json: Doc, connector: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [type, resources] of Object.entries(json.resource as Record<string, Record<string, unknown>>)) {
    for (const [name, body] of Object.entries(resources)) if (name.includes(connector)) out[`${type}.${name}`] = body;
  }
  return out;
}

describe("VaultEnvironment", () => {
  it("synthesizes the same bytes when connectors, consumers and environments are reordered", () => {
    const doc = fixtureDocument("acme.yaml");
    const shuffled = fixtureDocument("acme.yaml");
    shuffled.connectors.reverse();
    shuffled.environments.reverse();
    for (const connector of shuffled.connectors) connector.consumers?.reverse();
    for (const name of ["dev", "test", "staging", "prod"]) {
      expect(synthVault(environment(inventoryFrom(shuffled), name)).synthesized).toBe(
        synthVault(environment(inventoryFrom(doc), name)).synthesized,
      );
    }
  });

  it("leaves every other connector's resources unchanged when a connector is added", () => {
    const before = synthVault(environment(fixture("acme.yaml"), "prod")).json;
    const doc = fixtureDocument("acme.yaml");
    doc.connectors.push({
      id: "zendesk-api",
      purpose: "Support tickets",
      owner: "growth-team",
      system: "http-api",
      sensitivity: "low",
      store: "vault",
      credential: { type: "api-key", rotation: { reminder: true } },
      consumers: [{ id: "tickets", auth: { method: "approle", cidrs: ["10.0.0.0/8"] } }],
      environments: { prod: {} },
      lifecycle: { createdOn: "2025-01-01", reviewBy: "2026-12-01" },
    });
    const after = synthVault(environment(inventoryFrom(doc), "prod")).json;
    for (const connector of ["orders-postgres", "stripe-api", "warehouse-mtls", "legacy-ftp"]) {
      expect(perConnector(after, connector)).toEqual(perConnector(before, connector));
    }
    for (const consumer of ["orders-nightly", "orders-cdc", "payments-ingest", "warehouse-loader", "price-files"]) {
      expect(perConnector(after, `consumer-${consumer}`)).toEqual(perConnector(before, `consumer-${consumer}`));
    }
  });

  it("derives construct paths from spec keys", () => {
    const { stack } = synthVault(environment(fixture("acme.yaml"), "prod"));
    const paths = stack.node
      .findAll()
      .filter((c) => c instanceof TerraformResource)
      .map((c) => c.node.path);
    expect(paths).toContain("prod/vault/connector-orders-postgres/main/database/connection");
    expect(paths).toContain("prod/vault/consumer-orders-nightly/approle");
    expect(paths.some((p) => /\/\d+\//.test(p))).toBe(false);
  });

  it("keeps a quarantined credential's data and metadata, says so in the stack, and denies its consumers", () => {
    const prod = synthVault(environment(fixture("acme.yaml"), "prod"));
    expect(prod.find("vault_generic_endpoint", "path", "kv/metadata/connectors/legacy-ftp/main").disable_delete).toBe(true);
    expect(prod.json.locals.etl_vault_environment.quarantined).toEqual(["legacy-ftp/main"]);
    expect(prod.find("vault_policy", "name", "prod-consumer-price-files").policy).toContain('capabilities = ["deny"]');
  });

  it("removes a retired credential's resources only with destroyOnRetire", () => {
    const doc = fixtureDocument("acme.yaml");
    const ftp = doc.connectors.find((c: Doc) => c.id === "legacy-ftp");
    ftp.lifecycle.state = "retired";
    const kept = synthVault(environment(inventoryFrom(doc), "prod"));
    expect(kept.find("vault_generic_endpoint", "path", "kv/metadata/connectors/legacy-ftp/main")).toBeDefined();
    expect(JSON.stringify(kept.json)).not.toContain("consumer-price-files");
    ftp.lifecycle.destroyOnRetire = true;
    // In production only a retirement says what happens to the data (issue 11, item 7).
    doc.retirements = [{ connector: "legacy-ftp", environment: "prod", on: "2026-11-30", destroy: true, approvedBy: "platform-team" }];
    const removed = synthVault(environment(inventoryFrom(doc), "prod"));
    expect(JSON.stringify(removed.json)).not.toContain("legacy-ftp");
  });

  it("carries prevent_destroy on every production mount and auth backend, and on none outside production", () => {
    const prod = synthVault(environment(fixture("realworld.yaml"), "prod")).json.resource;
    const dev = synthVault(environment(fixture("realworld.yaml"), "dev")).json.resource;
    for (const type of ["vault_mount", "vault_auth_backend", "vault_aws_secret_backend", "vault_gcp_secret_backend"]) {
      for (const body of Object.values(prod[type] as Record<string, Doc>)) expect(body.lifecycle).toEqual({ prevent_destroy: true });
      for (const body of Object.values(dev[type] as Record<string, Doc>)) expect(body.lifecycle).toEqual({ prevent_destroy: false });
    }
  });

  it("fails when OpenBao would need an external plugin: validation refuses the spec, and so does the construct", () => {
    const doc = fixtureDocument("realworld.yaml");
    for (const env of doc.environments)
      env.vault = { address: env.vault.address, edition: "openbao", isolation: "namespace", namespace: env.vault.namespace };
    const outcome = validateDocument(doc);
    expect(outcome.ok).toBe(false);
    const messages = outcome.issues.filter((i) => i.code === "openbao-external-plugin").map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("Vault's AWS secrets engine is an external plugin on OpenBao"),
        expect.stringContaining("Vault's GCP secrets engine is an external plugin on OpenBao"),
      ]),
    );
    const plan = environment(fixture("realworld.yaml"), "prod");
    expect(() => synthVault({ ...plan, vault: { ...plan.vault!, edition: "openbao" } }, true)).toThrow(/external plugin on OpenBao/);
  });

  it("refuses AWS IAM auth for Vault consumers on OpenBao", () => {
    const doc = fixtureDocument("acme.yaml");
    for (const env of doc.environments) {
      if (env.vault) env.vault.edition = "openbao";
      delete env.approvals;
    }
    doc.connectors.find((c: Doc) => c.id === "stripe-api").consumers[0].auth = { method: "aws-iam", roleName: "payments" };
    const outcome = validateDocument(doc);
    expect(outcome.issues.filter((i) => i.code === "openbao-external-plugin").map((i) => i.message)[0]).toContain(
      "AWS IAM auth is an external plugin on OpenBao",
    );
  });
});
