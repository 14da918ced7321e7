import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Testing } from "cdktf";
import { BreakGlassRole } from "../../../lib/constructs/aws/break-glass-role";
import { CloudRole } from "../../../lib/constructs/aws/cloud-role";
import { ConsumerRole } from "../../../lib/constructs/aws/consumer-role";
import type { AwsConsumerRolePlan } from "../../../lib/plan/aws-types";
import { awsNames } from "../../../lib/plan/names";
import { awsStack, bodies, environmentPlan, fixturePlan, synthJson } from "./support";

const grants = {
  environment: "prod",
  region: "eu-west-1",
  secretArn: (id: string) => `arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/${id}-AbCdEf`,
  cloudRoleArn: (id: string) => `arn:aws:iam::222222222222:role/${id}`,
  secretsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/secrets",
};

describe("ConsumerRole", () => {
  const prod = environmentPlan(fixturePlan("acme.yaml"), "prod");

  it("creates a role named by the spec and its environment, on the environment's path, tagged with its environment", () => {
    const stack = awsStack();
    const plan = prod.aws!.consumerRoles.find((r) => r.consumerId === "billing-sync")!;
    new ConsumerRole(stack, "consumer", { role: plan, partition: "aws", iamPath: "/acme-data/prod/", tags: { environment: "prod" } }).grant(
      grants,
    );
    expect(Testing.synth(stack)).toHaveResourceWithProperties(IamRole, {
      name: "billing-sync-prod",
      path: "/acme-data/prod/",
      tags: { environment: "prod", consumer: "billing-sync" },
    });
    const policy = JSON.parse(bodies(synthJson(stack), "aws_iam_role_policy")[0].policy.replace(/\$\$\{/g, "${"));
    expect(policy.Statement[0].Resource).toEqual([grants.secretArn("billing-mysql/main")]);
    expect(policy.Statement[0].Condition).toEqual({ StringEquals: { "aws:ResourceTag/environment": "${aws:PrincipalTag/environment}" } });
  });

  it("trusts its own account only for principals tagged for the consumer and the environment (no service, no third party)", () => {
    const stack = awsStack();
    const plan = prod.aws!.consumerRoles.find((r) => r.consumerId === "billing-sync")!;
    new ConsumerRole(stack, "consumer", { role: plan, partition: "aws", iamPath: "/acme-data/prod/", tags: { environment: "prod" } });
    const trust = JSON.parse(bodies(synthJson(stack), "aws_iam_role")[0].assume_role_policy);
    expect(trust.Statement).toEqual([
      {
        Sid: "TrustTaggedPrincipals1",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::222222222222:root" },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "aws:PrincipalTag/environment": "prod", "aws:PrincipalTag/etl-consumer": "billing-sync" } },
      },
    ]);
  });

  it("trusts a named service or third-party account as the spec says, without principal tags", () => {
    const plan = fixturePlan("acme.yaml", (doc) => {
      const billing = doc.connectors.find((c: any) => c.id === "billing-mysql");
      billing.consumers[0].auth = { method: "aws-iam", roleName: "billing-sync", trustedService: "ecs-tasks.amazonaws.com" };
    });
    const role = environmentPlan(plan, "prod").aws!.consumerRoles.find((r) => r.consumerId === "billing-sync")!;
    expect(role.trust).toEqual({ kind: "service", service: "ecs-tasks.amazonaws.com" });
  });

  it("gives a connector in two environments of ONE account two distinct roles, at unchanged addresses", () => {
    // GIVEN staging moved into dev's account
    const plan = fixturePlan("acme.yaml", (doc) => {
      doc.environments.find((e: any) => e.name === "staging").aws.accountId = "111111111111";
    });
    // WHEN both environments plan billing-sync's role
    const names = ["dev", "staging"].map(
      (env) => environmentPlan(plan, env).aws!.consumerRoles.find((r) => r.consumerId === "billing-sync")!.roleName,
    );
    // THEN the names differ (apply would fail on a duplicate), the construct id stays consumer-<id>
    expect(names).toEqual(["billing-sync-dev", "billing-sync-staging"]);
    const stack = awsStack();
    const role = new ConsumerRole(stack, "consumer-billing-sync", {
      role: environmentPlan(plan, "dev").aws!.consumerRoles.find((r) => r.consumerId === "billing-sync")!,
      partition: "aws",
      iamPath: "/acme-data/dev/",
      tags: {},
    });
    expect(role.node.id).toBe("consumer-billing-sync");
  });

  it("shortens a long spec role name with its environment to 64 characters, deterministically", () => {
    const long = "a".repeat(60);
    const plan = (env: string) =>
      fixturePlan("acme.yaml", (doc) => {
        doc.connectors.find((c: any) => c.id === "billing-mysql").consumers[0].auth.roleName = long;
      })
        .environments.find((e) => e.name === env)!
        .aws!.consumerRoles.find((r) => r.consumerId === "billing-sync")!.roleName;
    const prodName = plan("prod");
    expect(prodName).toHaveLength(64);
    expect(prodName).toBe(awsNames.specNamedRole(long, "prod"));
    expect(plan("prod")).toBe(prodName);
    expect(plan("staging")).not.toBe(prodName);
  });

  it("escapes the IAM policy variable for Terraform", () => {
    const stack = awsStack();
    const plan = prod.aws!.consumerRoles.find((r) => r.consumerId === "billing-sync")!;
    new ConsumerRole(stack, "consumer", { role: plan, partition: "aws", iamPath: "/p/", tags: {} }).grant(grants);
    expect(bodies(synthJson(stack), "aws_iam_role_policy")[0].policy).toContain('"$${aws:PrincipalTag/environment}"');
  });

  it("gives a jwt consumer a role trusting its OIDC issuer, bound to subject and audience", () => {
    const stack = awsStack();
    const plan = prod.aws!.consumerRoles.find((r) => r.consumerId === "marketing-sync")!;
    new ConsumerRole(stack, "consumer", { role: plan, partition: "aws", iamPath: "/acme-data/prod/", tags: {} });
    const trust = JSON.parse(bodies(synthJson(stack), "aws_iam_role")[0].assume_role_policy);
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Federated: "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com" },
      Action: ["sts:AssumeRoleWithWebIdentity"],
      Condition: {
        StringEquals: {
          "token.actions.githubusercontent.com:sub": "repo:acme/marketing-sync:ref:refs/heads/main",
          "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"],
        },
      },
    });
  });

  it("only grants an existing role (roleArn): no role is created, the policy compares the environment's name", () => {
    const stack = awsStack();
    const plan: AwsConsumerRolePlan = {
      consumerId: "legacy",
      kind: "existing",
      roleName: "legacy-job",
      roleArn: "arn:aws:iam::222222222222:role/legacy-job",
      policyName: "acme-data-prod-legacy-secrets",
      description: "legacy",
      reads: ["billing-mysql/main"],
      writesBack: [],
      assumes: [],
    };
    new ConsumerRole(stack, "consumer", { role: plan, partition: "aws", iamPath: "/p/", tags: {} }).grant(grants);
    const synth = Testing.synth(stack);
    expect(synth).not.toHaveResource(IamRole);
    expect(synth).toHaveResourceWithProperties(IamRolePolicy, { role: "legacy-job" });
    expect(bodies(synthJson(stack), "aws_iam_role_policy")[0].policy).toContain('"aws:ResourceTag/environment":"prod"');
  });
});

