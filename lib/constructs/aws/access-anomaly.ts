import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import type { AccessAnomalyPlan } from "../../plan/access-anomaly";
import { outOfHoursExpression } from "../../policy/aws/out-of-hours";
import { terraformText } from "./terraform-text";

/** Anomaly alarms compare hourly sums with a band of 2 standard deviations learnt from the metric's history. */
export const ANOMALY_PERIOD_SECONDS = 3600;
export const ANOMALY_BAND_WIDTH = 2;
export const ANOMALY_PERIODS = 3;
/** The out-of-hours count is per minute (the time functions read each minute's timestamp); an alarm on any of the last 15 minutes tolerates the trail's delivery delay. */
export const OUT_OF_HOURS_PERIOD_SECONDS = 60;
export const OUT_OF_HOURS_PERIODS = 15;

export interface AccessAnomalyProps {
  readonly plan: AccessAnomalyPlan;
  /** Where the alarms go (an environment's alarm topic, a cluster's audit topic). */
  readonly alarmActions: readonly string[];
  /** Who reads what: "Secrets Manager reads of prod", "Vault value reads of prod". */
  readonly subject: string;
  /** A metric filter that produces the count, when the caller has none yet. */
  readonly filter?: { readonly logGroupName: string; readonly pattern: string };
}

/**
 * Access anomaly alarms on a count of secret reads (reusable by the environment and the Vault audit
 * stacks): `<count>-anomaly`, the hourly sum above the upper edge of an anomaly-detection band
 * (`ANOMALY_DETECTION_BAND(m1, 2)`) three hours out of three, and, where the environment declares
 * working hours, `<count>-out-of-hours`, any read outside them (lib/policy/aws/out-of-hours.ts).
 * Missing data is not breaching: no reads is normal. The band needs about two weeks of history
 * before it is meaningful.
 */
export class AccessAnomaly extends Construct {
  readonly anomalyAlarm: CloudwatchMetricAlarm;
  readonly outOfHoursAlarm?: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: AccessAnomalyProps) {
    super(scope, id);
    const plan = props.plan;
    const metric = { namespace: plan.metricNamespace, metricName: plan.metricName, stat: "Sum" };
    if (props.filter) {
      new CloudwatchLogMetricFilter(this, "filter", {
        name: plan.countName,
        logGroupName: props.filter.logGroupName,
        pattern: terraformText(props.filter.pattern),
        metricTransformation: { name: plan.metricName, namespace: plan.metricNamespace, value: "1", defaultValue: "0" },
      });
    }
    this.anomalyAlarm = new CloudwatchMetricAlarm(this, "anomaly", {
      alarmName: plan.anomalyAlarm,
      alarmDescription: `${props.subject}: hourly count above its anomaly band (${ANOMALY_BAND_WIDTH} standard deviations) ${ANOMALY_PERIODS} hours running`,
      comparisonOperator: "GreaterThanUpperThreshold",
      evaluationPeriods: ANOMALY_PERIODS,
      datapointsToAlarm: ANOMALY_PERIODS,
      thresholdMetricId: "ad1",
      treatMissingData: "notBreaching",
      metricQuery: [
        { id: "m1", returnData: true, metric: { ...metric, period: ANOMALY_PERIOD_SECONDS } },
        {
          id: "ad1",
          expression: `ANOMALY_DETECTION_BAND(m1, ${ANOMALY_BAND_WIDTH})`,
          label: `${plan.metricName} (expected)`,
          returnData: true,
        },
      ],
      alarmActions: [...props.alarmActions],
    });
    const expression = plan.outOfHours && outOfHoursExpression(plan.outOfHours.hours);
    if (plan.outOfHours && expression) {
      const h = plan.outOfHours.hours;
      this.outOfHoursAlarm = new CloudwatchMetricAlarm(this, "out-of-hours", {
        alarmName: plan.outOfHours.alarmName,
        alarmDescription: `${props.subject} outside working hours (${h.days.join(",")} ${h.from}-${h.to} at UTC${h.utcOffset}, a fixed offset)`,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        evaluationPeriods: OUT_OF_HOURS_PERIODS,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
        metricQuery: [
          { id: "m1", returnData: false, metric: { ...metric, period: OUT_OF_HOURS_PERIOD_SECONDS } },
          { id: "e1", expression, label: `${plan.metricName} out of hours`, returnData: true },
        ],
        alarmActions: [...props.alarmActions],
      });
    }
  }
}
