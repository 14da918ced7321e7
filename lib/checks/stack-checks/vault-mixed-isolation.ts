import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { clusterDescription } from "./vault-stack-facts";

/**
 * A mount-isolated environment lives in the cluster's root namespace. A policy there may address a
 * child namespace's paths by prefixing them, so when it shares a cluster with namespaced
 * environments, its policies could reach theirs: the generated policies do not, but the boundary
 * is a convention, not a namespace.
 */
export const vaultMixedIsolation: CheckRule = {
  id: "ETL-VAULT-005",
  severity: "warning",
  description: "A mount-isolated environment shares a Vault cluster with namespaced environments",
  fix: "give the mount-isolated environment a namespace too (isolation: namespace) or its own cluster; or suppress with the reason the shared root namespace is acceptable",
  check(stack: SynthStack): RuleFinding[] {
    const cluster = clusterDescription(stack);
    if (!cluster) return [];
    const entries = Object.entries(cluster.environments);
    const namespaced = entries.filter(([, e]) => e.isolation === "namespace").map(([name, e]) => `${name} (${e.boundary})`);
    if (namespaced.length === 0) return [];
    return entries
      .filter(([, e]) => e.isolation === "mount")
      .map(([name, e]) => ({
        message: `environment ${name} (mounts under ${e.boundary}/) lives in the root namespace of ${cluster.address}, where policies could address the namespaced environments ${namespaced.join(", ")}`,
      }));
  },
};
