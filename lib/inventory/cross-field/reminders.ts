/*
 * Environments whose reminder credentials (`rotation: { reminder: true }`: only the issuer can
 * rotate) are never reminded: the daily checker (lib/plan/reminder-plan.ts) runs in the
 * environment's AWS account and logs in to Vault with Vault's built-in AWS auth. A warning: the
 * inventory stays valid, and the owner must then track the rotation by hand (the register shows
 * the period).
 *
 * Layering: like rotation-events.ts, this reads the plan, so it runs once the inventory is valid.
 */
import { planInventory } from "../../plan/inventory-plan";
import { remindersGap } from "../../plan/reminder-plan";
import type { SpecIssue } from "../issues";
import type { Inventory } from "../model";

export const REMINDERS_NOT_SENT = "reminders-not-sent";

export function reminderIssues(inventory: Inventory): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const environment of planInventory(inventory).environments) {
    const gap = remindersGap(environment);
    if (!gap) continue;
    const index = inventory.environments.findIndex((e) => e.name === environment.name);
    issues.push({
      path: ["environments", index],
      code: REMINDERS_NOT_SENT,
      severity: "warning",
      message: `has credentials only their issuer can rotate (rotation.reminder) whose owners are not reminded: ${gap}; give the environment an aws account, or track their rotation by hand`,
    });
  }
  return issues;
}
