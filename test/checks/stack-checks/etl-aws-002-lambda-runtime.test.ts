import { etlAws002LambdaRuntime as rule } from "../../../lib/checks/stack-checks/etl-aws-002-lambda-runtime";
import { LAMBDA_RUNTIME } from "../../../lib/rotation/contract";
import { findings, stackOf } from "./ckv-support";

describe("ETL-AWS-002 Lambda runtime", () => {
  it("passes the runtime the library ships", () => {
    expect(findings(rule, stackOf({ aws_lambda_function: { f: { runtime: LAMBDA_RUNTIME } } }))).toEqual([]);
  });
  it("fails a runtime outside the static list (Node.js 20 reached end of life)", () => {
    expect(findings(rule, stackOf({ aws_lambda_function: { f: { runtime: "nodejs20.x" }, g: {} } }))).toEqual([
      "aws_lambda_function.f: runtime nodejs20.x is not in the supported list",
      "aws_lambda_function.g: runtime undefined is not in the supported list",
    ]);
  });
});
