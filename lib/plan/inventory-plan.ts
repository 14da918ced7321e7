import type { Inventory } from "../spec/model";
import { planAwsAccounts, planVaultClusters } from "./cluster-plan";
import { sortBy } from "./compare";
import { planEnvironment } from "./environment-plan";
import type { InventoryPlan } from "./types";

/** The whole inventory planned: one plan per environment, Vault cluster and AWS account. */
export function planInventory(inventory: Inventory): InventoryPlan {
  return {
    organization: inventory.organization,
    environments: sortBy(inventory.environments, (env) => env.name).map((env) => planEnvironment(inventory, env)),
    vaultClusters: planVaultClusters(inventory),
    awsAccounts: planAwsAccounts(inventory),
  };
}
