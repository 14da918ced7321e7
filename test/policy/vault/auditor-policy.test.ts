import fc from "fast-check";
import type { Capability } from "../../../lib/vault-hcl/capabilities";
import { evaluateVault } from "../../../lib/analysis/vault/policy-evaluator";
import { parseVaultPolicy } from "../../../lib/vault-hcl/policy-document";
import { isAuditorMetadataRule, type EnvironmentDescription } from "../../../lib/checks/stack-checks/vault-stack-facts";
import { auditorPolicyDocument, auditorPolicyRules, type AuditorVaultScope } from "../../../lib/policy/vault/auditor-policy";
import { renderVaultPolicy } from "../../../lib/policy/vault/policy-text";
import { planInventory } from "../../../lib/plan/inventory-plan";
import { fixtureInventory } from "../../support/inventories";
import { propertyRuns } from "../../support/property-runs";

function description(secret: string[], auth: readonly string[]): EnvironmentDescription {
  return { environment: "prod", production: true, isolation: "namespace", secret_mounts: secret, auth_mounts: [...auth] };
}

const SCOPE: AuditorVaultScope = { kv: "kv", database: "database", approle: "approle", authMounts: ["approle", "kubernetes-main"] };

function auditor(scope: AuditorVaultScope = SCOPE) {
  const prod = planInventory(fixtureInventory("realworld.yaml")).environments.find((e) => e.tier === "production")!;
  const document = auditorPolicyDocument(prod, scope);
  return parseVaultPolicy(document.name, renderVaultPolicy(document));
}

// Styled after Vault's own acl_test.go: request path x capability -> allowed?
const TABLE: [string, Capability, boolean][] = [
  ["kv/metadata/", "list", true],
  ["kv/metadata/connectors/ghost/main", "read", true],
  ["kv/metadata/connectors/ghost/", "list", true],
  ["kv/metadata/connectors/ghost/main", "update", false],
  ["kv/metadata/connectors/ghost/main", "delete", false],
  ["kv/data/connectors/orders/main", "read", false],
  ["kv/data/connectors/orders/main", "list", false],
  ["kv/delete/connectors/orders/main", "update", false],
  ["kv/destroy/connectors/orders/main", "update", false],
  ["auth/approle/role/", "list", true],
  ["auth/kubernetes-main/role/", "list", true],
  ["auth/approle/role/loader", "read", true],
  ["auth/approle/role/loader", "update", false],
  ["auth/approle/role/loader/role-id", "read", false],
  ["auth/approle/role/loader/secret-id", "update", false],
  ["auth/approle/role/loader/secret-id", "create", false],
  ["auth/approle/role/loader/secret-id", "list", true],
  ["auth/approle/role/loader/secret-id/lookup", "update", false],
  ["auth/approle/role/loader/secret-id-accessor/lookup", "update", true],
  ["auth/approle/role/loader/secret-id-accessor/destroy", "update", false],
  ["auth/approle/login", "update", false],
  ["auth/kubernetes-main/role/x", "read", false],
  ["database/roles/", "list", true],
  ["database/static-roles/", "list", true],
  ["database/static-roles/orders-main", "read", true],
  ["database/static-creds/orders-main", "read", false],
  ["database/creds/orders-main-loader", "read", false],
  ["database/rotate-role/orders-main", "update", false],
  ["database/roles/orders-main-loader", "read", false],
  ["pki/issue/x", "update", false],
  ["ssh/sign/x", "update", false],
  ["gcp/roleset/x/key", "read", false],
  ["sys/policies/acl/prod-operator", "read", false],
];

describe("the auditor's Vault policy", () => {
  it.each(TABLE)("%s %s -> %s", (path, capability, allowed) => {
    expect(evaluateVault([auditor()], path, capability).allowed).toBe(allowed);
  });

  it("names no value-bearing path, and every rule is a metadata-only shape", () => {
    const rules = auditorPolicyRules(SCOPE);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.path).not.toMatch(/\/(data|creds|static-creds|issue|sign|role-id)(\/|$)/);
      expect(isAuditorMetadataRule(description(["kv", "database"], SCOPE.authMounts), "prod-auditor", rule)).toBe(true);
    }
  });

  it("grants nothing on a mount the environment does not have", () => {
    expect(auditorPolicyRules({ authMounts: [] })).toEqual([]);
    const kvOnly = auditor({ kv: "kv", authMounts: [] });
    expect(evaluateVault([kvOnly], "database/static-roles/x", "read").allowed).toBe(false);
    expect(evaluateVault([kvOnly], "auth/approle/role/", "list").allowed).toBe(false);
  });

  it("the checks' oracle refuses the auditor shape with a wider capability, on another mount, or in another policy", () => {
    const d = description(["kv"], ["approle"]);
    const ok = (path: string, capabilities: string[], policy = "prod-auditor") => isAuditorMetadataRule(d, policy, { path, capabilities });
    expect(ok("kv/metadata/*", ["read", "list"])).toBe(true);
    expect(ok("kv/metadata/*", ["read", "list"], "prod-operator")).toBe(false);
    expect(ok("kv/metadata/*", ["read", "update"])).toBe(false);
    expect(ok("kv/data/*", ["read"])).toBe(false);
    expect(ok("other-kv/metadata/*", ["read"])).toBe(false);
    expect(ok("auth/approle/role/+", ["read", "update"])).toBe(false);
    expect(ok("auth/approle/role/*", ["read"])).toBe(false);
    expect(ok("auth/approle/role/+/secret-id", ["create", "update"])).toBe(false);
    expect(ok("kv/metadata/*", [])).toBe(false);
    expect(isAuditorMetadataRule(undefined, "prod-auditor", { path: "kv/metadata/*", capabilities: ["read"] })).toBe(false);
  });

  it("never reaches a value whatever the credential path (property)", () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,12}$/);
    const valuePath = fc.oneof(
      fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `kv/data/${s.join("/")}`),
      segment.map((s) => `database/static-creds/${s}`),
      segment.map((s) => `database/creds/${s}`),
      segment.map((s) => `auth/approle/role/${s}/role-id`),
      segment.map((s) => `auth/approle/role/${s}/secret-id`),
      segment.map((s) => `pki/issue/${s}`),
    );
    const policy = auditor();
    fc.assert(
      fc.property(valuePath, fc.constantFrom<Capability>("read", "create", "update"), (path, capability) => {
        expect(evaluateVault([policy], path, capability).allowed).toBe(false);
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
