import { Testing } from "cdktf";
import { AwsEnvironment } from "../../../lib/constructs/aws/aws-environment";
import { ALL_RULES } from "../../../lib/checks/stack-checks";
import { runChecks } from "../../../lib/checks/run-checks";
import { toSynthStack } from "../../../lib/checks/synth-stack";
import type { InventoryPlan } from "../../../lib/plan/types";
import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument } from "../../support/inventories";
import { synthFiles } from "../../support/synth";
import { awsStack, bodies, connector, environmentPlan, fixturePlan, synthJson } from "./support";

function synthEnvironment(plan: InventoryPlan, name: string): any {
  const stack = awsStack();
  new AwsEnvironment(stack, "aws", { plan: environmentPlan(plan, name) });
  return synthJson(stack);
}

function count(json: any, type: string): number {
  return Object.keys(json.resource?.[type] ?? {}).length;
}

function awsFindings(json: any, environment: { name: string; production: boolean }) {
  const awsRules = ALL_RULES.filter((rule) => rule.id.startsWith("CKV"));
  return runChecks([toSynthStack(environment.name, json, environment)], awsRules).findings;
}

describe("AwsEnvironment (acme prod)", () => {
  const json = synthEnvironment(fixturePlan("acme.yaml"), "prod");

  it("renders every AWS-stored credential with its policy and, seeded, its rotation", () => {
    expect(count(json, "aws_secretsmanager_secret")).toBe(4);
    expect(count(json, "aws_secretsmanager_secret_policy")).toBe(4);
    expect(count(json, "aws_secretsmanager_secret_rotation")).toBe(4);
    expect(count(json, "aws_secretsmanager_secret_version")).toBe(0);
  });

  it("shares one rotation function per target, beside the environment's one rotation notifier and reminder checker", () => {
    expect(bodies(json, "aws_lambda_function").map((f) => f.function_name)).toEqual([
      "acme-data-prod-rotate-notifier",
      "acme-data-prod-rotate-key-broker",
      "acme-data-prod-rotate-mysql-single-user",
      "acme-data-prod-rotate-postgresql-alternating-users",
      "acme-data-prod-rotate-postgresql-single-user",
      "acme-data-prod-rotate-reminders",
    ]);
  });

  it("lets the alternating-users function read its master's secret, and only that function", () => {
    const admin = bodies(json, "aws_secretsmanager_secret_policy").find((p) => p.secret_arn.includes("orders-db-admin"))!;
    const statement = JSON.parse(admin.policy).Statement.find((s: any) => s.Sid === "RotationFunctionsReadMaster");
    expect(statement.Principal.AWS).toEqual([expect.stringMatching(/^\$\{aws_iam_role\.aws_rotation-postgresql-alternating-users_role_/)]);
    expect(statement.Action).toEqual(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]);
  });

  it("creates consumer roles, the auditor's role and a break-glass role in production", () => {
    expect(
      bodies(json, "aws_iam_role")
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      "acme-data-prod-break-glass",
      "acme-data-prod-marketing-sync",
      "acme-data-prod-rotate-key-broker",
      "acme-data-prod-rotate-mysql-single-user",
      "acme-data-prod-rotate-notifier",
      "acme-data-prod-rotate-postgresql-alternating-users",
      "acme-data-prod-rotate-postgresql-single-user",
      "acme-data-prod-rotate-reminders",
      "acme-data-prod.auditor",
      "billing-sync-prod",
      "orders-archiver-prod",
    ]);
  });

  it("passes every AWS secure-default rule", () => {
    expect(awsFindings(json, { name: "prod", production: true })).toEqual([]);
  });

  it("protects production secrets and keys from destruction", () => {
    for (const secret of bodies(json, "aws_secretsmanager_secret")) expect(secret.lifecycle).toEqual({ prevent_destroy: true });
    for (const key of bodies(json, "aws_kms_key")) expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe("AwsEnvironment (non-production)", () => {
  it("has no break-glass role and no prevent_destroy in dev", () => {
    const json = synthEnvironment(fixturePlan("acme.yaml"), "dev");
    expect(bodies(json, "aws_iam_role").map((r) => r.name)).not.toContain("acme-data-dev-break-glass");
    for (const secret of bodies(json, "aws_secretsmanager_secret")) expect(secret.lifecycle).toEqual({ prevent_destroy: false });
    expect(bodies(json, "aws_secretsmanager_secret")[0].recovery_window_in_days).toBe(7);
  });
});

describe("bootstrap order", () => {
  it("creates a new secret without rotation, with the exemption visible, until it is seeded", () => {
    const plan = fixturePlan("acme.yaml", (doc) => {
      connector(doc, "billing-mysql").credential.seeded = false;
    });
    const json = synthEnvironment(plan, "prod");
    const rotations = bodies(json, "aws_secretsmanager_secret_rotation").map((r) => r.secret_id);
    expect(rotations.some((id) => id.includes("billing-mysql"))).toBe(false);
    const secret = bodies(json, "aws_secretsmanager_secret").find((s) => s.name === "acme-data/prod/billing-mysql/main")!;
    expect(secret.tags["rotation-exemption"]).toMatch(/not yet seeded/);
    // The four rotation functions, the environment's rotation notifier and its reminder checker.
    expect(count(json, "aws_lambda_function")).toBe(6);
    expect(awsFindings(json, { name: "prod", production: true })).toEqual([]);
  });

  it("adds the rotation on the synth after seeded: true", () => {
    const json = synthEnvironment(fixturePlan("acme.yaml"), "prod");
    const rotation = bodies(json, "aws_secretsmanager_secret_rotation").find((r) => r.secret_id.includes("billing-mysql"))!;
    expect(rotation.rotation_rules).toEqual({ automatically_after_days: 30 });
    expect(rotation.depends_on).toHaveLength(2);
  });
});

describe("quarantine", () => {
  const plan = fixturePlan("acme.yaml", (doc) => {
    connector(doc, "billing-mysql").lifecycle.state = "quarantined";
  });
  const json = synthEnvironment(plan, "prod");

  it("denies exactly the connector's consumers in the secret's resource policy", () => {
    const policy = bodies(json, "aws_secretsmanager_secret_policy").find((p) => p.secret_arn.includes("billing-mysql"))!;
    const deny = JSON.parse(policy.policy).Statement.find((s: any) => s.Sid === "QuarantineDenyConsumers");
    expect(deny.Effect).toBe("Deny");
    expect(deny.Principal.AWS).toEqual([expect.stringMatching(/^\$\{aws_iam_role\.aws_consumer-billing-sync_role_/)]);
    expect(JSON.stringify(deny)).not.toMatch(/rotation|break-glass/);
  });

  it("denies the break-glass role the read of the quarantined value (it may still replace and rotate it)", () => {
    const policy = bodies(json, "aws_secretsmanager_secret_policy").find((p) => p.secret_arn.includes("billing-mysql"))!;
    const deny = JSON.parse(policy.policy).Statement.find((s: any) => s.Sid === "QuarantineDenyPeopleRead");
    expect(deny).toMatchObject({
      Effect: "Deny",
      Principal: { AWS: ["arn:aws:iam::222222222222:role/acme-data/prod/acme-data-prod-break-glass"] },
      Action: ["secretsmanager:GetSecretValue"],
    });
  });

  it("rotates at once and daily while quarantined", () => {
    const rotation = bodies(json, "aws_secretsmanager_secret_rotation").find((r) => r.secret_id.includes("billing-mysql"))!;
    expect(rotation).toMatchObject({ rotate_immediately: true, rotation_rules: { automatically_after_days: 1 } });
  });

  it("leaves other connectors' secrets as they were", () => {
    const other = bodies(json, "aws_secretsmanager_secret_policy").find((p) => p.secret_arn.includes("hubspot-api"))!;
    expect(other.policy).not.toContain("Quarantine");
  });
});

describe("untagged principals of a shared account", () => {
  const existing = "arn:aws:iam::222222222222:role/legacy/billing-sync";
  const plan = fixturePlan("acme.yaml", (doc) => {
    const billing = connector(doc, "billing-mysql");
    billing.consumers[0].auth = { method: "aws-iam", roleArn: existing };
    billing.environments = { prod: billing.environments.prod };
  });
  const json = synthEnvironment(plan, "prod");
  const statement = (credential: string) =>
    JSON.parse(bodies(json, "aws_secretsmanager_secret_policy").find((p) => p.secret_arn.includes(credential))!.policy).Statement.find(
      (s: any) => s.Sid === "DenyUntaggedPrincipalsValue",
    );

  it("are denied the value of every secret, existing consumer roles that read it excepted by exact ARN", () => {
    expect(statement("billing-mysql").Condition).toEqual({
      Null: { "aws:PrincipalTag/environment": "true" },
      ArnNotEquals: { "aws:PrincipalArn": [existing, "arn:aws:iam::222222222222:role/billing-sync"] },
    });
    expect(statement("hubspot-api").Condition).toEqual({ Null: { "aws:PrincipalTag/environment": "true" } });
  });
});

describe("realworld", () => {
  const json = synthEnvironment(fixturePlan("realworld.yaml"), "prod");

  it("renders AWS secrets, consumer policies and the cloud role", () => {
    expect(bodies(json, "aws_secretsmanager_secret").map((s) => s.name)).toEqual([
      "acme-data/prod/google-ads/developer-token",
      "acme-data/prod/google-ads/oauth",
    ]);
    expect(bodies(json, "aws_iam_role").map((r) => r.name)).toContain("acme-data-prod-s3-landing-main");
    expect(awsFindings(json, { name: "prod", production: true })).toEqual([]);
  });
});

describe("addresses", () => {
  it("do not depend on the order of connectors or consumers", () => {
    const forward = Testing.synth(
      (() => {
        const stack = awsStack();
        new AwsEnvironment(stack, "aws", { plan: environmentPlan(fixturePlan("acme.yaml"), "prod") });
        return stack;
      })(),
    );
    const reversed = Testing.synth(
      (() => {
        const stack = awsStack();
        const plan = fixturePlan("acme.yaml", (doc) => {
          doc.connectors.reverse();
          for (const c of doc.connectors) c.consumers?.reverse();
        });
        new AwsEnvironment(stack, "aws", { plan: environmentPlan(plan, "prod") });
        return stack;
      })(),
    );
    expect(reversed).toBe(forward);
  });

  it("of other connectors do not change when an AWS connector is added", () => {
    const before = synthEnvironment(fixturePlan("acme.yaml"), "prod");
    const after = synthEnvironment(
      fixturePlan("acme.yaml", (doc) => {
        doc.connectors.splice(1, 0, {
          id: "aaa-postgres",
          purpose: "A new extract",
          owner: "orders-team",
          system: "postgresql",
          sensitivity: "high",
          store: "aws",
          credential: { type: "rotated-password", database: { host: "db.internal" }, seeded: true },
          consumers: [{ id: "aaa-job", auth: { method: "aws-iam", roleName: "aaa-job" }, access: "read" }],
          environments: { prod: {} },
          lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: "active" },
        });
      }),
      "prod",
    );
    // Environment-wide aggregates may change; a connector's own resources may not.
    const aggregates = new Set(["aws_cloudwatch_dashboard", "aws_sns_topic_subscription"]);
    for (const [type, byName] of Object.entries<Record<string, unknown>>(before.resource)) {
      if (aggregates.has(type)) continue;
      for (const [name, body] of Object.entries(byName))
        expect({ type, name, body: after.resource[type]?.[name] }).toEqual({ type, name, body });
    }
  });
});

describe("full synth", () => {
  it("is byte-identical across runs, rotation zips included", () => {
    const inventory = validateDocument(fixtureDocument("acme.yaml")).inventory!;
    const first = synthFiles(inventory);
    const second = synthFiles(inventory);
    expect([...first.keys()].filter((path) => path.endsWith(".zip")).length).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });
});

describe("credential kinds of a later issue", () => {
  const plan = fixturePlan("acme.yaml", (doc) => {
    doc.connectors.push(
      {
        id: "crm-oauth",
        purpose: "CRM with rotating refresh tokens",
        owner: "growth-team",
        system: "salesforce",
        sensitivity: "high",
        store: "aws",
        credential: { type: "oauth-client", grant: "refresh-token", refreshTokenRotates: true },
        consumers: [{ id: "crm-sync", auth: { method: "aws-iam", roleName: "crm-sync" }, access: "read" }],
        environments: { prod: {} },
        lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: "active" },
      },
      {
        id: "vendor-keys",
        purpose: "Access key handed to a vendor",
        owner: "platform-team",
        system: "aws",
        sensitivity: "high",
        store: "aws",
        credential: { type: "cloud-access-key", provider: "aws", mode: "rotated", seeded: true },
        consumers: [],
        environments: { prod: {} },
        lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: "active" },
      },
    );
  });
  const json = synthEnvironment(plan, "prod");

  it("lets a consumer write back exactly its own rotating refresh token", () => {
    const policy = bodies(json, "aws_iam_role_policy").find((p) => p.name === "acme-data-prod-crm-sync-secrets")!;
    const write = JSON.parse(policy.policy).Statement.find((s: any) => s.Sid === "WriteBackOwnSecrets");
    expect(write.Action).toEqual(["secretsmanager:PutSecretValue"]);
    expect(write.Resource).toEqual([expect.stringMatching(/^\$\{aws_secretsmanager_secret\.aws_secret-crm-oauth_main_secret_/)]);
  });

  it("rotates a rotated access key with the aws-iam-access-key function, which manages only the environment's IAM users' keys", () => {
    const secret = bodies(json, "aws_secretsmanager_secret").find((s) => s.name === "acme-data/prod/vendor-keys/main")!;
    expect(secret.tags["rotation-exemption"]).toBeUndefined();
    const fn = bodies(json, "aws_lambda_function").find((f) => f.function_name === "acme-data-prod-rotate-aws-iam-access-key")!;
    expect(Object.keys(fn.environment.variables)).toEqual(["CONNECT_TIMEOUT_SECONDS"]);
    const policy = bodies(json, "aws_iam_role_policy").find((p) => p.name === "acme-data-prod-rotate-aws-iam-access-key")!;
    const statements = JSON.parse(policy.policy).Statement;
    const keys = statements.find((s: any) => s.Sid === "RotateIamUserAccessKeys");
    expect(keys.Action).toEqual(["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys"]);
    expect(keys.Resource).toEqual([expect.stringMatching(/^arn:aws:iam::\d{12}:user\/acme-data\/prod\/\*$/)]);
    expect(statements.map((s: any) => s.Sid)).not.toContain("GenerateRandomPassword");
    expect(awsFindings(json, { name: "prod", production: true })).toEqual([]);
  });
});
