import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import type { AwsDetectionPlan } from "../../plan/aws-types";
import { TIER_CLASSES } from "../../inventory/class-defaults";
import { detectionSignals, rotationEventPattern } from "../../policy/aws/detection";
import { topicPolicy } from "../../policy/aws/topic-policy";
import { secretReadsPattern } from "../../policy/aws/secret-reads";
import { AccessAnomaly } from "./access-anomaly";
import { RotationNotifier } from "./rotation-notifier";
import { policyJson, terraformText } from "./terraform-text";
import { constructIds } from "../../plan/construct-ids";

export interface DetectionProps {
  readonly detection: AwsDetectionPlan;
  readonly environment: string;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly iamPath: string;
  /** `<organization>/<environment>/` */
  readonly secretNamePrefix: string;
  /** `arn:...:secret:<organization>/<environment>/` */
  readonly secretArnPrefix: string;
  /** The secrets key's id (KMS events name it). */
  readonly secretsKeyId: string;
  /** Encrypts the topics. */
  readonly logsKeyArn: string;
  /** Alarm period (seconds). @default 300 */
  readonly periodSeconds?: number;
  /** Retention of the rotation notifier's log group. @default the longest tier retention of TIER_CLASSES */
  readonly logRetentionDays?: number;
  /** Tags of the rotation notifier's role and function. @default `{ environment }` */
  readonly tags?: Readonly<Record<string, string>>;
  /** Where the rotation notifier's zip is staged. @default a folder under the OS temp dir */
  readonly packageDirectory?: string;
}

/** What the topic policies are built from, apart from the topic itself. */
type TopicContext = { partition: string; region: string; accountId: string; namePrefix: string };

/** The longest log retention of any tier: the notifier's default when the caller passes none. */
const DEFAULT_LOG_RETENTION_DAYS = Math.max(...Object.values(TIER_CLASSES).map((tier) => tier.logRetentionDays));

/**
 * The environment's detection, per environment and never per connector (a log group takes at most
 * 100 metric filters): metric filters on the account trail's log group with an alarm each, an alarm
 * topic with the owners (and the security address, when declared) subscribed by email, access
 * anomaly alarms on the count of secret reads (./access-anomaly.ts), EventBridge rules on rotation failure (to the alarm topic) and
 * on rotation success (to the rotation notifier, which publishes the connector and credential of the
 * rotated secret on a topic consumers subscribe to, to refresh their copy).
 */
export class Detection extends Construct {
  readonly alarmTopic: SnsTopic;
  readonly rotatedTopic: SnsTopic;
  readonly notifier: RotationNotifier;
  readonly accessAnomaly: AccessAnomaly;

  constructor(scope: Construct, id: string, props: DetectionProps) {
    super(scope, id);
    const plan = props.detection;
    const period = props.periodSeconds ?? 300;
    const topicContext = { partition: props.partition, region: props.region, accountId: props.accountId, namePrefix: plan.namePrefix };

    this.alarmTopic = this.addAlarmTopic(plan, props, topicContext);
    this.addSignalAlarms(plan, props, period);

    this.accessAnomaly = new AccessAnomaly(this, "access-anomaly", {
      plan: plan.anomaly,
      alarmActions: [this.alarmTopic.arn],
      subject: `Secrets Manager reads of ${props.environment}`,
      filter: { logGroupName: plan.trailLogGroup, pattern: secretReadsPattern(props.secretNamePrefix) },
    });

    this.addRotationFailedRule(plan, props);

    this.rotatedTopic = new SnsTopic(this, "rotated-topic", { name: plan.rotatedTopic, kmsMasterKeyId: props.logsKeyArn });
    new SnsTopicPolicy(this, "rotated-topic-policy", {
      arn: this.rotatedTopic.arn,
      policy: policyJson(topicPolicy({ ...topicContext, topicArn: this.rotatedTopic.arn, alarms: false, rules: true })),
    });
    const succeeded = new CloudwatchEventRule(this, "rule-rotation-succeeded", {
      name: `${plan.namePrefix}rotation-succeeded`,
      description: `A secret of ${props.environment} rotated: consumers refresh their copy`,
      eventPattern: terraformText(rotationEventPattern(["RotationSucceeded"], props.secretArnPrefix)),
    });
    // EventBridge cannot cut the connector out of the secret's name, and a rule per connector would
    // exhaust the bus's 300 rules: one notifier function per environment does it.
    this.notifier = new RotationNotifier(this, "rotation-notifier", {
      organization: organizationOf(props.secretNamePrefix, props.environment),
      environment: props.environment,
      accountId: props.accountId,
      region: props.region,
      iamPath: props.iamPath,
      topicArn: this.rotatedTopic.arn,
      ruleArn: succeeded.arn,
      logsKeyArn: props.logsKeyArn,
      logRetentionDays: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      tags: props.tags,
      packageDirectory: props.packageDirectory,
      alarmTopicArn: this.alarmTopic.arn,
    });
    new CloudwatchEventTarget(this, "rule-rotation-succeeded-target", {
      rule: succeeded.name,
      targetId: "rotation-notifier",
      arn: this.notifier.functionArn,
    });
  }

