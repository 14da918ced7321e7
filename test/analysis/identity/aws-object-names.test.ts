import { AWS_OBJECT_NAMES } from "../../../lib/analysis/identity/aws-object-names";

describe("AWS object names of settings resources", () => {
  it("two topics whose names end in six characters after a dash (…-alarms, …-paging) have distinct topic policies", () => {
    const policy = AWS_OBJECT_NAMES.aws_sns_topic_policy;
    const alarms = policy({ arn: "arn:aws:sns:eu-west-1:111111111111:acme-data-dev-secrets-alarms" });
    const paging = policy({ arn: "arn:aws:sns:eu-west-1:111111111111:acme-data-dev-secrets-paging" });
    expect(alarms?.name).toBe("arn:aws:sns:eu-west-1:111111111111:acme-data-dev-secrets-alarms#policy");
    expect(paging?.name).not.toBe(alarms?.name);
  });

  it("a secret's policy is still keyed by the secret's ARN without its random suffix", () => {
    expect(
      AWS_OBJECT_NAMES.aws_secretsmanager_secret_policy({
        secret_arn: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme-data/dev/a/main-AbCdEf",
      })?.name,
    ).toBe("arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme-data/dev/a/main#policy");
  });
});
