import type { Inventory } from "../inventory/model";
import { planAwsAccounts, planVaultClusters } from "./cluster-plan";
import { sortBy } from "./compare";
import { planEnvironment } from "./environment-plan";
import type { InventoryPlan } from "./types";

/**
 * Plans by inventory object. A validated inventory is deeply frozen and planning is pure, so one
 * inventory has one plan: validation (which plans to refuse derived-name collisions) and synth share
 * it instead of planning twice. Held weakly: it goes with the inventory.
 */
const plans = new WeakMap<Inventory, InventoryPlan>();

/** The whole inventory planned: one plan per environment, Vault cluster and AWS account. */
export function planInventory(inventory: Inventory): InventoryPlan {
  const known = Object.isFrozen(inventory) ? plans.get(inventory) : undefined;
  if (known) return known;
  const plan: InventoryPlan = {
    organization: inventory.organization,
    environments: sortBy(inventory.environments, (env) => env.name).map((env) => planEnvironment(inventory, env)),
    vaultClusters: planVaultClusters(inventory),
    awsAccounts: planAwsAccounts(inventory),
  };
  if (Object.isFrozen(inventory)) plans.set(inventory, plan);
  return plan;
}
