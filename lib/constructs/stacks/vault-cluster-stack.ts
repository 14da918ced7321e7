import type { Namespace } from "@cdktf/provider-vault/lib/namespace";
import { EtlStack } from "./etl-stack";
import type { Construct } from "constructs";
import type { VaultClusterPlan } from "../../plan/types";
import { applyBackend } from "./backend";
import { inertPlan } from "../inert-text";
import { vaultProvider } from "./providers";
import { EtlSecretsOutputs } from "../compose/outputs";
import { namespaceOutputEntries, renderVaultCluster } from "../compose/cluster-parts";

export interface VaultClusterStackProps {
  readonly plan: VaultClusterPlan;
}

/**
 * What belongs to the cluster rather than to one environment: namespaces and their parents,
 * audit devices and cluster-wide settings (../compose/cluster-parts.ts, the same pieces as
 * EtlSecretsVaultCluster). Two environments on one cluster never fight over them. Outputs:
 * `vault_namespace__<environment>`.
 */
export class VaultClusterStack extends EtlStack {
  readonly plan: VaultClusterPlan;
  readonly namespaces: ReadonlyMap<string, Namespace>;

  constructor(scope: Construct, props: VaultClusterStackProps) {
    super(scope, props.plan.stackName);
    this.plan = props.plan;
    // The one boundary of spec text: everything below renders the inert plan.
    const plan = inertPlan(props.plan);
    applyBackend(this, plan.backend);
    vaultProvider(this, { address: plan.address, edition: plan.edition });
    this.namespaces = renderVaultCluster(this, plan).namespaces;
    new EtlSecretsOutputs(this, "outputs", namespaceOutputEntries(plan, this.namespaces));
  }
}
