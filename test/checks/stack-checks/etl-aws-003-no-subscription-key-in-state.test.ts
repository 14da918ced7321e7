import { ALL_RULES } from "../../../lib/checks/stack-checks";
import { etlAws003NoSubscriptionKeyInState as rule } from "../../../lib/checks/stack-checks/etl-aws-003-no-subscription-key-in-state";
import { findings, stackOf } from "./ckv-support";

describe("ETL-AWS-003 no integration endpoint in Terraform state", () => {
  it("is registered", () => {
    expect(ALL_RULES.map((r) => r.id)).toContain("ETL-AWS-003");
  });
  it("passes email subscriptions and a Lambda subscription to the stack's own function", () => {
    const stack = stackOf({
      aws_lambda_function: { notifier: { function_name: "acme-prod-rotate-notifier" } },
      aws_sns_topic_subscription: {
        owner: { protocol: "email", endpoint: "owner@acme.example" },
        security: { protocol: "email", endpoint: "secops@acme.example" },
        own: { protocol: "lambda", endpoint: "${aws_lambda_function.notifier.arn}" },
        queue: { protocol: "sqs", endpoint: "${aws_sqs_queue.q.arn}" },
      },
    });
    expect(findings(rule, stack)).toEqual([]);
  });
  it("fails http(s) endpoints without echoing them, and Lambda functions the stack does not create", () => {
    const stack = stackOf({
      aws_lambda_function: { notifier: {} },
      aws_sns_topic_subscription: {
        pager: { protocol: "https", endpoint: "https://events.pagerduty.example/integration/KEY123/enqueue" },
        plain: { protocol: "HTTP", endpoint: "http://hooks.example/x" },
        foreign: { protocol: "lambda", endpoint: "arn:aws:lambda:eu-west-1:111111111111:function:forwarder" },
        missing: { protocol: "lambda", endpoint: "${aws_lambda_function.elsewhere.arn}" },
      },
    });
    const messages = findings(rule, stack);
    expect([...messages].sort()).toEqual([
      "aws_sns_topic_subscription.foreign: subscribes a Lambda function the stack does not create",
      "aws_sns_topic_subscription.missing: subscribes a Lambda function the stack does not create",
      "aws_sns_topic_subscription.pager: subscribes an https endpoint: its URL (and any integration key in it) would be Terraform state",
      "aws_sns_topic_subscription.plain: subscribes an http endpoint: its URL (and any integration key in it) would be Terraform state",
    ]);
    expect(messages.join("\n")).not.toContain("KEY123");
  });
});
