// The billing team's own stack: its backend, its providers, its ECS task, and the library's
// construct for the team's prod environment beside them. Run here with `npx cdktf synth`.
import { join } from "node:path";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider";
import { App, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { EtlSecretsEnvironment, InventoryError, loadInventory, type Inventory } from "cdktf-etl-secrets";

export class BillingStack extends TerraformStack {
  readonly etl: EtlSecretsEnvironment;

  constructor(scope: Construct, id: string, inventory: Inventory) {
    super(scope, id);
    // The team's own settings: the library never changes them.
    new S3Backend(this, { bucket: "acme-billing-terraform", key: "billing/prod.tfstate", region: "eu-west-1", encrypt: true });
    this.addOverride("terraform.required_version", ">= 1.11.0");
    new AwsProvider(this, "aws", {
      region: "eu-west-1",
      allowedAccountIds: ["222222222222"],
      defaultTags: [{ tags: { team: "billing" } }],
    });
    // The environment's namespace: the construct fails synth if the provider works anywhere else.
    new VaultProvider(this, "vault", { address: "https://vault.acme.example:8200", namespace: "billing/prod" });

    // The library's construct for one environment; outputs under `etl__...`.
    this.etl = new EtlSecretsEnvironment(this, "etl", { inventory, environment: "prod", outputs: { prefix: "etl" } });

    // The team's own resource, wired through typed references.
    const database = this.etl.references.secret("invoices-mysql", "main");
    const role = this.etl.references.consumerRole("invoices-sync");
    // The role may read exactly its secret (the library's grant); pulling images and writing logs is the team's.
    new IamRolePolicyAttachment(this, "invoices-sync-execution", {
      role: role.roleName,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    });
    new EcsTaskDefinition(this, "invoices-sync", {
      family: "invoices-sync",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "256",
      memory: "512",
      executionRoleArn: role.roleArn,
      containerDefinitions: JSON.stringify([
        {
          name: "invoices-sync",
          image: "222222222222.dkr.ecr.eu-west-1.amazonaws.com/invoices-sync:1.4.2",
          essential: true,
          secrets: [{ name: "BILLING_DB", valueFrom: database.secretArn }],
        },
      ]),
    });
  }
}

function main(): void {
  let inventory: Inventory;
  try {
    inventory = loadInventory(join(__dirname, "connectors.yaml"));
  } catch (error) {
    if (!(error instanceof InventoryError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const app = new App();
  new BillingStack(app, "billing-prod", inventory);
  app.synth();
}

if (require.main === module) main();
