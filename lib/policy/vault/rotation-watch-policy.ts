import type { EnvironmentPlan } from "../../plan/types";
import { planVaultStaticWatch } from "../../plan/vault-static-watch";
import { environmentBoundary } from "./consumer-policy";
import type { VaultPolicyDocument, VaultPolicyRule } from "./policy-text";

/**
 * The static-role watcher (logged in with AWS auth) reads each static role's definition: its
 * `last_vault_rotation` and `rotation_period`. Exactly `<db>/static-roles/<role>`, never
 * `static-creds` (the password).
 */
export function rotationWatchPolicyRules(plan: EnvironmentPlan): VaultPolicyRule[] {
  return (planVaultStaticWatch(plan)?.roles ?? []).map((role) => ({ path: role.path, capabilities: ["read"] as const }));
}

export function rotationWatchPolicyDocument(plan: EnvironmentPlan): VaultPolicyDocument | undefined {
  const watch = planVaultStaticWatch(plan);
  if (!watch) return undefined;
  return {
    name: watch.policyName,
    header: [
      environmentBoundary(plan),
      "static-role watcher (AWS auth): reads when each database static role last rotated; never a password",
    ],
    rules: rotationWatchPolicyRules(plan),
  };
}
