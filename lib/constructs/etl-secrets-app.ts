import type { App } from "cdktf";
import { ChecksSession } from "../checks/validation";
import { planInventory } from "../plan/inventory-plan";
import type { InventoryPlan } from "../plan/types";
import type { Inventory } from "../spec/model";
import { AwsAccountStack } from "./stacks/aws-account-stack";
import { EnvironmentStack } from "./stacks/environment-stack";
import { VaultClusterStack } from "./stacks/vault-cluster-stack";

export interface EtlSecretsStacks {
  readonly plan: InventoryPlan;
  /** By environment name. */
  readonly environments: ReadonlyMap<string, EnvironmentStack>;
  /** By stack name (named after the cluster's host). */
  readonly vaultClusters: ReadonlyMap<string, VaultClusterStack>;
  /** By account id. */
  readonly awsAccounts: ReadonlyMap<string, AwsAccountStack>;
  /** Secure-default checks; they run when the app synthesizes. */
  readonly checks: ChecksSession;
}

export interface EtlSecretsOptions {
  /** Run the secure-default checks at synth. @default true */
  readonly checks?: boolean;
}

/**
 * Adds the stacks of a validated inventory to an App: one per environment, one per Vault cluster
 * and one per AWS account. Stacks are created in name order, so output never depends on the
 * order of the inventory.
 */
export function addEtlSecretsStacks(app: App, inventory: Inventory, options: EtlSecretsOptions = {}): EtlSecretsStacks {
  const plan = planInventory(inventory);
  const vaultClusters = new Map(plan.vaultClusters.map((cluster) => [cluster.stackName, new VaultClusterStack(app, { plan: cluster })]));
  const awsAccounts = new Map(plan.awsAccounts.map((account) => [account.accountId, new AwsAccountStack(app, { plan: account })]));
  const environments = new Map(
    plan.environments.map((environmentPlan) => {
      const stack = new EnvironmentStack(app, { plan: environmentPlan });
      // Deploy order: namespaces (cluster stack) and the account's trail before the environment.
      if (environmentPlan.vault) stack.addDependency(vaultClusters.get(environmentPlan.vault.clusterStack)!);
      if (environmentPlan.aws) stack.addDependency(awsAccounts.get(environmentPlan.aws.accountId)!);
      return [environmentPlan.name, stack];
    }),
  );
  const environmentByStack = new Map(plan.environments.map((env) => [env.stackName, { name: env.name, production: env.production }]));
  const allStacks = [...vaultClusters.values(), ...awsAccounts.values(), ...environments.values()];
  const checks = new ChecksSession(options.checks === false ? [] : allStacks, {
    suppressions: inventory.suppressions,
    environmentOf: (stack) => environmentByStack.get(stack),
  });
  return { plan, environments, vaultClusters, awsAccounts, checks };
}
