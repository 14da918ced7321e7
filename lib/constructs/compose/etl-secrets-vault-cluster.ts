import type { Namespace } from "@cdktf/provider-vault/lib/namespace";
import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { planInventory } from "../../plan/inventory-plan";
import { attachSharedIntent } from "../intent-metadata";
import type { VaultClusterPlan } from "../../plan/types";
import { quoted } from "../../inventory/display";
import type { Inventory } from "../../inventory/model";
import { inertPlan } from "../inert-text";
import { namespaceOutputEntries, renderVaultCluster } from "./cluster-parts";
import { ComposedConstruct } from "./composed-construct";
import type { EtlSecretsOutputOptions } from "./etl-secrets-environment";
import { EtlSecretsOutputs } from "./outputs";

export interface EtlSecretsVaultClusterProps {
  readonly inventory: Inventory;
  /**
   * The cluster: its address as the inventory gives it, or the library's stack name for it
   * (`vault-<host>`). @default the inventory's only Vault cluster
   */
  readonly cluster?: string;
  /** A Vault provider in the cluster's root namespace. @default the stack's Vault provider without alias */
  readonly vaultProvider?: TerraformProvider;
  /** Declare `<prefix>__vault_namespace__<environment>` outputs. @default no outputs */
  readonly outputs?: EtlSecretsOutputOptions;
  /** Run the secure-default checks on this construct's resources at synth. @default true */
  readonly checks?: boolean;
}

/**
 * What one Vault cluster holds once for every environment on it, rendered into a team's stack:
 * the environments' namespaces and their parents, audit devices and cluster-wide settings (as the
 * library's own cluster stack renders them). One per cluster, applied before the environments'
 * EtlSecretsEnvironment, typically by the platform team.
 */
export class EtlSecretsVaultCluster extends ComposedConstruct {
  readonly plan: VaultClusterPlan;
  /** By full path. */
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly outputs?: EtlSecretsOutputs;

  constructor(scope: Construct, id: string, props: EtlSecretsVaultClusterProps) {
    super(scope, id);
    const inventoryPlan = planInventory(props.inventory);
    const clusters = inventoryPlan.vaultClusters;
    const wanted = props.cluster;
    const found =
      wanted === undefined
        ? clusters.length === 1
          ? clusters[0]
          : undefined
        : clusters.find((c) => c.address === wanted || c.stackName === wanted);
    if (!found) {
      const known =
        clusters
          .map((c) => c.stackName)
          .sort()
          .join(", ") || "(none)";
      throw new Error(
        wanted === undefined
          ? `${this.node.path}: the inventory has ${clusters.length} Vault clusters; name one with cluster (known: ${known})`
          : `${this.node.path}: the inventory has no Vault cluster ${quoted(wanted)}; known: ${known}`,
      );
    }
    this.plan = found;
    const plan = inertPlan(found);
    this.namespaces = renderVaultCluster(this, plan).namespaces;
    // The analysis reads this stack as holding the cluster's shared pieces (the "//" metadata).
    attachSharedIntent(this, { organization: inventoryPlan.organization, vaultAddress: found.address });
    if (props.outputs)
      this.outputs = new EtlSecretsOutputs(this, "outputs", namespaceOutputEntries(plan, this.namespaces), props.outputs.prefix);
    this.finish({
      vaultProvider: props.vaultProvider,
      expectVault: { address: plan.address },
      checks: props.checks === false ? undefined : { suppressions: props.inventory.suppressions, stackName: found.stackName },
    });
  }
}
