import { ckvAws45LambdaEnvSecrets as rule } from "../../../lib/checks/stack-checks/ckv-aws-45-lambda-env-secrets";
import { findings, stackOf } from "./ckv-support";

const lambda = (variables: Record<string, string>) => stackOf({ aws_lambda_function: { f: { environment: { variables } } } });

describe("CKV_AWS_45 Lambda environment secrets", () => {
  it("passes settings", () => expect(findings(rule, lambda({ PASSWORD_LENGTH: "48", CONNECT_TIMEOUT_SECONDS: "10" }))).toEqual([]));
  it("fails a variable named like a secret", () => {
    expect(findings(rule, lambda({ DB_PASSWORD: "hunter2" }))).toEqual([
      "aws_lambda_function.f: environment variable DB_PASSWORD looks like it holds a secret",
    ]);
  });
  it("fails a secret-shaped value", () => {
    // An obviously fake access key id, built at run time so no key-shaped literal is committed.
    const fakeKeyId = ["AKIA", "ABCDEFGHIJKLMNOP"].join("");
    expect(findings(rule, lambda({ KEY_ID: fakeKeyId }))).toHaveLength(1);
  });
});
