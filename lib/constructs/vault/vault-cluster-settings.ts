import { GenericEndpoint } from "@cdktf/provider-vault/lib/generic-endpoint";
import { TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import type { VaultClusterPlan } from "../../plan/types";
import { AuditDevices, OPENBAO_AUDIT_ARTIFACT } from "./audit-devices";

/** Name of the local that describes the cluster in its stack's JSON (read by the checks and reviewers). */
export const CLUSTER_DESCRIPTION_LOCAL = "etl_vault_cluster";

export interface VaultClusterSettingsProps {
  readonly plan: VaultClusterPlan;
}

/**
 * Cluster-wide settings: audit devices; on Vault Enterprise, group policies stay inside their
 * namespace hierarchy (`group_policy_application_mode = within_namespace_hierarchy`, so a group in
 * one environment's namespace never carries policies into another); and a description of the
 * cluster (edition, how each environment is isolated, where audit devices are declared) as a
 * Terraform local, so reviewers and the checks read it from the synthesized JSON.
 */
export class VaultClusterSettings extends Construct {
  readonly audit: AuditDevices;

  constructor(scope: Construct, id: string, props: VaultClusterSettingsProps) {
    super(scope, id);
    const { plan } = props;
    this.audit = new AuditDevices(this, "audit", { plan });
    if (plan.edition === "enterprise") {
      new GenericEndpoint(this, "group-policy-application", {
        path: "sys/config/group-policy-application",
        dataJson: JSON.stringify({ group_policy_application_mode: "within_namespace_hierarchy" }),
        disableDelete: true,
        ignoreAbsentFields: true,
      });
    }
    new TerraformLocal(this, CLUSTER_DESCRIPTION_LOCAL, {
      address: plan.address,
      edition: plan.edition,
      production: plan.production,
      environments: Object.fromEntries(
        Object.entries(plan.isolation).map(([name, value]) => [name, { isolation: value.isolation, boundary: value.boundary }]),
      ),
      audit_devices: this.audit.devices.map((d) => ({
        type: d.type,
        path: d.path,
        log_raw: d.options.log_raw,
        declared_in: this.audit.declaredIn === "terraform" ? "terraform" : `server configuration (${OPENBAO_AUDIT_ARTIFACT})`,
      })),
    }).overrideLogicalId(CLUSTER_DESCRIPTION_LOCAL);
  }
}
