import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { planInventory } from "../../plan/inventory-plan";
import { planVaultAudits, type VaultAuditPlan } from "../../plan/vault-audit-plan";
import { quoted } from "../../inventory/display";
import type { Inventory } from "../../inventory/model";
import { VaultAuditDetection } from "../aws/vault-audit-detection";
import { VaultAuditSink, vaultAuditPolicyContext } from "../aws/vault-audit-sink";
import { inertPlan } from "../inert-text";
import { attachSharedIntent } from "../intent-metadata";
import { ComposedConstruct } from "./composed-construct";

export interface EtlSecretsVaultAuditProps {
  readonly inventory: Inventory;
  /**
   * The cluster whose audit log this is: its address as the inventory gives it, the cluster stack's
   * name (`vault-<host>`) or the audit stack's (`vault-<host>-audit`). @default the only cluster that declares `vault.audit`
   */
  readonly cluster?: string;
  /** An AWS provider in the audit account and region (`vault.audit`). @default the stack's AWS provider without alias */
  readonly awsProvider?: TerraformProvider;
  /** @default "aws" */
  readonly partition?: string;
  /** Run the secure-default checks on this construct's resources at synth. @default true */
  readonly checks?: boolean;
}

/**
 * A Vault cluster's audit sink rendered into a team's stack: the same pieces as the library's own
 * `<cluster>-audit` stack (KMS-encrypted log group, Object Lock archive through Firehose, metric
 * filters, alarms and topic), for teams composing their own stacks, typically a log-archive account's.
 */
export class EtlSecretsVaultAudit extends ComposedConstruct {
  readonly plan: VaultAuditPlan;
  readonly sink: VaultAuditSink;
  readonly detection: VaultAuditDetection;

  constructor(scope: Construct, id: string, props: EtlSecretsVaultAuditProps) {
    super(scope, id);
    const audits = planVaultAudits(props.inventory);
    const wanted = props.cluster;
    const found =
      wanted === undefined
        ? audits.length === 1
          ? audits[0]
          : undefined
        : audits.find((a) => a.address === wanted || a.clusterStack === wanted || a.stackName === wanted);
    if (!found) {
      const known =
        audits
          .map((a) => a.clusterStack)
          .sort()
          .join(", ") || "(none)";
      throw new Error(
        wanted === undefined
          ? `${this.node.path}: the inventory has ${audits.length} Vault clusters that declare vault.audit; name one with cluster (known: ${known})`
          : `${this.node.path}: no Vault cluster ${quoted(wanted)} declares vault.audit; known: ${known}`,
      );
    }
    this.plan = found;
    const plan = inertPlan(found);
    const partition = props.partition ?? "aws";
    const environments = planInventory(props.inventory)
      .environments.filter((env) => plan.environments.some((e) => e.name === env.name))
      .map((env) => inertPlan(env));
    this.sink = new VaultAuditSink(this, "vault-audit", { plan, partition });
    this.detection = new VaultAuditDetection(this, "vault-audit-detection", {
      plan,
      environments,
      context: vaultAuditPolicyContext(plan, partition),
      logGroupName: this.sink.logGroup.name,
      keyArn: this.sink.key.arn,
    });
    attachSharedIntent(this, { organization: plan.organization });
    this.finish({
      awsProvider: props.awsProvider,
      expectAws: { region: plan.region, accountId: plan.accountId },
      checks: props.checks === false ? undefined : { suppressions: props.inventory.suppressions, stackName: found.stackName },
    });
  }
}
