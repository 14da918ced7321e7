import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Testing } from "cdktf";
import { Dashboards } from "../../../lib/constructs/aws/dashboard";
import { Detection } from "../../../lib/constructs/aws/detection";
import { awsStack, bodies, environmentPlan, fixturePlan, synthJson } from "./support";

const prod = environmentPlan(fixturePlan("acme.yaml"), "prod");

function detectionStack() {
  const stack = awsStack();
  new Detection(stack, "detection", {
    detection: prod.aws!.detection,
    environment: "prod",
    partition: "aws",
    accountId: "222222222222",
    region: "eu-west-1",
    iamPath: prod.aws!.iamPath,
    secretNamePrefix: "acme-data/prod/",
    secretArnPrefix: prod.aws!.secretArnPrefix,
    secretsKeyId: "key-id",
    logsKeyArn: "logs-key",
  });
  return stack;
}

describe("Detection", () => {
  it("has one metric filter and one alarm per signal on the account trail's log group, not per connector", () => {
    const json = synthJson(detectionStack());
    const filters = bodies(json, "aws_cloudwatch_log_metric_filter");
    // One per signal, plus the secret-reads count the access anomaly alarms watch.
    expect(filters).toHaveLength(7);
    for (const filter of filters) expect(filter.log_group_name).toBe("/aws/cloudtrail/acme-data-etl-secrets");
    const alarms = bodies(json, "aws_cloudwatch_metric_alarm");
    // One per signal on the trail's metrics, plus the rotation notifier's own errors and dead-letter alarms.
    expect(alarms.filter((alarm) => alarm.namespace === "acme-data/etl-secrets/prod")).toHaveLength(6);
    expect(alarms.filter((alarm) => alarm.metric_query).map((alarm) => alarm.alarm_name)).toEqual(["acme-data-prod-secret-reads-anomaly"]);
    expect(
      alarms.filter((alarm) => !alarm.metric_query && alarm.namespace !== "acme-data/etl-secrets/prod").map((alarm) => alarm.alarm_name),
    ).toEqual(["acme-data-prod-rotate-notifier-dlq", "acme-data-prod-rotate-notifier-errors"]);
    for (const alarm of alarms) expect(alarm.alarm_actions[0]).toMatch(/^\$\{aws_sns_topic\./);
  });

  it("subscribes the owners of the environment's AWS credentials to the alarm topic", () => {
    const synth = Testing.synth(detectionStack());
    expect(synth).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "email", endpoint: "orders-data@acme.example" });
    expect(synth).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "email", endpoint: "growth-analytics@acme.example" });
    expect(synth).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "email", endpoint: "data-platform@acme.example" });
  });

  it("alarms on RotationFailed and RotationAbandoned, and sends RotationSucceeded to the rotation notifier", () => {
    const stack = detectionStack();
    const rules = bodies(synthJson(stack), "aws_cloudwatch_event_rule").map((r) => JSON.parse(r.event_pattern).detail.eventName);
    expect(rules).toEqual(expect.arrayContaining([["RotationAbandoned", "RotationFailed"], ["RotationSucceeded"]]));
    expect(Testing.synth(stack)).toHaveResourceWithProperties(CloudwatchEventTarget, { target_id: "rotation-notifier" });
  });

  it("encrypts both topics with the logs key", () => {
    for (const topic of bodies(synthJson(detectionStack()), "aws_sns_topic")) expect(topic.kms_master_key_id).toBe("logs-key");
  });
});

describe("Dashboards", () => {
  it("splits connectors into parts of at most 20 rows", () => {
    const connectorIds = Array.from({ length: 45 }, (_, i) => `c${String(i).padStart(2, "0")}`);
    const stack = awsStack();
    new Dashboards(stack, "dashboards", {
      dashboards: [0, 1, 2].map((part) => ({ part, name: `d-${part}`, connectorIds: connectorIds.slice(part * 20, part * 20 + 20) })),
      environment: "prod",
      region: "eu-west-1",
      trailLogGroup: "/aws/cloudtrail/x",
      secretNamePrefix: "acme/prod/",
    });
    const dashboards = bodies(synthJson(stack), "aws_cloudwatch_dashboard");
    expect(dashboards.map((d) => JSON.parse(d.dashboard_body).widgets.length)).toEqual([21, 21, 6]);
  });
});
