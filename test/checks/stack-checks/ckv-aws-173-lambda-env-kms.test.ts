import { ckvAws173LambdaEnvKms as rule } from "../../../lib/checks/stack-checks/ckv-aws-173-lambda-env-kms";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_173 Lambda environment encryption", () => {
  it("passes variables with a customer-managed key", () => {
    expect(findings(rule, stackOf({ aws_lambda_function: { f: { kms_key_arn: "k", environment: { variables: { A: "1" } } } } }))).toEqual(
      [],
    );
  });
  it("passes a function with no variables", () => expect(findings(rule, stackOf({ aws_lambda_function: { f: {} } }))).toEqual([]));
  it("fails variables without a key", () => {
    expect(findings(rule, stackOf({ aws_lambda_function: { f: { environment: { variables: { A: "1" } } } } }))).toHaveLength(1);
  });
});
