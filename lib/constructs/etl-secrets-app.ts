import type { App } from "cdktf";
import { ChecksSession } from "../checks/validation";
import { planInventory } from "../plan/inventory-plan";
import type { InventoryPlan } from "../plan/types";
import type { Inventory } from "../inventory/model";
import { attachEnvironmentIntent, attachSharedIntent } from "./intent-metadata";
import { targetsStack } from "../intent/stack-fragment";
import { LedgerSession, type LedgerOptions } from "./ledger-session";
import { AwsAccountStack } from "./stacks/aws-account-stack";
import { EnvironmentStack } from "./stacks/environment-stack";
import { VaultClusterStack } from "./stacks/vault-cluster-stack";
import { VaultAuditStack } from "./stacks/vault-audit-stack";
import { AuditAgentConfig } from "./vault/audit-agent-config";
import { planVaultAudits } from "../plan/vault-audit-plan";

export interface EtlSecretsStacks {
  readonly plan: InventoryPlan;
  /** By environment name. */
  readonly environments: ReadonlyMap<string, EnvironmentStack>;
  /** By stack name (named after the cluster's host). */
  readonly vaultClusters: ReadonlyMap<string, VaultClusterStack>;
  /** By account id. */
  readonly awsAccounts: ReadonlyMap<string, AwsAccountStack>;
  /** Vault audit sink stacks by stack name (clusters that declare `vault.audit`). */
  readonly vaultAudits: ReadonlyMap<string, VaultAuditStack>;
  /** Secure-default checks; they run when the app synthesizes. */
  readonly checks: ChecksSession;
  /** The committed ledger this synth is held to, when one was given. */
  readonly ledger?: LedgerSession;
}

export interface EtlSecretsOptions {
  /** Run the secure-default checks at synth. @default true */
  readonly checks?: boolean;
  /**
   * The committed address ledger (a file path, or options): the synth fails when a production
   * object that holds data would be destroyed or replaced without a retirement in the inventory,
   * retirements become `removed` blocks, and the file is updated when the synth succeeds.
   * @default no ledger (nothing guards removals)
   */
  readonly ledger?: string | LedgerOptions;
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
  // Vault audit sinks (`vault.audit`): their own stack; the agent's file beside the cluster stack.
  const vaultAudits = new Map(
    planVaultAudits(inventory).map((audit) => {
      new AuditAgentConfig(vaultClusters.get(audit.clusterStack)!, "vault-audit-agent-config", { plan: audit });
      const envs = plan.environments.filter((env) => audit.environments.some((e) => e.name === env.name));
      return [audit.stackName, new VaultAuditStack(app, { plan: audit, environments: envs })];
    }),
  );
  // What `simulate` and `review` need travels in each stack's `"//"` metadata, whatever runs the synth.
  for (const environmentPlan of plan.environments) {
    attachEnvironmentIntent(environments.get(environmentPlan.name)!, {
      plan: environmentPlan,
      exceptions: inventory.exceptions,
      retirements: inventory.retirements,
      suppressions: inventory.suppressions,
    });
  }
  // Retirements of environments that no stack holds any more travel with the shared stacks.
  const targeting = (stackName: string) => inventory.suppressions.filter((s) => targetsStack(s, stackName));
  const held = new Set(plan.environments.map((env) => env.name));
  const orphans = inventory.retirements.filter((r) => !held.has(r.environment));
  for (const [, stack] of vaultClusters)
    attachSharedIntent(stack, {
      organization: plan.organization,
      vaultAddress: stack.plan.address,
      retirements: orphans,
      suppressions: targeting(stack.node.id),
    });
  // The audit stacks name no cluster or account of the intent (their account receives logs only).
  for (const [, stack] of vaultAudits)
    attachSharedIntent(stack, { organization: plan.organization, suppressions: targeting(stack.node.id) });
  for (const [accountId, stack] of awsAccounts)
    attachSharedIntent(stack, {
      organization: plan.organization,
      awsAccountId: accountId,
      retirements: orphans,
      suppressions: targeting(stack.node.id),
    });
  const environmentByStack = new Map(plan.environments.map((env) => [env.stackName, { name: env.name, production: env.production }]));
  const allStacks = [...vaultClusters.values(), ...awsAccounts.values(), ...environments.values(), ...vaultAudits.values()];
  const checks = new ChecksSession(options.checks === false ? [] : allStacks, {
    suppressions: inventory.suppressions,
    environmentOf: (stack) => environmentByStack.get(stack),
  });
  const ledger =
    options.ledger === undefined
      ? undefined
      : new LedgerSession(typeof options.ledger === "string" ? { file: options.ledger } : options.ledger, inventory);
  if (ledger) {
    const etlStacks = [...allStacks];
    // The first stack to synthesize compares (every stack's JSON is final then, none written yet) and
    // adds the `removed` blocks; the last one, after every check passed, updates the file.
    etlStacks[0]?.node.addValidation({ validate: () => ledger.errors(etlStacks, plan) });
    etlStacks[etlStacks.length - 1]?.node.addValidation({
      validate: () => {
        const checksFailed =
          checks.findings.some((f) => f.severity === "error" && !f.suppressedBecause) || checks.unusedSuppressions.length > 0;
        if (!checksFailed && ledger.options.write !== "caller") ledger.write();
        return [];
      },
    });
  }
  return { plan, environments, vaultClusters, awsAccounts, vaultAudits, checks, ledger };
}
