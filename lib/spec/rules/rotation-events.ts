/*
 * Environments whose Vault database static roles rotate unannounced: Vault tells no one, and the
 * static-role watcher (lib/plan/vault-static-watch.ts) that announces those rotations cannot run
 * there (no AWS account, OpenBao without built-in AWS auth, no RotationSucceeded topic). A warning:
 * consumers must then re-read the credential on their own schedule.
 *
 * Layering: like derived-names.ts, this reads the plan (where the watcher is decided), so it runs
 * once the inventory is valid; a validated inventory is frozen and planned once.
 */
import { planInventory } from "../../plan/inventory-plan";
import { vaultStaticWatchGap } from "../../plan/vault-static-watch";
import type { SpecIssue } from "../issues";
import type { Inventory } from "../model";

export const NO_ROTATION_EVENTS = "no-rotation-events";

export function rotationEventIssues(inventory: Inventory): SpecIssue[] {
  const plan = planInventory(inventory);
  const issues: SpecIssue[] = [];
  for (const environment of plan.environments) {
    const gap = vaultStaticWatchGap(environment);
    if (!gap) continue;
    const index = inventory.environments.findIndex((e) => e.name === environment.name);
    issues.push({
      path: ["environments", index],
      code: NO_ROTATION_EVENTS,
      severity: "warning",
      message: `has Vault database static roles whose rotations are not announced: ${gap}; their consumers must re-read the credential on their own schedule`,
    });
  }
  return issues;
}
