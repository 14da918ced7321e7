import { breakGlassTrustPolicy, trustPolicy } from "../../../lib/policy/aws/trust-policy";

describe("trust policies", () => {
  it("bind an OIDC identity to its exact subject and audience", () => {
    const policy = trustPolicy({
      partition: "aws",
      trusts: [
        {
          kind: "oidc",
          providerArn: "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com",
          providerHost: "token.actions.githubusercontent.com",
          subject: "repo:acme/marketing-sync:ref:refs/heads/main",
          audiences: ["sts.amazonaws.com"],
        },
      ],
    });
    expect(policy.Statement[0]).toEqual({
      Sid: "TrustWebIdentity1",
      Effect: "Allow",
      Principal: { Federated: "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com" },
      Action: ["sts:AssumeRoleWithWebIdentity"],
      Condition: {
        StringEquals: {
          "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"],
          "token.actions.githubusercontent.com:sub": "repo:acme/marketing-sync:ref:refs/heads/main",
        },
      },
    });
  });

  it("requires the external id of a third-party account", () => {
    const policy = trustPolicy({ partition: "aws", trusts: [{ kind: "account", accountId: "999999999999", externalId: "acme-7f3k" }] });
    expect(policy.Statement[0].Condition).toEqual({ StringEquals: { "sts:ExternalId": "acme-7f3k" } });
  });

  it("trusts consumers' roles through references", () => {
    const policy = trustPolicy({ partition: "aws", trusts: [{ kind: "consumer-role", consumerId: "job" }], consumerRoleArn: (id) => `{{role:${id}}}` });
    expect(policy.Statement[0].Principal).toEqual({ AWS: ["{{role:job}}"] });
  });

  it("requires MFA, recently, for break-glass", () => {
    const policy = breakGlassTrustPolicy({ partition: "aws", accountId: "222222222222", mfaMaxAgeSeconds: 3600 });
    expect(policy.Statement[0].Condition).toEqual({
      Bool: { "aws:MultiFactorAuthPresent": "true" },
      NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
    });
  });
});
