import { REGULATIONS, type Regulation } from "../inventory/class-defaults";
import type { Environment, Inventory } from "../inventory/model";
import { byText, sortBy } from "./compare";
import { defaultMountPrefix, stackNames, vaultClusterKey } from "./names";
import { sortedTags } from "./tags";
import { MANAGED_BY, planBackend } from "./environment-plan";
import { planAwsTrail, planOidcProviders } from "./aws-plan";
import type { AwsAccountPlan, VaultClusterPlan } from "./types";

/** `etl/prod` needs `etl` first: every namespace with its parents, parents before children. */
export function namespacesWithParents(namespaces: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const namespace of namespaces) {
    const parts = namespace.split("/");
    for (let i = 1; i <= parts.length; i++) all.add(parts.slice(0, i).join("/"));
  }
  return [...all].sort((a, b) => a.split("/").length - b.split("/").length || byText(a, b));
}

/** Shared resources go to the stack of the first environment by name, so the choice never moves. */
function firstByName(environments: Environment[]): Environment {
  return sortBy(environments, (env) => env.name)[0];
}

export function planVaultClusters(inventory: Inventory): VaultClusterPlan[] {
  const byCluster = new Map<string, Environment[]>();
  for (const env of inventory.environments) {
    if (!env.vault || !env.stores.includes("vault")) continue;
    const key = vaultClusterKey(env.vault.address);
    byCluster.set(key, [...(byCluster.get(key) ?? []), env]);
  }
  const plans = [...byCluster.values()].map((envs) => {
    const first = firstByName(envs);
    const stackName = stackNames.vaultCluster(first.vault!.address);
    return {
      stackName,
      address: first.vault!.address.replace(/\/$/, ""),
      edition: first.vault!.edition,
      environments: envs.map((env) => env.name).sort(byText),
      namespaces: namespacesWithParents(
        envs.flatMap((env) => (env.vault!.isolation === "namespace" && env.vault!.namespace ? [env.vault!.namespace] : [])),
      ),
      isolation: Object.fromEntries(
        sortBy(envs, (env) => env.name).map((env) => [
          env.name,
          env.vault!.isolation === "namespace"
            ? { isolation: "namespace" as const, boundary: env.vault!.namespace ?? env.name }
            : { isolation: "mount" as const, boundary: env.vault!.mountPrefix ?? defaultMountPrefix(env.name) },
        ]),
      ),
      production: envs.some((env) => env.tier === "production"),
      backend: planBackend(first, inventory.organization, stackName),
    };
  });
  return sortBy(plans, (plan) => plan.stackName);
}

export function planAwsAccounts(inventory: Inventory): AwsAccountPlan[] {
  const byAccount = new Map<string, Environment[]>();
  for (const env of inventory.environments) {
    if (!env.aws) continue;
    byAccount.set(env.aws.accountId, [...(byAccount.get(env.aws.accountId) ?? []), env]);
  }
  const plans = [...byAccount.entries()].map(([accountId, envs]) => {
    const first = firstByName(envs);
    const names = new Set(envs.map((env) => env.name));
    const regulations = new Set<Regulation>();
    const nameList = [...names];
    for (const connector of inventory.connectors) {
      if (connector.regulations.length > 0 && nameList.some((name) => Object.hasOwn(connector.environments, name)))
        connector.regulations.forEach((r) => regulations.add(r));
    }
    const stackName = stackNames.awsAccount(accountId);
    const production = envs.some((env) => env.tier === "production");
    return {
      stackName,
      accountId,
      region: first.aws!.region,
      environments: [...names].sort(byText),
      production,
      regulations: REGULATIONS.filter((r) => regulations.has(r)),
      backend: planBackend(first, inventory.organization, stackName),
      defaultTags: sortedTags({ "managed-by": MANAGED_BY, organization: inventory.organization }),
      trail: planAwsTrail(
        inventory.organization,
        accountId,
        production,
        REGULATIONS.filter((r) => regulations.has(r)),
      ),
      oidcProviders: planOidcProviders(inventory, accountId, envs),
    };
  });
  return sortBy(plans, (plan) => plan.stackName);
}
