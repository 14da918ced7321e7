import { Testing } from "cdktf";
import { EnvironmentStack } from "../../../lib/constructs/stacks/environment-stack";
import { VaultEngineRoles } from "../../../lib/constructs/aws/vault-engine-roles";
import { planVaultEngineRoles } from "../../../lib/plan/vault-engine-roles";
import { vaultEngineTrustPolicy } from "../../../lib/policy/aws/vault-engine-trust";
import { awsStack, bodies, connector, environmentPlan, fixturePlan, synthJson } from "./support";

const VAULT_ROLE = "arn:aws:iam::333333333333:role/vault-server";

function withoutIdentity(doc: any): void {
  for (const env of doc.environments) delete env.vault.awsIdentity;
}

/** realworld.yaml names no Vault identity; these tests give every environment one. */
function withIdentity(doc: any): void {
  for (const env of doc.environments) env.vault.awsIdentity = { roleArn: VAULT_ROLE };
}

describe("VaultEngineRoles: the IAM role of a dynamic AWS key", () => {
  const dev = environmentPlan(fixturePlan("realworld.yaml", withIdentity), "dev");
  const prod = environmentPlan(fixturePlan("realworld.yaml", withIdentity), "prod");

  it("plans one role per dynamic AWS key, named <roleName>-<environment> on the environment's path", () => {
    expect(planVaultEngineRoles(dev).map((r) => [r.credentialId, r.roleName, r.roleArn])).toEqual([
      ["redshift-sink/staging", "redshift-staging-dev", "arn:aws:iam::111111111111:role/acme-data/dev/redshift-staging-dev"],
    ]);
    expect(planVaultEngineRoles(prod)[0].roleArn).toBe("arn:aws:iam::222222222222:role/acme-data/prod/redshift-staging-prod");
  });

  it("grants exactly the spec's allow, with exact ARNs and no wildcard action", () => {
    const stack = awsStack();
    new VaultEngineRoles(stack, "engine", { plan: dev });
    const [policy] = bodies(synthJson(stack), "aws_iam_role_policy");
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements.map((s: any) => [s.Action, s.Resource])).toEqual([
      [["s3:GetObject"], ["arn:aws:s3:::acme-finance-staging/*"]],
      [["s3:PutObject"], ["arn:aws:s3:::acme-finance-staging/*"]],
    ]);
  });

  it("trusts Vault's own role only, when the environment names it", () => {
    const stack = awsStack();
    new VaultEngineRoles(stack, "engine", { plan: dev });
    const [role] = bodies(synthJson(stack), "aws_iam_role");
    const trust = JSON.parse(role.assume_role_policy);
    expect(trust.Statement).toEqual([
      { Sid: "TrustVaultIdentity", Effect: "Allow", Principal: { AWS: VAULT_ROLE }, Action: ["sts:AssumeRole"] },
    ]);
    expect(role).toMatchObject({
      name: "redshift-staging-dev",
      path: "/acme-data/dev/",
      max_session_duration: 8 * 3600,
      tags: { environment: "dev", connector: "redshift-sink" },
    });
  });

  it("limits the session to the class lease maximum, or the spec's shorter ttl (at least IAM's one hour)", () => {
    const short = environmentPlan(
      fixturePlan("realworld.yaml", (doc) => void (connector(doc, "redshift-sink").credentials.staging.ttl = "30m")),
      "dev",
    );
    expect(planVaultEngineRoles(short)[0]).toMatchObject({ maxStsTtlSeconds: 1800, maxSessionSeconds: 3600 });
    const critical = environmentPlan(
      fixturePlan("realworld.yaml", (doc) => void (connector(doc, "redshift-sink").sensitivity = "critical")),
      "dev",
    );
    expect(planVaultEngineRoles(critical)[0]).toMatchObject({ maxStsTtlSeconds: 4 * 3600, maxSessionSeconds: 4 * 3600 });
  });

  it("without awsIdentity trusts only roles of the environment's account under /vault/", () => {
    const plan = environmentPlan(fixturePlan("realworld.yaml", withoutIdentity), "dev");
    const trust = vaultEngineTrustPolicy({
      partition: "aws",
      accountId: "111111111111",
      vaultRoleArn: planVaultEngineRoles(plan)[0].vaultRoleArn,
    });
    expect(trust.Statement).toEqual([
      {
        Sid: "TrustVaultRolesOfTheAccount",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: ["sts:AssumeRole"],
        Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/vault/*" } },
      },
    ]);
  });

  it("the Vault role issues assumed-role credentials of that ARN, and the engine holds no access key", () => {
    const stack = new EnvironmentStack(Testing.app(), { plan: dev });
    const json = synthJson(stack);
    const [role] = bodies(json, "vault_aws_secret_backend_role");
    expect(role).toMatchObject({
      credential_type: "assumed_role",
      role_arns: ["arn:aws:iam::111111111111:role/acme-data/dev/redshift-staging-dev"],
    });
    const [engine] = bodies(json, "vault_aws_secret_backend");
    expect(Object.keys(engine)).not.toEqual(expect.arrayContaining(["access_key"]));
    expect(Object.keys(engine)).not.toEqual(expect.arrayContaining(["secret_key"]));
    expect(bodies(json, "aws_iam_role").filter((r) => r.name === "redshift-staging-dev")).toHaveLength(1);
  });

  it("renders the AWS side for an environment whose only AWS resource is an engine role", () => {
    const plan = environmentPlan(
      fixturePlan("realworld.yaml", (doc) => void (doc.connectors = doc.connectors.filter((c: any) => c.id === "redshift-sink"))),
      "dev",
    );
    const json = synthJson(new EnvironmentStack(Testing.app(), { plan }));
    expect(bodies(json, "aws_iam_role").map((r) => r.name)).toContain("redshift-staging-dev");
  });
});
