/*
 * Each defect class of issue 11 planted into synthesized JSON (the validator would refuse the
 * inventories that produce them): simulate must name it by server identity, with its kind, even
 * where the names came from the same helper that made the policies.
 */
import { loadAccessModel } from "../../../lib/analysis/access-model";
import type { SimulationResult, ViolationKind } from "../../../lib/analysis/simulate";
import { simulate } from "../../support/analysis/simulate-checked";
import { editStack, resourceKey, SynthDirs } from "../../support/analysis/synth-dirs";

const dirs = new SynthDirs();
let acme: string;

beforeAll(() => {
  acme = dirs.fixture("acme.yaml");
});
afterAll(() => dirs.cleanup());

function run(dir: string): SimulationResult {
  return simulate(loadAccessModel(dir));
}

function findings(
  result: SimulationResult,
  kind: ViolationKind,
): { principal: string; resource: string; via: string; resourceEnvironment?: string }[] {
  return result.violations
    .filter((v) => v.kind === kind)
    .map((v) => ({
      principal: v.principal,
      resource: v.resource,
      via: v.via,
      ...(v.resourceEnvironment ? { resourceEnvironment: v.resourceEnvironment } : {}),
    }));
}

function plant(edit: (dir: string) => void): SimulationResult {
  const dir = dirs.copy(acme);
  edit(dir);
  return run(dir);
}

describe("colliding names", () => {
  it("a database role renamed onto another consumer's role: two writers of one Vault object", () => {
    const result = plant((dir) =>
      editStack(dir, "prod", (json) => {
        const roles = json.resource.vault_database_secret_backend_role;
        roles[resourceKey(json, "vault_database_secret_backend_role", "role-orders-cdc_")].name = "orders-postgres-main-orders-nightly";
      }),
    );
    expect(findings(result, "duplicate-writer")).toEqual([
      expect.objectContaining({ resource: "vault:vault.acme.example/etl/prod/database/roles/orders-postgres-main-orders-nightly" }),
    ]);
  });

  it("a second policy whose name differs only in case: Vault stores one (names are lower-cased)", () => {
    const result = plant((dir) =>
      editStack(dir, "dev", (json) => {
        const key = resourceKey(json, "vault_policy", "consumer-orders-cdc_");
        json.resource.vault_policy.planted = { ...json.resource.vault_policy[key], name: "DEV-Consumer-Orders-Cdc" };
      }),
    );
    expect(findings(result, "duplicate-writer")).toEqual([
      {
        principal: "dev/vault_policy.planted",
        resource: "vault:vault.dev.acme.example/etl/dev/sys/policies/acl/dev-consumer-orders-cdc",
        via: "also written by dev/vault_policy.vault_consumer-orders-cdc_policy_0E33E5D5",
      },
    ]);
  });

  it("an IAM role renamed to another's name in other case: one role for AWS", () => {
    const result = plant((dir) =>
      editStack(dir, "dev", (json) => {
        json.resource.aws_iam_role[resourceKey(json, "aws_iam_role", "consumer-billing-sync_")].name = "Orders-Archiver-Dev";
      }),
    );
    expect(findings(result, "duplicate-writer").map((f) => f.resource)).toContain("aws:111111111111::iam:role/orders-archiver-dev");
  });

  it("one bootstrap-password variable feeding two database connections", () => {
    const result = plant((dir) =>
      editStack(dir, "dev", (json) => {
        const connections = json.resource.vault_database_secret_backend_connection;
        const key = resourceKey(json, "vault_database_secret_backend_connection", "orders-postgres_main");
        connections.planted = {
          ...connections[key],
          name: "payroll-main",
          postgresql: {
            ...connections[key].postgresql,
            connection_url: "postgresql://{{username}}:{{password}}@payroll-db.dev.internal:5432/payroll",
          },
        };
      }),
    );
    expect(findings(result, "shared-variable")).toEqual([
      {
        principal: "dev/vault_database_secret_backend_connection.planted",
        resource: "dev/var.vault_db_bootstrap_orders_postgres_main",
        via: "also read by dev/vault_database_secret_backend_connection.vault_connector-orders-postgres_main_database_connection_78FB699B",
      },
    ]);
    expect(findings(result, "duplicate-writer")).toEqual([]);
  });
});

