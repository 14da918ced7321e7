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

  it("trusts its own account only for principals tagged with the consumer and the environment", () => {
    const policy = trustPolicy({
      partition: "aws",
      trusts: [{ kind: "account", accountId: "111111111111", principalTags: { "etl-consumer": "billing-sync", environment: "dev" } }],
    });
    expect(policy.Statement).toEqual([
      {
        Sid: "TrustTaggedPrincipals1",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "aws:PrincipalTag/etl-consumer": "billing-sync", "aws:PrincipalTag/environment": "dev" } },
      },
    ]);
  });

  it("never renders a tagged trust as a plain account trust", () => {
    const policy = trustPolicy({
      partition: "aws",
      trusts: [
        { kind: "account", accountId: "999999999999" },
        { kind: "account", accountId: "111111111111", principalTags: { "etl-consumer": "job", environment: "dev" } },
      ],
    });
    expect(policy.Statement.find((s) => s.Sid === "TrustAccounts")!.Principal).toEqual({ AWS: ["arn:aws:iam::999999999999:root"] });
    expect(policy.Statement.filter((s) => s.Condition === undefined).map((s) => s.Sid)).toEqual(["TrustAccounts"]);
  });

  it("trusts consumers' roles through references", () => {
    const policy = trustPolicy({
      partition: "aws",
      trusts: [{ kind: "consumer-role", consumerId: "job" }],
      consumerRoleArn: (id) => `{{role:${id}}}`,
    });
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