describe("CloudRole", () => {
  it("has exactly its allow permissions and trusts the third party with its external id", () => {
    const prod = environmentPlan(fixturePlan("realworld.yaml"), "prod");
    const plan = prod.aws!.cloudRoles[0];
    const stack = awsStack();
    new CloudRole(stack, "cloud", { role: plan, partition: "aws", iamPath: "/acme-data/prod/", consumerRoleArn: () => "unused" });
    const json = synthJson(stack);
    const role = bodies(json, "aws_iam_role")[0];
    expect(role.name).toBe("acme-data-prod-s3-landing-main");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: "TrustAccountWithExternalId1",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::999999999999:root" },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "sts:ExternalId": "acme-landing-7f3k" } },
      },
    ]);
    expect(JSON.parse(bodies(json, "aws_iam_role_policy")[0].policy).Statement.map((s: any) => [s.Action, s.Resource])).toEqual([
      [["s3:GetObject"], ["arn:aws:s3:::acme-landing/*"]],
      [["s3:ListBucket"], ["arn:aws:s3:::acme-landing"]],
    ]);
  });
});

describe("CloudRole names", () => {
  it("appends the environment to a spec-named cloud role", () => {
    const plan = fixturePlan("realworld.yaml", (doc) => {
      doc.connectors.find((c: any) => c.id === "s3-landing").credential.roleName = "landing-vendor";
    });
    expect(["dev", "prod"].map((env) => environmentPlan(plan, env).aws!.cloudRoles[0].roleName)).toEqual([
      "landing-vendor-dev",
      "landing-vendor-prod",
    ]);
  });
});

describe("BreakGlassRole", () => {
  it("requires MFA and a one-hour session", () => {
    const stack = awsStack();
    new BreakGlassRole(stack, "break-glass", {
      plan: { roleName: "acme-data-prod-break-glass", maxSessionSeconds: 3600, mfaMaxAgeSeconds: 3600 },
      environment: "prod",
      partition: "aws",
      accountId: "222222222222",
      region: "eu-west-1",
      iamPath: "/acme-data/prod/",
      secretArnPrefix: "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/",
      secretsKeyArn: "k",
      tags: { environment: "prod" },
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(IamRole, { name: "acme-data-prod-break-glass", max_session_duration: 3600 });
    const trust = JSON.parse(bodies(synthJson(stack), "aws_iam_role")[0].assume_role_policy);
    expect(trust.Statement[0].Condition.Bool).toEqual({ "aws:MultiFactorAuthPresent": "true" });
  });
});
