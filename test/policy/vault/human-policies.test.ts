import { parseVaultPolicy } from "../../../lib/analysis/vault/policy-document";
import { evaluateVault } from "../../../lib/analysis/vault/policy-evaluator";
import {
  breakGlassPolicyDocument,
  breakGlassPolicyRules,
  operatorPolicyDocument,
  operatorPolicyRules,
  rotationPolicyRules,
} from "../../../lib/policy/vault/human-policies";
import { renderVaultPolicy } from "../../../lib/policy/vault/policy-text";
import { environment, fixture } from "../../constructs/vault/support";

const acme = fixture("acme.yaml");

describe("operator and break-glass policies", () => {
  it("carry a control group on human reads of critical credentials in production with approvals", () => {
    const prod = environment(acme, "prod");
    const guarded = operatorPolicyRules(prod).filter((r) => r.controlGroup);
    expect(guarded.map((r) => r.path)).toEqual(["database/creds/orders-postgres-main_operator"]);
    expect(guarded[0].controlGroup).toEqual({ group: "data-platform-leads", approvals: 2 });
    expect(breakGlassPolicyRules(prod).filter((r) => r.controlGroup).map((r) => r.path)).toEqual(["database/creds/orders-postgres-main_operator"]);
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
