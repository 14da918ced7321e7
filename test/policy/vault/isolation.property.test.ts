/*
 * For random small inventories: no consumer policy grants any capability on a path of another
 * environment (same cluster, namespaces honoured) or of a credential the consumer was not declared
 * for (another connector, another credential of its connector, another consumer's engine role).
 * The policies are rendered to text and judged by the Vault evaluator of lib/analysis/vault.
 */
import fc from "fast-check";
import type { Capability } from "../../../lib/vault-hcl/capabilities";
import { parseVaultPolicy } from "../../../lib/vault-hcl/policy-document";
import { evaluateVaultInNamespace } from "../../../lib/analysis/vault/policy-evaluator";
import { planInventory } from "../../../lib/plan/inventory-plan";
import type { CredentialPlan, EnvironmentPlan } from "../../../lib/plan/types";
import { consumerCredentialPaths, vaultCredentials } from "../../../lib/policy/vault/credential-paths";
import { consumerPolicyRules, renderConsumerPolicy } from "../../../lib/policy/vault/consumer-policy";
import { breakGlassPolicyRules, operatorPolicyRules } from "../../../lib/policy/vault/human-policies";
import { inventoryFrom, type Doc } from "../../constructs/vault/support";
import { propertyRuns } from "../../support/property-runs";

const CAPABILITIES: Capability[] = ["create", "read", "update", "patch", "delete", "list"];
const ENV_NAMES = ["dev", "test", "qa", "prod"] as const;
const CONSUMERS: Record<string, Doc> = {
  "job-a": { method: "approle", cidrs: ["10.0.0.0/8"] },
  "job-b": { method: "kubernetes", serviceAccount: "job-b", namespace: "etl" },
  "job-c": { method: "jwt", issuer: "https://issuer.example", subject: "repo:x", audience: "vault" },
};
const CREDENTIALS: Record<string, { system: string; credential: Doc }> = {
  dynamic: { system: "postgresql", credential: { type: "dynamic-database", database: { host: "db.internal", name: "app" } } },
  apiKey: { system: "http-api", credential: { type: "api-key", rotation: { reminder: true } } },
  staticPassword: { system: "ftp", credential: { type: "static-password" } },
  certificate: { system: "generic", credential: { type: "certificate", certificate: { commonName: "etl.example.com" } } },
  oauth: { system: "crm", credential: { type: "oauth-client", grant: "refresh-token", refreshTokenRotates: true } },
  ssh: { system: "bastion", credential: { type: "ssh-key", mode: "signed-certificate", principals: ["etl"] } },
  generic: { system: "erp", credential: { type: "generic", fields: ["a", "b"] } },
};

const environmentArb = fc.record({
  name: fc.constantFrom(...ENV_NAMES),
  cluster: fc.constantFrom("https://vault-a.example:8200", "https://vault-b.example:8200"),
  isolation: fc.constantFrom("namespace", "mount"),
  production: fc.boolean(),
});

const connectorArb = fc.record({
  credentials: fc.uniqueArray(fc.constantFrom(...Object.keys(CREDENTIALS)), { minLength: 1, maxLength: 2 }),
  consumers: fc.uniqueArray(fc.constantFrom(...Object.keys(CONSUMERS)), { maxLength: 3 }),
  sensitivity: fc.constantFrom("critical", "high", "moderate", "low"),
  quarantined: fc.boolean(),
  environmentMask: fc.integer({ min: 1, max: 15 }),
  onlyFirstCredential: fc.boolean(),
});

const inventoryArb = fc.record({
  environments: fc.uniqueArray(environmentArb, { minLength: 1, maxLength: 4, selector: (e) => e.name }),
  connectors: fc.array(connectorArb, { minLength: 1, maxLength: 4 }),
});

type InventoryInput = typeof inventoryArb extends fc.Arbitrary<infer T> ? T : never;

