import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import type { VaultAuditPlan } from "../../plan/vault-audit-plan";
import { VaultAuditDetection } from "../aws/vault-audit-detection";
import { VaultAuditSink, vaultAuditPolicyContext } from "../aws/vault-audit-sink";
import { inertPlan } from "../inert-text";
import { applyBackend } from "./backend";
import { EtlStack } from "./etl-stack";
import { awsProvider } from "./providers";

export interface VaultAuditStackProps {
  readonly plan: VaultAuditPlan;
  /** Plans of the environments on the cluster (mounts, namespaces, quarantined paths of the filters). */
  readonly environments: readonly EnvironmentPlan[];
  /** @default "aws" */
  readonly partition?: string;
}

/** Output names of the audit stack. */
export const VAULT_AUDIT_OUTPUTS = {
  logGroup: "vault_audit_log_group",
  bucket: "vault_audit_bucket",
  agentRoleArn: "vault_audit_agent_role_arn",
  alarmTopicArn: "vault_audit_alarm_topic_arn",
} as const;

/**
 * `<cluster stack>-audit`: a Vault cluster's audit log in the account and region of `vault.audit`
 * (the sink and its detection). Outputs: the log group, the bucket, the agent role's ARN (the Vault
 * servers' role needs `sts:AssumeRole` on it) and the alarm topic's ARN (subscribe on-call outside
 * Terraform: no integration key ever enters the state).
 */
export class VaultAuditStack extends EtlStack {
  readonly plan: VaultAuditPlan;
  readonly sink: VaultAuditSink;
  readonly detection: VaultAuditDetection;

  constructor(scope: Construct, props: VaultAuditStackProps) {
    super(scope, props.plan.stackName);
    this.plan = props.plan;
    // The one boundary of spec text: everything below renders the inert plan.
    const plan = inertPlan(props.plan);
    const environments = props.environments.map((env) => inertPlan(env));
    const partition = props.partition ?? "aws";
    applyBackend(this, plan.backend);
    awsProvider(this, { accountId: plan.accountId, region: plan.region, defaultTags: plan.defaultTags });
    this.sink = new VaultAuditSink(this, "vault-audit", { plan, partition });
    this.detection = new VaultAuditDetection(this, "vault-audit-detection", {
      plan,
      environments,
      context: vaultAuditPolicyContext(plan, partition),
      logGroupName: this.sink.logGroup.name,
      keyArn: this.sink.key.arn,
    });
    const output = (name: string, value: string, description: string) =>
      new TerraformOutput(this, name, { value, description, sensitive: false }).overrideLogicalId(name);
    output(VAULT_AUDIT_OUTPUTS.logGroup, this.sink.logGroup.name, `Log group of the audit log of ${plan.address}`);
    output(VAULT_AUDIT_OUTPUTS.bucket, this.sink.bucket.id, `Object Lock bucket archiving the audit log of ${plan.address}`);
    output(
      VAULT_AUDIT_OUTPUTS.agentRoleArn,
      this.sink.agentRole.arn,
      "Role the log agent on the Vault servers assumes (amazon-cloudwatch-agent.json beside the cluster stack)",
    );
    output(VAULT_AUDIT_OUTPUTS.alarmTopicArn, this.detection.topic.arn, `Alarm topic of the audit log of ${plan.address}`);
  }
}
