import { parseVaultPolicy } from "../../../lib/vault-hcl/policy-document";
import { evaluateVault } from "../../../lib/analysis/vault/policy-evaluator";
import {
  breakGlassPolicyDocument,
  breakGlassPolicyRules,
  operatorPolicyDocument,
  operatorPolicyRules,
  rotationPolicyRules,
} from "../../../lib/policy/vault/human-policies";
import { renderVaultPolicy } from "../../../lib/policy/vault/policy-text";
import { environment, fixture, fixtureDocument, inventoryFrom } from "../../constructs/vault/support";

const acme = fixture("acme.yaml");

describe("operator and break-glass policies", () => {
  it("carry a control group on human reads of critical credentials in production with approvals", () => {
    const prod = environment(acme, "prod");
    const guarded = operatorPolicyRules(prod).filter((r) => r.controlGroup);
    expect(guarded.map((r) => r.path)).toEqual(["database/creds/orders-postgres-main_operator"]);
    expect(guarded[0].controlGroup).toEqual({ group: "data-platform-leads", approvals: 2 });
    expect(
      breakGlassPolicyRules(prod)
        .filter((r) => r.controlGroup)
        .map((r) => r.path),
    ).toEqual(["database/creds/orders-postgres-main_operator"]);
  });

  it("carry no control group in an environment without approvals", () => {
    const staging = environment(acme, "staging");
    expect(operatorPolicyRules(staging).some((r) => r.controlGroup)).toBe(false);
  });

  it("let operators read but never write, and list names only under the connectors folder", () => {
    const prod = environment(acme, "prod");
    const policy = parseVaultPolicy("op", renderVaultPolicy(operatorPolicyDocument(prod)));
    expect(evaluateVault([policy], "kv/data/connectors/stripe-api/main", "read").allowed).toBe(true);
    expect(evaluateVault([policy], "kv/data/connectors/stripe-api/main", "update").allowed).toBe(false);
    expect(evaluateVault([policy], "kv/metadata/connectors/", "list").allowed).toBe(true);
    expect(evaluateVault([policy], "database/creds/orders-postgres-main-orders-nightly", "read").allowed).toBe(false);
  });

  it("let break-glass replace a leaked KV value and rotate a database's bootstrap credential", () => {
    const prod = environment(acme, "prod");
    const policy = parseVaultPolicy("bg", renderVaultPolicy(breakGlassPolicyDocument(prod)));
    expect(evaluateVault([policy], "kv/data/connectors/stripe-api/main", "update").allowed).toBe(true);
    expect(evaluateVault([policy], "database/rotate-root/orders-postgres-main", "update").allowed).toBe(true);
    expect(evaluateVault([policy], "kv/data/connectors/stripe-api/main", "delete").allowed).toBe(false);
    expect(renderVaultPolicy(breakGlassPolicyDocument(prod))).not.toMatch(/sudo|\*|\+/);
  });

  it("give the key-broker rotation function read and check-and-set update on broker-rotated credentials only, never create", () => {
    const realworld = fixture("realworld.yaml");
    expect(rotationPolicyRules(environment(realworld, "prod")).map((r) => `${r.path} ${r.capabilities.join(",")}`)).toEqual([
      "kv/data/connectors/kafka-events/main read,update",
      "kv/metadata/connectors/kafka-events/main read",
      "kv/data/connectors/snowflake-loader/main read,update",
      "kv/metadata/connectors/snowflake-loader/main read",
    ]);
  });
});

describe("quarantine in the operator and break-glass policies", () => {
  // acme: legacy-ftp (KV) is quarantined; here orders-postgres (dynamic database) and a Vault
  // static role are quarantined too.
  const doc = fixtureDocument("acme.yaml");
  doc.connectors.find((c: any) => c.id === "orders-postgres").lifecycle.state = "quarantined";
  const billing = doc.connectors.find((c: any) => c.id === "billing-mysql");
  doc.connectors.push({
    ...billing,
    id: "billing-vault",
    store: "vault",
    consumers: [{ id: "billing-vault-sync", auth: { method: "approle", cidrs: ["10.20.0.0/16"] }, access: "read" }],
    environments: { prod: billing.environments.prod },
    lifecycle: { ...billing.lifecycle, state: "quarantined" },
  });
  const prod = environment(inventoryFrom(doc), "prod");
  const operator = parseVaultPolicy("operator", renderVaultPolicy(operatorPolicyDocument(prod)));
  const breakGlass = parseVaultPolicy("break-glass", renderVaultPolicy(breakGlassPolicyDocument(prod)));
  const both = [operator, breakGlass];
  const allowed = (policies: typeof both, path: string, capability: "read" | "create" | "update") =>
    evaluateVault(policies, path, capability).allowed;

  it("deny operators every value of a quarantined credential: KV data, their database role, static credentials", () => {
    expect(allowed([operator], "kv/data/connectors/legacy-ftp/main", "read")).toBe(false);
    expect(allowed([operator], "database/creds/orders-postgres-main_operator", "read")).toBe(false);
    expect(allowed([operator], "database/static-creds/billing-vault-main", "read")).toBe(false);
    // Active credentials stay readable.
    expect(allowed([operator], "kv/data/connectors/stripe-api/main", "read")).toBe(true);
  });

  it("deny break-glass every read of a quarantined value but keep what it is for (replace the leaked KV value, rotate database credentials), even for a person in both groups", () => {
    for (const path of [
      "kv/data/connectors/legacy-ftp/main",
      "database/creds/orders-postgres-main_operator",
      "database/static-creds/billing-vault-main",
    ]) {
      expect([path, allowed(both, path, "read")]).toEqual([path, false]);
    }
    expect(allowed(both, "kv/data/connectors/legacy-ftp/main", "update")).toBe(true);
    expect(allowed(both, "kv/data/connectors/legacy-ftp/main", "create")).toBe(true);
    expect(allowed(both, "database/rotate-root/orders-postgres-main", "update")).toBe(true);
    expect(allowed(both, "database/rotate-role/billing-vault-main", "update")).toBe(true);
    // The metadata (register data and versions, never a value) stays readable: check-and-set needs the version.
    expect(allowed([operator], "kv/metadata/connectors/legacy-ftp/main", "read")).toBe(true);
  });

  it("say so in the policy text", () => {
    expect(renderVaultPolicy(operatorPolicyDocument(prod))).toContain("quarantined");
    expect(renderVaultPolicy(breakGlassPolicyDocument(prod))).toContain("quarantined");
  });
});
