import { Namespace } from "@cdktf/provider-vault/lib/namespace";
import type { Construct } from "constructs";
import type { VaultClusterPlan } from "../../plan/types";
import { VaultClusterSettings } from "../vault/vault-cluster-settings";
import type { OutputEntry } from "./outputs";
import { constructIds } from "../../plan/construct-ids";

/** The cluster-wide pieces of one Vault cluster. */
export interface VaultClusterParts {
  /** By full path. */
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly settings: VaultClusterSettings;
}

/**
 * Renders a cluster's plan (already inert) into a scope: namespaces and their parents, audit
 * devices and cluster-wide settings. Shared by VaultClusterStack (scope: the stack) and
 * EtlSecretsVaultCluster (scope: the construct in a team's stack).
 */
export function renderVaultCluster(scope: Construct, plan: VaultClusterPlan): VaultClusterParts {
  const created = new Map<string, Namespace>();
  for (const path of plan.namespaces) {
    const parent = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : undefined;
    const namespace = new Namespace(scope, constructIds.namespace(path), {
      path: path.slice(path.lastIndexOf("/") + 1),
      namespace: parent,
      dependsOn: parent ? [created.get(parent)!] : undefined,
      lifecycle: { preventDestroy: plan.production },
    });
    created.set(path, namespace);
  }
  const settings = new VaultClusterSettings(scope, "settings", { plan });
  return { namespaces: created, settings };
}

/** `vault_namespace__<environment>`: the full path of each namespace-isolated environment's namespace. */
export function namespaceOutputEntries(plan: VaultClusterPlan, namespaces: ReadonlyMap<string, Namespace>): OutputEntry[] {
  return Object.entries(plan.isolation).flatMap(([environment, { isolation, boundary }]) => {
    const namespace = isolation === "namespace" ? namespaces.get(boundary) : undefined;
    return namespace
      ? [
          {
            kind: "vault_namespace" as const,
            ids: [environment],
            value: namespace.pathFq,
            description: `Vault namespace of environment ${environment}`,
          },
        ]
      : [];
  });
}
