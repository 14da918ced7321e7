import { planReminders } from "../../plan/reminder-plan";
import type { EnvironmentPlan } from "../../plan/types";
import { environmentBoundary } from "./consumer-policy";
import type { VaultPolicyDocument, VaultPolicyRule } from "./policy-text";

/**
 * The reminder checker (logged in with AWS auth) reads the KV metadata of each reminder credential:
 * when its current version was created. Exactly `<kv>/metadata/<key>`, never `<kv>/data/...` (the value).
 */
export function remindersPolicyRules(plan: EnvironmentPlan): VaultPolicyRule[] {
  return (planReminders(plan)?.credentials ?? [])
    .filter((c) => c.store === "vault")
    .map((c) => ({ path: c.location, capabilities: ["read"] as const }));
}

export function remindersPolicyDocument(plan: EnvironmentPlan): VaultPolicyDocument | undefined {
  const reminders = planReminders(plan);
  if (!reminders?.vault) return undefined;
  return {
    name: reminders.vault.policyName,
    header: [
      environmentBoundary(plan),
      "reminder checker (AWS auth): reads when each reminder credential's value last changed (KV metadata); never a value",
    ],
    rules: remindersPolicyRules(plan),
  };
}
