import { Testing } from "cdktf";
import { EnvironmentStack } from "../../lib/constructs/stacks/environment-stack";
import { planInventory } from "../../lib/plan/inventory-plan";
import type { EnvironmentPlan, InventoryPlan } from "../../lib/plan/types";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument } from "../support/inventories";

/** acme, with warehouse-mtls's consumer (a Vault-only credential) logging in to Vault with AWS IAM. */
function vaultOnlyAwsIamConsumer(auth: Record<string, unknown>): InventoryPlan {
  const doc = fixtureDocument("acme.yaml");
  const warehouse = doc.connectors.find((c: any) => c.id === "warehouse-mtls");
  warehouse.consumers[0].auth = { method: "aws-iam", roleName: "warehouse-loader", ...auth };
  const result = validateDocument(doc);
  if (!result.inventory) throw new Error(`invalid test inventory: ${JSON.stringify(result.issues.slice(0, 3))}`);
  return planInventory(result.inventory);
}

const env = (plan: InventoryPlan, name: string): EnvironmentPlan => plan.environments.find((e) => e.name === name)!;

function synthStack(plan: EnvironmentPlan): any {
  const stack = new EnvironmentStack(Testing.app(), { plan });
  return JSON.parse(Testing.synth(stack));
}

describe("aws-iam consumers with roleName that read only Vault credentials", () => {
  const plan = vaultOnlyAwsIamConsumer({ trustedService: "ecs-tasks.amazonaws.com" });

  it("get their role <roleName>-<environment> in every environment with AWS settings, trusting the declared service", () => {
    for (const name of ["dev", "staging", "prod"]) {
      const role = env(plan, name).aws!.consumerRoles.find((r) => r.consumerId === "warehouse-loader");
      expect(role).toMatchObject({
        kind: "created",
        roleName: `warehouse-loader-${name}`,
        trust: { kind: "service", service: "ecs-tasks.amazonaws.com" },
        reads: [],
        writesBack: [],
        assumes: [],
      });
    }
  });

  it("trust a declared third-party account, or else only principals tagged for the consumer and the environment", () => {
    const thirdParty = vaultOnlyAwsIamConsumer({ trustedAccount: "999999999999", externalId: "vendor-7f3k" });
    expect(env(thirdParty, "prod").aws!.consumerRoles.find((r) => r.consumerId === "warehouse-loader")?.trust).toEqual({
      kind: "account",
      accountId: "999999999999",
      externalId: "vendor-7f3k",
    });
    const own = vaultOnlyAwsIamConsumer({});
    expect(env(own, "prod").aws!.consumerRoles.find((r) => r.consumerId === "warehouse-loader")?.trust).toEqual({
      kind: "account",
      accountId: "222222222222",
      principalTags: { "etl-consumer": "warehouse-loader", environment: "prod" },
    });
  });

  it("synthesize exactly the IAM role whose ARN Vault's AWS auth role binds, with no identity policy", () => {
    const json = synthStack(env(plan, "prod"));
    const roles = Object.values(json.resource.aws_iam_role as Record<string, any>).filter((r) => r.name === "warehouse-loader-prod");
    expect(roles).toHaveLength(1);
    expect(JSON.parse(roles[0].assume_role_policy).Statement).toEqual([
      { Sid: "TrustServices", Effect: "Allow", Principal: { Service: ["ecs-tasks.amazonaws.com"] }, Action: ["sts:AssumeRole"] },
    ]);
    const bound = Object.values(json.resource.vault_aws_auth_backend_role as Record<string, any>).find(
      (r) => r.role === "warehouse-loader",
    );
    // Vault compares the caller's canonical ARN (no IAM path): the created role's name in the environment's account.
    expect(bound.bound_iam_principal_arns).toEqual([`arn:aws:iam::222222222222:role/${roles[0].name}`]);
    const policies = Object.values((json.resource.aws_iam_role_policy ?? {}) as Record<string, any>).filter((p) =>
      String(p.name).includes("warehouse-loader"),
    );
    expect(policies).toEqual([]);
  });

  it("get their role in an environment whose AWS side holds nothing else (a Vault-only environment with AWS settings)", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments.find((e: any) => e.name === "test").aws = { accountId: "444444444444", region: "eu-west-1" };
    doc.connectors.find((c: any) => c.id === "stripe-api").consumers[0].auth = {
      method: "aws-iam",
      roleName: "payments-ingest",
      trustedService: "ecs-tasks.amazonaws.com",
    };
    const result = validateDocument(doc);
    const test = env(planInventory(result.inventory!), "test");
    const json = synthStack(test);
    // The consumer's role, beside the environment's auditor (metadata only) that every AWS side has
    // and the reminder checker of test's reminder credential, which the AWS account now lets run.
    expect(Object.values(json.resource.aws_iam_role as Record<string, any>).map((r) => r.name)).toEqual([
      "acme-data-test.auditor",
      "payments-ingest-test",
      "acme-data-test-rotate-reminders",
    ]);
    const bound = Object.values(json.resource.vault_aws_auth_backend_role as Record<string, any>).find((r) => r.role === "payments-ingest");
    expect(bound.bound_iam_principal_arns).toEqual(["arn:aws:iam::444444444444:role/payments-ingest-test"]);
  });
});