describe("lookalike addresses and environment boundaries", () => {
  it("a non-production stack whose provider is production's cluster spelled otherwise, in production's namespace", () => {
    const result = plant((dir) =>
      editStack(dir, "staging", (json) => {
        json.provider.vault[0].address = "https://VAULT.acme.example.:443/";
        json.provider.vault[0].namespace = "etl/prod";
      }),
    );
    const writes = findings(result, "cross-environment-write").filter((f) => f.principal.startsWith("staging/"));
    expect(writes.length).toBeGreaterThan(5);
    expect(writes.every((f) => f.resourceEnvironment === "prod" && f.resource.startsWith("vault:vault.acme.example/etl/prod/"))).toBe(true);
    expect(findings(result, "duplicate-writer").map((f) => f.resource)).toContain("vault:vault.acme.example/route:etl/prod/kv");
  });

  it("the same address spelled otherwise, in its own namespace, is no finding", () => {
    const result = plant((dir) =>
      editStack(dir, "staging", (json) => {
        json.provider.vault[0].address = "https://VAULT.acme.example";
      }),
    );
    expect(result.violations).toEqual([]);
    // Identified as the same objects on the same cluster as before the respelling.
    const before = run(acme);
    expect(result.decisions.serverObjects).toBe(before.decisions.serverObjects);
    expect(result.decisions.violationsByKind).toEqual({});
  });

  it("a root-namespace environment writing into another environment's namespace through a resource's namespace", () => {
    const result = plant((dir) =>
      editStack(dir, "test", (json) => {
        const key = resourceKey(json, "vault_generic_endpoint", "stripe-api_main_metadata");
        json.resource.vault_generic_endpoint.planted = {
          ...json.resource.vault_generic_endpoint[key],
          namespace: "etl/dev",
          path: "kv/metadata/connectors/stripe-api/main",
        };
      }),
    );
    expect(findings(result, "cross-environment-write")).toEqual([
      expect.objectContaining({
        principal: "test/vault_generic_endpoint.planted",
        resource: "vault:vault.dev.acme.example/etl/dev/kv/metadata/connectors/stripe-api/main",
        resourceEnvironment: "dev",
      }),
    ]);
    expect(findings(result, "duplicate-writer").map((f) => f.resource)).toEqual([
      "vault:vault.dev.acme.example/etl/dev/kv/metadata/connectors/stripe-api/main",
    ]);
  });

  it("a production role trusting the account of a non-production environment", () => {
    const result = plant((dir) =>
      editStack(dir, "prod", (json) => {
        const key = resourceKey(json, "aws_iam_role", "consumer-billing-sync_");
        const trust = JSON.parse(json.resource.aws_iam_role[key].assume_role_policy);
        trust.Statement.push({
          Sid: "Planted",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: "sts:AssumeRole",
        });
        json.resource.aws_iam_role[key].assume_role_policy = JSON.stringify(trust);
      }),
    );
    expect(findings(result, "cross-environment-trust")).toEqual([
      expect.objectContaining({
        resource: "arn:aws:iam::222222222222:role/billing-sync-prod",
        via: "trust policy allows account 111111111111",
        resourceEnvironment: "prod",
      }),
    ]);
  });

  it("a role trusting an account of no environment without sts:ExternalId (the confused deputy)", () => {
    const result = plant((dir) =>
      editStack(dir, "dev", (json) => {
        const key = resourceKey(json, "aws_iam_role", "consumer-billing-sync_");
        const trust = JSON.parse(json.resource.aws_iam_role[key].assume_role_policy);
        trust.Statement.push({ Sid: "Vendor", Effect: "Allow", Principal: { AWS: "999999999999" }, Action: "sts:AssumeRole" });
        json.resource.aws_iam_role[key].assume_role_policy = JSON.stringify(trust);
      }),
    );
    expect(findings(result, "trust-without-external-id")).toEqual([
      {
        principal: expect.stringMatching(/^dev\/aws_iam_role\.aws_consumer-billing-sync_role_/),
        resource: "arn:aws:iam::111111111111:role/billing-sync-dev",
        via: "trust policy allows account 999999999999",
      },
    ]);
    expect(findings(result, "cross-environment-trust")).toEqual([]);
  });

  it("a policy of a lookalike-addressed stack reaching production's namespace on the same cluster", () => {
    const result = plant((dir) =>
      editStack(dir, "staging", (json) => {
        json.provider.vault[0].address = "https://vault.ACME.example:443";
        json.provider.vault[0].namespace = "etl";
        const key = resourceKey(json, "vault_policy", "consumer-payments-ingest_");
        json.resource.vault_policy[key].policy += '\npath "prod/kv/data/connectors/+/main" {\n  capabilities = ["read"]\n}\n';
      }),
    );
    expect(findings(result, "cross-environment-reach")).toContainEqual(
      expect.objectContaining({ resource: "vault:vault.acme.example/etl/prod/kv/data/connectors/+/main", resourceEnvironment: "prod" }),
    );
  });

  it("a role trusting everyone", () => {
    const result = plant((dir) =>
      editStack(dir, "dev", (json) => {
        const key = resourceKey(json, "aws_iam_role", "consumer-billing-sync_");
        json.resource.aws_iam_role[key].assume_role_policy = JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
        });
      }),
    );
    expect(findings(result, "cross-environment-trust").map((f) => f.via)).toEqual(["trust policy allows account *"]);
  });
});

