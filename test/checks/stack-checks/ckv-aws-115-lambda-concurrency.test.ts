import { ckvAws115LambdaConcurrency as rule } from "../../../lib/checks/stack-checks/ckv-aws-115-lambda-concurrency";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_115 Lambda concurrency", () => {
  it("passes reserved concurrency", () =>
    expect(findings(rule, stackOf({ aws_lambda_function: { f: { reserved_concurrent_executions: 10 } } }))).toEqual([]));
  it("fails unreserved (-1) or missing", () => {
    expect(findings(rule, stackOf({ aws_lambda_function: { f: { reserved_concurrent_executions: -1 }, g: {} } }))).toHaveLength(2);
  });
});
