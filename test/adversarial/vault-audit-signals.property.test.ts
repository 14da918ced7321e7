/*
 * Adversarial inventories with every Vault environment shipping its audit log: every synthesized-to-be
 * filter pattern parses under the independent oracle, fits in 1,024 characters, and names only its own
 * environment's namespace; quarantined value paths are each covered by exactly one quarantine part.
 * Pure (plan + policy), so it runs many cases.
 */
import fc from "fast-check";
import { planInventory } from "../../lib/plan/inventory-plan";
import { planVaultAudits } from "../../lib/plan/vault-audit-plan";
import { vaultAuditEnvironmentInput } from "../../lib/policy/vault-audit/environment-input";
import { FILTER_PATTERN_MAX, vaultAuditClusterSignals, vaultAuditEnvironmentSignals } from "../../lib/policy/vault-audit/signals";
import { validateDocument } from "../../lib/inventory/validate";
import { filterPatternMatches, parseFilterPattern } from "../support/cloudwatch-filter-pattern";
import { adversarialInventory } from "./adversarial-inventory";
import { makeCanaries } from "./hostile-text";
import { propertyRuns } from "../support/property-runs";

const RUNS = propertyRuns(300, { variable: "ADVERSARIAL_VAULT_AUDIT_RUNS" });
const SEED = Number(process.env.ADVERSARIAL_SEED ?? 20261203);

describe("Vault audit signals of adversarial inventories", () => {
  it(`parse, fit and stay in their environment (${RUNS} runs)`, () => {
    const canaries = makeCanaries();
    let checked = 0;
    fc.assert(
      fc.property(adversarialInventory(canaries), (kase) => {
        const doc = kase.document as Record<string, any>;
        for (const env of doc.environments ?? []) {
          if (env && typeof env === "object" && env.vault && typeof env.vault === "object")
            env.vault.audit = { accountId: "444444444444", region: "eu-west-1" };
        }
        const result = validateDocument(doc);
        if (!result.ok || !result.inventory) return;
        const plans = planVaultAudits(result.inventory);
        const environments = planInventory(result.inventory).environments;
        for (const audit of plans) {
          for (const signal of vaultAuditClusterSignals()) parseFilterPattern(signal.pattern);
          for (const env of environments.filter((e) => audit.environments.some((a) => a.name === e.name))) {
            const input = vaultAuditEnvironmentInput(env);
            if (!input) continue;
            checked += 1;
            const signals = vaultAuditEnvironmentSignals(input);
            for (const signal of signals) {
              expect(signal.pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
              parseFilterPattern(signal.pattern);
              for (const canary of kase.canaries) expect(signal.pattern).not.toContain(canary);
            }
            const quarantine = signals.filter((s) => s.metricName === "VaultQuarantinedAccess");
            for (const path of input.quarantinedPaths) {
              const line = JSON.stringify({
                type: "request",
                request: { path, namespace: input.namespace ? { id: "n", path: `${input.namespace}/` } : { id: "root" } },
              });
              expect(quarantine.filter((s) => filterPatternMatches(s.pattern, line))).toHaveLength(1);
            }
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(checked).toBeGreaterThan(0);
  }, 600_000);
});