function buildDocument(input: InventoryInput): Doc {
  const environments = input.environments.map((e) => ({
    name: e.name,
    tier: e.production ? "production" : "non-production",
    stores: ["vault"],
    vault: {
      address: e.cluster,
      edition: "enterprise",
      isolation: e.isolation,
      ...(e.isolation === "namespace" ? { namespace: `etl/${e.name}` } : {}),
    },
    ...(e.production ? { approvals: { group: "leads", required: 2 } } : {}),
  }));
  const connectors = input.connectors.map((c, index) => {
    // The system follows the first credential (dynamic database credentials need postgresql).
    const kinds = c.credentials.includes("dynamic") ? ["dynamic", ...c.credentials.filter((k) => k !== "dynamic")] : c.credentials;
    const names = kinds.map((k) => k.toLowerCase());
    const envs = input.environments.filter((_, i) => (c.environmentMask >> i) & 1);
    return {
      id: `conn-${index}`,
      purpose: "property test",
      owner: "team",
      system: CREDENTIALS[kinds[0]].system,
      sensitivity: c.sensitivity,
      store: "vault",
      credentials: Object.fromEntries(kinds.map((k, i) => [names[i], CREDENTIALS[k].credential])),
      consumers: c.consumers.map((id) => ({ id, auth: CONSUMERS[id], ...(c.onlyFirstCredential ? { credentials: [names[0]] } : {}) })),
      environments: Object.fromEntries((envs.length > 0 ? envs : input.environments.slice(0, 1)).map((e) => [e.name, {}])),
      lifecycle: { createdOn: "2025-01-01", reviewBy: "2027-01-01", state: c.quarantined ? "quarantined" : "active" },
    };
  });
  return { version: 1, organization: "org", owners: [{ id: "team", name: "Team", email: "team@example.com" }], environments, connectors };
}

function namespaceOf(plan: EnvironmentPlan): string {
  return plan.vault!.isolation === "namespace" ? plan.vault!.namespace! : "";
}

/** Every path by which any principal reaches a credential: every consumer's engine role, people's paths, KV paths. */
function pathsOf(plan: EnvironmentPlan, credential: CredentialPlan): string[] {
  const all = new Set<string>([credential.vault!.dataPath, credential.vault!.metadataPath]);
  for (const consumer of [...Object.keys(CONSUMERS), "someone-else"]) {
    for (const p of consumerCredentialPaths(plan.vault!, credential, consumer)) all.add(p.path);
  }
  const own = (p: string) =>
    p.includes(`/${credential.connectorId}-${credential.name}`) || p.includes(`/connectors/${credential.connectorId}/${credential.name}`);
  for (const rule of [...operatorPolicyRules(plan), ...breakGlassPolicyRules(plan)]) if (own(rule.path)) all.add(rule.path);
  return [...all];
}

describe("consumer policies of random inventories", () => {
  it("never grant a path of another environment, another credential or another consumer", () => {
    fc.assert(
      fc.property(inventoryArb, (input) => {
        const plan = planInventory(inventoryFrom(buildDocument(input)));
        for (const env of plan.environments) {
          for (const account of env.serviceAccounts) {
            if (consumerPolicyRules(env, account).length === 0) continue;
            const policy = parseVaultPolicy(account.id, renderConsumerPolicy(env, account));
            const granted = new Set(account.grants.filter((g) => !g.quarantined).map((g) => g.credentialId));
            for (const other of plan.environments) {
              if (other.vault!.address !== env.vault!.address) continue; // another server altogether
              for (const credential of vaultCredentials(other)) {
                const mine = other.name === env.name && granted.has(credential.id);
                const ownPaths = mine
                  ? new Set(consumerCredentialPaths(env.vault!, credential, account.id).map((p) => p.path))
                  : new Set<string>();
                for (const path of pathsOf(other, credential)) {
                  if (ownPaths.has(path)) continue;
                  for (const capability of CAPABILITIES) {
                    const decision = evaluateVaultInNamespace(
                      [policy],
                      { tokenNamespace: namespaceOf(env), requestNamespace: namespaceOf(other), path },
                      capability,
                    );
                    if (decision.allowed) {
                      throw new Error(`${env.name}/${account.id} may ${capability} ${other.name}:${path} (${decision.reason})`);
                    }
                  }
                }
              }
            }
          }
        }
      }),
      { numRuns: propertyRuns(150), seed: 20250101 },
    );
  });

  it("grant nothing at all on a quarantined credential", () => {
    fc.assert(
      fc.property(inventoryArb, (input) => {
        const plan = planInventory(inventoryFrom(buildDocument(input)));
        for (const env of plan.environments) {
          for (const account of env.serviceAccounts) {
            for (const rule of consumerPolicyRules(env, account)) {
              const credential = env.credentials.find(
                (c) => rule.path.includes(`/${c.connectorId}-${c.name}`) || rule.path.endsWith(`/connectors/${c.connectorId}/${c.name}`),
              );
              if (credential?.quarantined) expect(rule.capabilities).toEqual(["deny"]);
            }
          }
        }
      }),
      { numRuns: propertyRuns(100), seed: 7 },
    );
  });
});
