/*
 * Environments whose Vault rotations go unannounced. Database static roles: Vault tells no one, and
 * the static-role watcher (lib/plan/vault-static-watch.ts) that announces them cannot run there (no
 * AWS account, OpenBao without built-in AWS auth, no RotationSucceeded topic). Broker credentials in
 * Vault: the key-broker function announces on the RotationSucceeded topic and alarms on the alarm
 * topic, which exist only beside Secrets Manager secrets. A warning: consumers must then re-read
 * the credential on their own schedule.
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
    const index = inventory.environments.findIndex((e) => e.name === environment.name);
    const report = (message: string) =>
      issues.push({ path: ["environments", index], code: NO_ROTATION_EVENTS, severity: "warning", message });
    const gap = vaultStaticWatchGap(environment);
    if (gap)
      report(
        `has Vault database static roles whose rotations are not announced: ${gap}; their consumers must re-read the credential on their own schedule`,
      );
    if (environment.aws?.vaultBrokerRotation && environment.aws?.secrets.length === 0) {
      report(
        "has Vault-stored broker credentials whose scheduled rotations are not announced, and whose rotation function's alarms have no action: " +
          "the RotationSucceeded and alarm topics exist beside Secrets Manager secrets, and this environment has none; consumers must re-read on their own schedule",
      );
    }
  }
  return issues;
}
