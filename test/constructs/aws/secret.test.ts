import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Testing } from "cdktf";
import { Secret } from "../../../lib/constructs/aws/secret";
import { SecretResourcePolicy } from "../../../lib/constructs/aws/secret-resource-policy";
import { awsStack, bodies, environmentPlan, fixturePlan, synthJson } from "./support";

const prod = environmentPlan(fixturePlan("acme.yaml"), "prod");
const billing = prod.aws!.secrets.find((s) => s.credentialId === "billing-mysql/main")!;

describe("Secret", () => {
  it("is named <organization>/<environment>/<connector>/<credential>, encrypted with the environment key, tagged from the register", () => {
    const stack = awsStack();
    new Secret(stack, "secret", { secret: billing, kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/k" });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: "acme-data/prod/billing-mysql/main",
      kms_key_id: "arn:aws:kms:eu-west-1:222222222222:key/k",
      recovery_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    const tags = bodies(synthJson(stack), "aws_secretsmanager_secret")[0].tags;
    for (const key of ["owner", "purpose", "sensitivity", "regulations", "environment", "review-by"]) expect(tags[key]).toBeDefined();
    expect(tags).toMatchObject({
      owner: "orders-team",
      sensitivity: "high",
      regulations: "sox",
      environment: "prod",
      "review-by": "2027-01-31",
    });
  });

  it("never holds a value: no secret version", () => {
    const stack = awsStack();
    new Secret(stack, "secret", { secret: billing, kmsKeyArn: "k" });
    expect(Testing.synth(stack)).not.toHaveResource(SecretsmanagerSecretVersion);
  });
});

describe("SecretResourcePolicy", () => {
  it("refuses public policies and interpolates the secret's ARN", () => {
    const stack = awsStack();
    const secret = new Secret(stack, "secret", { secret: billing, kmsKeyArn: "k" });
    new SecretResourcePolicy(stack, "policy", { environment: "prod", accountId: "222222222222", secretArn: secret.arn });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecretPolicy, { block_public_policy: true });
    const policy = bodies(synthJson(stack), "aws_secretsmanager_secret_policy")[0];
    expect(policy.policy).toMatch(/"Resource":\["\$\{aws_secretsmanager_secret\.secret_[A-Z0-9]+\.arn\}"\]/);
  });
});
