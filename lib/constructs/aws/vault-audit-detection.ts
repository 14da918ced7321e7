import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import type { VaultAuditPlan } from "../../plan/vault-audit-plan";
import { vaultAuditTopicPolicy, type VaultAuditPolicyContext } from "../../policy/aws/vault-audit-policies";
import { vaultAuditEnvironmentInput } from "../../policy/vault-audit/environment-input";
import { vaultAuditClusterSignals, vaultAuditEnvironmentSignals, type VaultAuditSignal } from "../../policy/vault-audit/signals";
import { AccessAnomaly } from "./access-anomaly";
import { policyJson, terraformText } from "./terraform-text";
import { constructIds } from "../../plan/construct-ids";

export interface VaultAuditDetectionProps {
  readonly plan: VaultAuditPlan;
  /** Plans of the cluster's environments (their mounts, namespaces and quarantined paths). */
  readonly environments: readonly EnvironmentPlan[];
  readonly context: VaultAuditPolicyContext;
  readonly logGroupName: string;
  readonly keyArn: string;
  /** Alarm period (seconds). @default 300 */
  readonly periodSeconds?: number;
}

/**
 * Metric filters and alarms on the cluster's audit log (lib/policy/vault-audit/signals.ts): per
 * environment permission denied, quarantined access and logins to unknown roles (alarmed), secret
 * reads (a metric for the anomaly alarms); per cluster root-token use, and an alarm when the log goes
 * silent for an hour (the agent stopped: missing data is breaching). Alarms go to the sink's topic,
 * to which the security address (`notifications.security.email`) is subscribed when declared.
 */
export class VaultAuditDetection extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: VaultAuditDetectionProps) {
    super(scope, id);
    const plan = props.plan;
    const n = plan.names;
    const period = props.periodSeconds ?? 300;
    this.topic = new SnsTopic(this, "topic", { name: n.alarmTopic, kmsMasterKeyId: props.keyArn });
    new SnsTopicPolicy(this, "topic-policy", { arn: this.topic.arn, policy: policyJson(vaultAuditTopicPolicy(props.context)) });
    if (plan.securityEmail)
      new SnsTopicSubscription(this, "security", { topicArn: this.topic.arn, protocol: "email", endpoint: plan.securityEmail });

    const add = (constructId: string, name: string, namespace: string, signal: VaultAuditSignal, where: string) => {
      new CloudwatchLogMetricFilter(this, constructIds.signalFilter(constructId), {
        name,
        logGroupName: props.logGroupName,
        pattern: terraformText(signal.pattern),
        metricTransformation: { name: signal.metricName, namespace, value: "1", defaultValue: "0" },
      });
      if (!signal.alarm) return;
      new CloudwatchMetricAlarm(this, constructIds.signalAlarm(constructId), {
        alarmName: name,
        alarmDescription: `${signal.description} (${where})`,
        namespace,
        metricName: signal.metricName,
        statistic: "Sum",
        period,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [this.topic.arn],
      });
    };

    for (const signal of vaultAuditClusterSignals())
      add(
        constructIds.vaultAuditClusterSignal(signal.id),
        `${n.clusterSignalPrefix}${signal.id}`,
        n.clusterMetricNamespace,
        signal,
        plan.address,
      );
    const byName = new Map(props.environments.map((env) => [env.name, env]));
    for (const env of plan.environments) {
      const environmentPlan = byName.get(env.name);
      const input = environmentPlan && vaultAuditEnvironmentInput(environmentPlan);
      if (!input) continue;
      for (const signal of vaultAuditEnvironmentSignals(input))
        add(
          constructIds.vaultAuditEnvironmentSignal(env.name, signal.id),
          `${env.signalPrefix}${signal.id}`,
          env.metricNamespace,
          signal,
          env.name,
        );
      // The reads filter exists above (signal vault-secret-reads); the anomaly alarms watch its metric.
      new AccessAnomaly(this, constructIds.vaultAuditAccessAnomaly(env.name), {
        plan: env.anomaly,
        alarmActions: [this.topic.arn],
        subject: `Vault value reads of ${env.name}`,
      });
    }

    new CloudwatchMetricAlarm(this, "alarm-audit-silent", {
      alarmName: `${n.clusterSignalPrefix}audit-silent`,
      alarmDescription: `No audit entry from ${plan.address} for an hour: the shipping agent or the audit device stopped`,
      namespace: "AWS/Logs",
      metricName: "IncomingLogEvents",
      dimensions: { LogGroupName: props.logGroupName },
      statistic: "Sum",
      period: 3600,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "breaching",
      alarmActions: [this.topic.arn],
    });
  }
}
