import type { OrchestratorPlan } from "../../plan/orchestrator-plan";
import type { EnvironmentPlan } from "../../plan/types";
import { environmentBoundary } from "./consumer-policy";
import type { VaultPolicyDocument, VaultPolicyRule } from "./policy-text";
import { byText } from "../../shared/text-order";

/*
 * A trusted orchestrator's policy (lib/plan/orchestrator-plan.ts): for each consumer it lists,
 * `update` on the consumer's AppRole `secret-id` endpoint with response wrapping enforced and
 * bounded (min_wrapping_ttl / max_wrapping_ttl: an unwrapped mint is refused, a wrapping token
 * lives at most a few minutes), with only `metadata` allowed as a request parameter and the
 * parameters that would widen a secret id (`ttl`, `num_uses`, `cidr_list`, `token_bound_cidrs`)
 * denied; and `read` on the role's `role-id`. Exact paths only; no credential path, no pattern,
 * nothing under `sys/`, no `secret-id-accessor` (it cannot list or destroy other secret ids).
 */

const none = (names: readonly string[]): Record<string, readonly string[]> => Object.fromEntries(names.map((name) => [name, []]));

export function orchestratorPolicyRules(orchestrator: OrchestratorPlan): VaultPolicyRule[] {
  const rules: VaultPolicyRule[] = [];
  for (const mint of orchestrator.mints) {
    rules.push({ path: mint.roleIdPath, capabilities: ["read"] });
    rules.push({
      path: mint.secretIdPath,
      capabilities: ["update"],
      comment: `mint a wrapped, single-use secret id for consumer ${mint.consumerId}`,
      wrapping: { ...orchestrator.wrapping },
      allowedParameters: none(orchestrator.allowedParameters),
      deniedParameters: none(orchestrator.deniedParameters),
    });
  }
  return rules.sort((a, b) => byText(a.path, b.path));
}

export function orchestratorPolicyDocument(plan: EnvironmentPlan, orchestrator: OrchestratorPlan): VaultPolicyDocument {
  return {
    name: orchestrator.policyName,
    header: [
      environmentBoundary(plan),
      `orchestrator ${orchestrator.id} (${orchestrator.auth.method}): mints wrapped, single-use AppRole secret ids for ${orchestrator.mints.map((m) => m.consumerId).join(", ")}; reads no credential`,
    ],
    rules: orchestratorPolicyRules(orchestrator),
  };
}
