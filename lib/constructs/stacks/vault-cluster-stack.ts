import { Namespace } from "@cdktf/provider-vault/lib/namespace";
import { EtlStack } from "./etl-stack";
import type { Construct } from "constructs";
import type { VaultClusterPlan } from "../../plan/types";
import { applyBackend } from "./backend";
import { inertPlan } from "../inert-text";
import { vaultProvider } from "./providers";
import { VaultClusterSettings } from "../vault/vault-cluster-settings";
import { EtlSecretsOutputs, type OutputEntry } from "../compose/outputs";

/** `vault_namespace__<environment>`: the full path of each namespace-isolated environment's namespace. */
export function namespaceOutputEntries(plan: VaultClusterPlan, namespaces: ReadonlyMap<string, Namespace>): OutputEntry[] {
  return Object.entries(plan.isolation).flatMap(([environment, { isolation, boundary }]) => {
    const namespace = isolation === "namespace" ? namespaces.get(boundary) : undefined;
    return namespace ? [{ kind: "vault_namespace" as const, ids: [environment], value: namespace.pathFq, description: `Vault namespace of environment ${environment}` }] : [];
  });
}

export interface VaultClusterStackProps {
  readonly plan: VaultClusterPlan;
}

/** Construct id of a namespace: from its path, so adding a namespace never renames another. */
export function namespaceConstructId(path: string): string {
  return `namespace-${path.replace(/\//g, "--")}`;
}

/**
 * What belongs to the cluster rather than to one environment: namespaces and their parents,
 * audit devices and cluster-wide settings. Two environments on one cluster never fight over them.
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
    const created = new Map<string, Namespace>();
    for (const path of plan.namespaces) {
      const parent = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : undefined;
      const namespace = new Namespace(this, namespaceConstructId(path), {
        path: path.slice(path.lastIndexOf("/") + 1),
        namespace: parent,
        dependsOn: parent ? [created.get(parent)!] : undefined,
        lifecycle: { preventDestroy: plan.production },
      });
      created.set(path, namespace);
    }
    this.namespaces = created;
    new VaultClusterSettings(this, "settings", { plan });
    new EtlSecretsOutputs(this, "outputs", namespaceOutputEntries(props.plan, created));
  }
}
