import { parse } from "yaml";
import type { EcsWiring } from "../../lib/wire/ecs";
import { wireConsumer } from "../../lib/wire/wire";
import { awsConnector, examplePlan, exampleWith, vaultConnector } from "./support";

const plan = examplePlan();
const ecs = (p: typeof plan, consumer: string, environment: string) => wireConsumer(p, { consumer, environment, target: "ecs" });
const DB = {
  type: "rotated-password",
  strategy: "single-user",
  database: { host: "ecs-db.internal", port: 5432, name: "ecs", username: "ecs_reader" },
  rotation: { days: 30 },
  seeded: true,
};

describe("ecs: task secrets from Secrets Manager", () => {
  const withEcs = exampleWith(
    awsConnector(
      "ecs-db",
      { id: "ecs-job", auth: { method: "aws-iam", roleName: "ecs-job", trustedService: "ecs-tasks.amazonaws.com" } },
      DB,
    ),
    awsConnector("ecs-api", { id: "ecs-job", auth: { method: "aws-iam", roleName: "ecs-job", trustedService: "ecs-tasks.amazonaws.com" } }),
  );

  it("lists the task's secrets by ARN (JSON keys for a database login) with the consumer's role as execution role", () => {
    const output = ecs(withEcs, "ecs-job", "prod");
    const data = output.data as EcsWiring;
    if (data.kind !== "task-secrets") throw new Error(data.kind);
    const prefix = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod";
    expect(data.executionRoleArn).toBe("arn:aws:iam::222222222222:role/acme-data/prod/ecs-job-prod");
    expect(data.secrets.map(({ name, valueFrom }) => ({ name, valueFrom }))).toEqual([
      { name: "ECS_API_MAIN", valueFrom: `${prefix}/ecs-api/main` },
      { name: "ECS_DB_MAIN_USERNAME", valueFrom: `${prefix}/ecs-db/main:username::` },
      { name: "ECS_DB_MAIN_PASSWORD", valueFrom: `${prefix}/ecs-db/main:password::` },
    ]);
    expect(data.secrets.map((s) => s.arnOutput)).toEqual([
      "secret_arn__ecs-api__main",
      "secret_arn__ecs-db__main",
      "secret_arn__ecs-db__main",
    ]);
    expect(data.permissions).toEqual([
      { action: "secretsmanager:GetSecretValue", resource: `${prefix}/ecs-api/main-??????` },
      { action: "secretsmanager:GetSecretValue", resource: `${prefix}/ecs-db/main-??????` },
      {
        action: "kms:Decrypt",
        resource: "the environment's secrets key",
        condition: "kms:ViaService = secretsmanager.eu-west-1.amazonaws.com",
      },
    ]);
    const fragment = JSON.parse(output.blocks[0].body);
    expect(fragment.executionRoleArn).toBe(data.executionRoleArn);
    expect(fragment.containerDefinitions[0].secrets).toHaveLength(3);
  });

  it("refuses a role that does not trust ecs-tasks (the example's orders-archiver), and a jwt consumer", () => {
    expect(() => ecs(plan, "orders-archiver", "dev")).toThrow(
      /trusts principals of account 111111111111 .*not ecs-tasks\.amazonaws\.com: declare auth\.trustedService ecs-tasks\.amazonaws\.com/,
    );
    expect(() => ecs(plan, "marketing-sync", "prod")).toThrow(/needs a consumer with aws-iam auth .* uses jwt/);
  });
});

describe("ecs: Vault credentials", () => {
  it("says ECS cannot read Vault natively and gives the agent sidecar, logging in with the task's IAM role", () => {
    const withVault = exampleWith(
      vaultConnector("vault-api", {
        id: "ecs-vault-job",
        auth: { method: "aws-iam", roleName: "ecs-vault-job", trustedService: "ecs-tasks.amazonaws.com" },
      }),
    );
    const output = ecs(withVault, "ecs-vault-job", "dev");
    const data = output.data as EcsWiring;
    if (data.kind !== "vault-agent-sidecar") throw new Error(data.kind);
    expect(data.native).toBe(false);
    expect(output.notes[0]).toMatch(/ECS cannot read Vault natively/);
    expect(data.agentConfig).toMatch(/method "aws" \{\n\s+mount_path = "auth\/aws"/);
    expect(data.agentConfig).toMatch(/role = "ecs-vault-job"/);
    expect(data.agentConfig).toContain('with secret "kv/data/connectors/vault-api/main"');
    expect(data.taskRoleArn).toBe("arn:aws:iam::111111111111:role/acme-data/dev/ecs-vault-job-dev");
    expect(data.files).toEqual(["/vault/secrets/vault-api-main"]);
  });

  it("gives an AppRole consumer the agent with a delivered secret id file, and refuses a kubernetes consumer", () => {
    const data = ecs(plan, "payments-ingest", "prod").data as EcsWiring;
    if (data.kind !== "vault-agent-sidecar") throw new Error(data.kind);
    expect(data.agentConfig).toMatch(/secret_id_file_path\s+= "\/etc\/vault-agent\/secret-id"/);
    expect(() => ecs(plan, "orders-cdc", "dev")).toThrow(/ECS cannot read Vault natively.*uses kubernetes: use --for kubernetes/);
  });
});

// The YAML import keeps parity with the other target tests' parsing of blocks.
void parse;