  /** The alarm topic, its policy and its email subscriptions (owners, then the security address). */
  private addAlarmTopic(plan: AwsDetectionPlan, props: DetectionProps, topicContext: TopicContext): SnsTopic {
    const alarmTopic = new SnsTopic(this, "alarm-topic", { name: plan.alarmTopic, kmsMasterKeyId: props.logsKeyArn });
    new SnsTopicPolicy(this, "alarm-topic-policy", {
      arn: alarmTopic.arn,
      policy: policyJson(topicPolicy({ ...topicContext, topicArn: alarmTopic.arn, alarms: true, rules: true })),
    });
    for (const recipient of plan.recipients) {
      new SnsTopicSubscription(this, constructIds.ownerSubscription(recipient.ownerId), {
        topicArn: alarmTopic.arn,
        protocol: "email",
        endpoint: recipient.email,
      });
    }
    // The security channel by email only: an on-call integration key must never be Terraform state (ETL-AWS-003).
    if (plan.securityEmail)
      new SnsTopicSubscription(this, "security", { topicArn: alarmTopic.arn, protocol: "email", endpoint: plan.securityEmail });
    return alarmTopic;
  }

  /** A metric filter on the trail's log group and an alarm, per detection signal. */
  private addSignalAlarms(plan: AwsDetectionPlan, props: DetectionProps, period: number): void {
    const signals = detectionSignals(
      {
        partition: props.partition,
        accountId: props.accountId,
        secretNamePrefix: props.secretNamePrefix,
        iamPath: props.iamPath,
        existingReaderArns: plan.existingReaderArns,
      },
      props.secretsKeyId,
    );
    for (const signal of signals) {
      const name = `${plan.namePrefix}${signal.id}`;
      new CloudwatchLogMetricFilter(this, constructIds.signalFilter(signal.id), {
        name,
        logGroupName: plan.trailLogGroup,
        pattern: terraformText(signal.pattern),
        metricTransformation: { name: signal.metricName, namespace: plan.metricNamespace, value: "1", defaultValue: "0" },
      });
      new CloudwatchMetricAlarm(this, constructIds.signalAlarm(signal.id), {
        alarmName: name,
        alarmDescription: `${signal.description} (${props.environment})`,
        namespace: plan.metricNamespace,
        metricName: signal.metricName,
        statistic: "Sum",
        period,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [this.alarmTopic.arn],
      });
    }
  }

  /** Rotation failure or abandonment goes to the alarm topic. */
  private addRotationFailedRule(plan: AwsDetectionPlan, props: DetectionProps): void {
    const failed = new CloudwatchEventRule(this, "rule-rotation-failed", {
      name: `${plan.namePrefix}rotation-failed`,
      description: `Rotation of a secret of ${props.environment} failed or was abandoned`,
      eventPattern: terraformText(rotationEventPattern(["RotationAbandoned", "RotationFailed"], props.secretArnPrefix)),
    });
    new CloudwatchEventTarget(this, "rule-rotation-failed-target", {
      rule: failed.name,
      targetId: "alarm-topic",
      arn: this.alarmTopic.arn,
    });
  }
}

/** The organization of `<organization>/<environment>/`, checked against the environment. */
function organizationOf(secretNamePrefix: string, environment: string): string {
  const [organization, named, rest] = secretNamePrefix.split("/");
  if (!organization || named !== environment || rest !== "") {
    throw new Error(`secretNamePrefix must be "<organization>/${environment}/", got "${secretNamePrefix}"`);
  }
  return organization;
}
