import { ckvAws116LambdaDlq as rule } from "../../../lib/checks/stack-checks/ckv-aws-116-lambda-dlq";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_116 Lambda dead-letter queue", () => {
  it("passes a function with a DLQ", () => {
    expect(
      findings(rule, stackOf({ aws_lambda_function: { f: { dead_letter_config: { target_arn: "${aws_sqs_queue.q.arn}" } } } })),
    ).toEqual([]);
  });
  it("fails a function without", () =>
    expect(findings(rule, stackOf({ aws_lambda_function: { f: {} } }))).toEqual([
      "aws_lambda_function.f: the function has no dead-letter queue",
    ]));
});
