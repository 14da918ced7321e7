import { join } from "node:path";
import { Testing } from "cdktf";
import { loadInventory } from "cdktf-etl-secrets";
import { FunctionAlarms } from "../../../lib/constructs/aws/function-alarms";
import { BillingStack } from "../../../examples/compose-in-own-stack/main";
import { stackJson, synthFiles } from "../../support/synth";
import { awsStack, bodies, synthJson } from "./support";

/*
 * Read from the synthesized JSON, not from the plan: every function a shipped example deploys has an
 * errors alarm on its name and a dead-letter alarm on the queue its dead_letter_config names, both
 * sending to the environment's alarm topic.
 */

const INVENTORIES = [
  "examples/multi-env/connectors.yaml",
  "test/fixtures/inventories/acme.yaml",
  "test/fixtures/inventories/realworld.yaml",
  // Has the Vault static-role watcher, which no shipped example has.
  "test/fixtures/inventories/static-role-watch.yaml",
];

/** `${aws_sqs_queue.<id>.arn}` -> the queue's name in the same stack. */
function queueName(json: any, reference: string): string {
  const id = /^\$\{aws_sqs_queue\.([^.]+)\.arn\}$/.exec(reference)?.[1];
  if (!id) throw new Error(`dead_letter_config.target_arn is not a queue of the stack: ${reference}`);
  return json.resource.aws_sqs_queue[id].name;
}

/** Problems of one stack: functions without both alarms, alarms not sent to the alarm topic. */
function missingAlarms(stack: string, json: any): { functions: number; problems: string[] } {
  const functions = bodies(json, "aws_lambda_function");
  const alarms = bodies(json, "aws_cloudwatch_metric_alarm");
  const topics = Object.entries<any>(json.resource?.aws_sns_topic ?? {}).filter(([, t]) => String(t.name).endsWith("-secrets-alarms"));
  const topicRefs = topics.map(([id]) => `\${aws_sns_topic.${id}.arn}`);
  const topicArns = topics.map(([, t]) => t.name);
  const toAlarmTopic = (alarm: any) =>
    Array.isArray(alarm.alarm_actions) &&
    alarm.alarm_actions.length === 1 &&
    (topicRefs.includes(alarm.alarm_actions[0]) || topicArns.some((name) => String(alarm.alarm_actions[0]).endsWith(`:${name}`)));
  const problems: string[] = [];
  for (const fn of functions) {
    const errors = alarms.filter(
      (a) => a.namespace === "AWS/Lambda" && a.metric_name === "Errors" && a.dimensions?.FunctionName === fn.function_name,
    );
    const queue = queueName(json, fn.dead_letter_config?.target_arn);
    const dlq = alarms.filter(
      (a) => a.namespace === "AWS/SQS" && a.metric_name === "ApproximateNumberOfMessagesVisible" && a.dimensions?.QueueName === queue,
    );
    if (errors.length !== 1) problems.push(`${stack}: ${fn.function_name} has ${errors.length} errors alarm(s)`);
    if (dlq.length !== 1) problems.push(`${stack}: ${fn.function_name} has ${dlq.length} dead-letter alarm(s) on ${queue}`);
    for (const alarm of [...errors, ...dlq]) {
      if (!toAlarmTopic(alarm)) problems.push(`${stack}: ${alarm.alarm_name} does not go to the environment's alarm topic`);
      if (alarm.threshold !== 1 || alarm.comparison_operator !== "GreaterThanOrEqualToThreshold")
        problems.push(`${stack}: ${alarm.alarm_name} does not fire on the first one`);
    }
  }
  return { functions: functions.length, problems };
}

describe("FunctionAlarms on every function of every shipped example", () => {
  it.each(INVENTORIES)("%s", (file) => {
    const files = synthFiles(loadInventory(file));
    const stacks = [...files.keys()].filter((path) => path.endsWith("cdk.tf.json")).map((path) => path.split("/")[1]);
    let functions = 0;
    const problems: string[] = [];
    for (const stack of stacks) {
      const result = missingAlarms(stack, stackJson(files, stack));
      functions += result.functions;
      problems.push(...result.problems);
    }
    expect(problems).toEqual([]);
    expect(functions).toBeGreaterThan(0);
    if (file.includes("static-role-watch"))
      expect(
        stacks.some((stack) =>
          bodies(stackJson(files, stack), "aws_lambda_function").some((f) => f.function_name.endsWith("-rotate-vault-watch")),
        ),
      ).toBe(true);
  });

  it("examples/compose-in-own-stack", () => {
    const stack = new BillingStack(
      Testing.app(),
      "billing-prod",
      loadInventory(join(__dirname, "../../../examples/compose-in-own-stack/connectors.yaml")),
    );
    // Validations on: the secure-default checks run on the alarms too.
    const result = missingAlarms("billing-prod", JSON.parse(Testing.synth(stack, true)));
    expect(result.problems).toEqual([]);
    expect(result.functions).toBeGreaterThan(0);
  });
});

describe("FunctionAlarms", () => {
  it("names the alarms <function>-errors and <function>-dlq, fires on the first error or dead letter, ignores quiet periods", () => {
    const stack = awsStack();
    new FunctionAlarms(stack, "alarms", {
      functionName: "acme-dev-rotate-x",
      deadLetterQueueName: "acme-dev-rotate-x-dlq",
      alarmTopicArn: "arn:aws:sns:eu-west-1:111111111111:t",
      purpose: "Test",
    });
    const alarms = bodies(synthJson(stack), "aws_cloudwatch_metric_alarm");
    expect(
      alarms.map((a) => [a.alarm_name, a.namespace, a.metric_name, a.statistic, a.dimensions, a.treat_missing_data, a.alarm_actions]),
    ).toEqual([
      [
        "acme-dev-rotate-x-dlq",
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        "Maximum",
        { QueueName: "acme-dev-rotate-x-dlq" },
        "notBreaching",
        ["arn:aws:sns:eu-west-1:111111111111:t"],
      ],
      [
        "acme-dev-rotate-x-errors",
        "AWS/Lambda",
        "Errors",
        "Sum",
        { FunctionName: "acme-dev-rotate-x" },
        "notBreaching",
        ["arn:aws:sns:eu-west-1:111111111111:t"],
      ],
    ]);
  });
});