describe("patterns beyond the declared reach", () => {
  it("a Vault glob that reaches tomorrow's connector, though no such path exists today", () => {
    const result = plant((dir) =>
      editStack(dir, "prod", (json) => {
        const key = resourceKey(json, "vault_policy", "consumer-payments-ingest_");
        json.resource.vault_policy[key].policy += '\npath "kv/data/connectors/stripe-api*" {\n  capabilities = ["read"]\n}\n';
      }),
    );
    // Today it reaches only the consumer's own secret: the decisions find nothing...
    expect(result.violations.filter((v) => v.kind === "access")).toEqual([]);
    // ...the proof sees the pattern reach `stripe-api-archive` tomorrow.
    expect(findings(result, "pattern-escapes-declared")).toEqual([
      expect.objectContaining({
        principal: "vault:vault.acme.example/etl/prod/auth/approle/role/payments-ingest",
        resource: "vault:vault.acme.example/etl/prod/kv/data/connectors/stripe-api*",
      }),
    ]);
  });

  it("an IAM secret pattern that reaches tomorrow's secrets of the environment", () => {
    const result = plant((dir) =>
      editStack(dir, "dev", (json) => {
        const key = resourceKey(json, "aws_iam_role_policy", "consumer-billing-sync_");
        const policy = JSON.parse(json.resource.aws_iam_role_policy[key].policy);
        policy.Statement[0].Resource = ["arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme-data/dev/billing-mysql*"];
        json.resource.aws_iam_role_policy[key].policy = JSON.stringify(policy);
      }),
    );
    expect(result.violations.filter((v) => v.kind === "access")).toEqual([]);
    expect(findings(result, "pattern-escapes-declared").map((f) => [f.principal, f.resource])).toEqual([
      [
        "arn:aws:iam::111111111111:role/billing-sync-dev",
        "arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme-data/dev/billing-mysql*",
      ],
    ]);
  });

  it("iam:* on arn:aws:iam::*:*: a wildcard action and a pattern across every account", () => {
    const result = plant((dir) =>
      editStack(dir, "dev", (json) => {
        const key = resourceKey(json, "aws_iam_role_policy", "consumer-billing-sync_");
        const policy = JSON.parse(json.resource.aws_iam_role_policy[key].policy);
        policy.Statement.push({ Sid: "Planted", Effect: "Allow", Action: ["iam:*"], Resource: ["arn:aws:iam::*:*"] });
        json.resource.aws_iam_role_policy[key].policy = JSON.stringify(policy);
      }),
    );
    expect(findings(result, "wildcard-action").map((f) => [f.principal, f.resource])).toEqual([
      ["arn:aws:iam::111111111111:role/billing-sync-dev", "arn:aws:iam::*:*"],
    ]);
    expect(findings(result, "pattern-escapes-declared").map((f) => f.resource)).toEqual(["arn:aws:iam::*:*"]);
  });

  it("an identity policy naming another environment's account", () => {
    const result = plant((dir) =>
      editStack(dir, "dev", (json) => {
        const key = resourceKey(json, "aws_iam_role_policy", "consumer-billing-sync_");
        const policy = JSON.parse(json.resource.aws_iam_role_policy[key].policy);
        policy.Statement.push({
          Sid: "Planted",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: ["arn:aws:kms:eu-west-1:222222222222:key/1234"],
        });
        json.resource.aws_iam_role_policy[key].policy = JSON.stringify(policy);
      }),
    );
    expect(findings(result, "cross-environment-reach")).toEqual([
      expect.objectContaining({
        principal: "arn:aws:iam::111111111111:role/billing-sync-dev",
        resource: "arn:aws:kms:eu-west-1:222222222222:key/1234",
        resourceEnvironment: "prod",
      }),
    ]);
  });
});

describe("the JSON shape", () => {
  it("every violation carries a kind; decisions count them by kind and the objects written", () => {
    const result = plant((dir) =>
      editStack(dir, "prod", (json) => {
        json.resource.vault_database_secret_backend_role[resourceKey(json, "vault_database_secret_backend_role", "role-orders-cdc_")].name =
          "orders-postgres-main-orders-nightly";
      }),
    );
    expect(result.decisions.violationsByKind).toEqual({ "duplicate-writer": 1 });
    expect(result.decisions.violations).toBe(1);
    expect(result.decisions.serverObjects).toBe(run(acme).decisions.serverObjects);
  });
});
