import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { awsNames } from "../../plan/names";

export interface FunctionAlarmsProps {
  /** The function's name (its `<fn>-errors` and `<fn>-dlq` alarms are named after it). */
  readonly functionName: string;
  /** The function's dead-letter queue, by name (the SQS metric's dimension). */
  readonly deadLetterQueueName: string;
  /** Where the alarms go: the environment's alarm topic. @default none (an environment without one: the alarms only show their state) */
  readonly alarmTopicArn?: string;
  /** What the function does, for the alarm descriptions. */
  readonly purpose: string;
  /** Alarm period (seconds). @default 300 */
  readonly periodSeconds?: number;
}

/**
 * The two alarms every function the library runs has: any error of an invocation (a failed
 * rotation, notification or watch, retried by Lambda or not), and any message in its dead-letter
 * queue (an asynchronous invocation that failed every retry: an event that was lost unless someone
 * acts). A quiet period (no invocation, no message) is not an alarm.
 */
export class FunctionAlarms extends Construct {
  readonly errors: CloudwatchMetricAlarm;
  readonly deadLetters: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    const period = props.periodSeconds ?? 300;
    const common = {
      period,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      ...(props.alarmTopicArn ? { alarmActions: [props.alarmTopicArn] } : {}),
    };
    this.errors = new CloudwatchMetricAlarm(this, "errors", {
      ...common,
      alarmName: awsNames.functionAlarm(props.functionName, "errors"),
      alarmDescription: `${props.purpose}: an invocation of ${props.functionName} failed`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: props.functionName },
      statistic: "Sum",
    });
    this.deadLetters = new CloudwatchMetricAlarm(this, "dead-letters", {
      ...common,
      alarmName: awsNames.functionAlarm(props.functionName, "dlq"),
      alarmDescription: `${props.purpose}: an event failed every retry and waits in ${props.deadLetterQueueName}`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: props.deadLetterQueueName },
      statistic: "Maximum",
    });
  }
}
