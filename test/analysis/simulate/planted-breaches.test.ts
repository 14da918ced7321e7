/*
 * Breaches planted by editing the synthesized JSON, as a careless hand-edit or a compromised
 * generator would: each one must be reported with the right principal, resource, action and via,
 * or, where another layer really blocks it, as blocked by that layer.
 */
import { loadAccessModel } from "../../../lib/analysis/access-model";
import type { SimulationResult } from "../../../lib/analysis/simulate";
import { simulate } from "../../support/analysis/simulate-checked";
import { fixtureDocument } from "../../support/inventories";
import { editStack, inventoryOf, resourceKey, SynthDirs } from "../../support/analysis/synth-dirs";

const dirs = new SynthDirs();
let acme: string;
let sharedCluster: string;

/** acme with dev and prod on ONE cluster, both isolated by mount prefix in the root namespace. */
function sharedClusterInventory() {
  const doc = fixtureDocument("acme.yaml");
  for (const name of ["dev", "prod"]) {
    doc.environments.find((e: { name: string }) => e.name === name).vault = {
      address: "https://vault.dev.acme.example:8200",
      edition: "enterprise",
      isolation: "mount",
    };
  }
  return inventoryOf(doc);
}

beforeAll(() => {
  acme = dirs.fixture("acme.yaml");
  sharedCluster = dirs.synth(sharedClusterInventory());
});
afterAll(() => dirs.cleanup());

function run(dir: string): SimulationResult {
  return simulate(loadAccessModel(dir));
}

/** The evaluated decisions only (the proof's findings have other kinds). */
function access(result: SimulationResult) {
  return result.violations.filter((v) => v.kind === "access");
}

/** The proof's findings as [kind, principal, resource]. */
function proof(result: SimulationResult) {
  return result.violations.filter((v) => v.kind !== "access").map((v) => [v.kind, v.principal, v.resource]);
}

function appendVaultRule(dir: string, stack: string, consumer: string, rule: string): void {
  editStack(dir, stack, (json) => {
    const key = resourceKey(json, "vault_policy", `consumer-${consumer}_`);
    json.resource.vault_policy[key].policy += `\n${rule}\n`;
  });
}

function replaceInVaultPolicy(dir: string, stack: string, consumer: string, from: string, to: string): void {
  editStack(dir, stack, (json) => {
    const key = resourceKey(json, "vault_policy", `consumer-${consumer}_`);
    const text: string = json.resource.vault_policy[key].policy;
    if (!text.includes(from)) throw new Error(`policy of ${consumer} has no ${from}`);
    json.resource.vault_policy[key].policy = text.split(from).join(to);
  });
}

/** Edits the first statement of a consumer's IAM policy. */
function editIamStatement(dir: string, stack: string, consumer: string, edit: (statement: any) => void): void {
  editStack(dir, stack, (json) => {
    const key = resourceKey(json, "aws_iam_role_policy", `consumer-${consumer}_`);
    const policy = JSON.parse(json.resource.aws_iam_role_policy[key].policy);
    edit(policy.Statement[0]);
    json.resource.aws_iam_role_policy[key].policy = JSON.stringify(policy);
  });
}

function secretRef(dir: string, stack: string, connector: string): string {
  let ref = "";
  editStack(dir, stack, (json) => {
    ref = `\${aws_secretsmanager_secret.${resourceKey(json, "aws_secretsmanager_secret", `secret-${connector}_main`)}.arn}`;
  });
  return ref;
}

describe("simulate over the real synth output", () => {
  it("reports zero violations on acme, with every decision counted", () => {
    const result = run(acme);
    expect(result.violations).toEqual([]);
    expect(result.decisions.blocked).toBe(0);
    expect(result.decisions.unmetIntent).toBe(0);
    expect(result.decisions.evaluated).toBe(result.decisions.allowed + result.decisions.denied + result.decisions.blocked);
    expect(result.decisions.intended).toBeGreaterThan(100);
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("reports zero violations on realworld (write-back, ssh, gcp, aws engines, cloud roles)", () => {
    const dir = dirs.fixture("realworld.yaml");
    const result = run(dir);
    expect(result.violations).toEqual([]);
    expect(result.decisions.unmetIntent).toBe(0);
    expect(result.decisions.intended).toBeGreaterThan(50);
  });

  it("reports zero violations when dev and prod share a cluster", () => {
    expect(run(sharedCluster).violations).toEqual([]);
  });
});

describe("planted breaches", () => {
  it("a dev policy path pointing into prod's mounts on a shared cluster: violation across the environment boundary", () => {
    const dir = dirs.copy(sharedCluster);
    appendVaultRule(dir, "dev", "payments-ingest", 'path "etl-prod/kv/data/connectors/stripe-api/main" {\n  capabilities = ["read"]\n}');
    const result = run(dir);
    // The proof sees it too, by server identity: the path lies in prod's mounts on dev's cluster.
    expect(proof(result)).toEqual([
      [
        "cross-environment-reach",
        "vault:vault.dev.acme.example/auth/etl-dev/approle/role/payments-ingest",
        "vault:vault.dev.acme.example/etl-prod/kv/data/connectors/stripe-api/main",
      ],
    ]);
    expect(access(result)).toEqual([
      {
        kind: "access",
        principal: "vault:vault.dev.acme.example/auth/etl-dev/approle/role/payments-ingest",
        environment: "dev",
        resource: "vault:vault.dev.acme.example/etl-prod/kv/data/connectors/stripe-api/main",
        action: "read",
        via: 'vault policy "dev-consumer-payments-ingest" path "etl-prod/kv/data/connectors/stripe-api/main"',
        reason: "across an environment boundary: a principal of dev reaches prod",
        resourceEnvironment: "prod",
      },
    ]);
  });

  it("a test (root namespace) policy pointing into dev's namespace: violation", () => {
    const dir = dirs.copy(acme);
    appendVaultRule(dir, "test", "payments-ingest", 'path "etl/dev/kv/data/connectors/stripe-api/main" {\n  capabilities = ["read"]\n}');
    const result = run(dir);
    expect(proof(result)).toEqual([
      [
        "cross-environment-reach",
        "vault:vault.dev.acme.example/auth/etl-test/approle/role/payments-ingest",
        "vault:vault.dev.acme.example/etl/dev/kv/data/connectors/stripe-api/main",
      ],
    ]);
    expect(access(result).map((v) => [v.principal, v.resource, v.action, v.reason])).toEqual([
      [
        "vault:vault.dev.acme.example/auth/etl-test/approle/role/payments-ingest",
        "vault:vault.dev.acme.example/etl/dev/kv/data/connectors/stripe-api/main",
        "read",
        "across an environment boundary: a principal of test reaches dev",
      ],
    ]);
  });

  it("a staging policy naming prod's namespace: blocked by the namespace boundary, not a violation", () => {
    const dir = dirs.copy(acme);
    appendVaultRule(
      dir,
      "staging",
      "payments-ingest",
      'path "etl/prod/kv/data/connectors/stripe-api/main" {\n  capabilities = ["read"]\n}',
    );
    const result = run(dir);
    expect(access(result)).toEqual([]);
    // The policy still names a credential path its owner does not declare: the proof says so.
    expect(proof(result)).toEqual([
      [
        "pattern-escapes-declared",
        "vault:vault.acme.example/etl/staging/auth/approle/role/payments-ingest",
        "vault:vault.acme.example/etl/staging/etl/prod/kv/data/connectors/stripe-api/main",
      ],
    ]);
    expect(result.decisions.blockedGrants).toEqual([
      expect.objectContaining({
        principal: "vault:vault.acme.example/etl/staging/auth/approle/role/payments-ingest",
        resource: "vault:vault.acme.example/etl/prod/kv/data/connectors/stripe-api/main",
        action: "read",
        blockedBy: expect.stringMatching(/^namespace boundary/),
      }),
    ]);
    expect(result.decisions.blockedBy).toEqual({ "namespace boundary": 1 });
  });

  it("a dev policy naming prod on another cluster: blocked by the cluster boundary", () => {
    const dir = dirs.copy(acme);
    appendVaultRule(dir, "dev", "payments-ingest", 'path "etl/prod/kv/data/connectors/stripe-api/main" {\n  capabilities = ["read"]\n}');
    const result = run(dir);
    expect(access(result)).toEqual([]);
    expect(proof(result)).toEqual([
      [
        "pattern-escapes-declared",
        "vault:vault.dev.acme.example/etl/dev/auth/approle/role/payments-ingest",
        "vault:vault.dev.acme.example/etl/dev/etl/prod/kv/data/connectors/stripe-api/main",
      ],
    ]);
    expect(result.decisions.blockedGrants.map((b) => [b.principal, b.resource, b.blockedBy.split(":")[0]])).toEqual([
      [
        "vault:vault.dev.acme.example/etl/dev/auth/approle/role/payments-ingest",
        "vault:vault.acme.example/etl/prod/kv/data/connectors/stripe-api/main",
        "cluster boundary",
      ],
    ]);
  });

  it("a path widened to kv/data/*: every other connector's value in the environment is reported", () => {
    const dir = dirs.copy(acme);
    replaceInVaultPolicy(dir, "prod", "payments-ingest", 'path "kv/data/connectors/stripe-api/main"', 'path "kv/data/*"');
    const result = run(dir);
    // Every KV data path of the environment: stored values, and the (empty) keys beside dynamic ones.
    expect(access(result).map((v) => [v.principal, v.resource, v.action, v.reason, v.via])).toEqual(
      ["legacy-ftp", "orders-postgres", "warehouse-mtls"].map((connector) => [
        "vault:vault.acme.example/etl/prod/auth/approle/role/payments-ingest",
        `vault:vault.acme.example/etl/prod/kv/data/connectors/${connector}/main`,
        "read",
        `another connector's credential (${connector}/main)`,
        'vault policy "prod-consumer-payments-ingest" path "kv/data/*"',
      ]),
    );
    // Its own path is still intended through the wider pattern.
    expect(result.decisions.unmetIntent).toBe(0);
    // And symbolically: the glob reaches tomorrow's connectors too.
    expect(proof(result)).toEqual([
      [
        "pattern-escapes-declared",
        "vault:vault.acme.example/etl/prod/auth/approle/role/payments-ingest",
        "vault:vault.acme.example/etl/prod/kv/data/*",
      ],
    ]);
  });

  it("write where read was declared", () => {
    const dir = dirs.copy(acme);
    replaceInVaultPolicy(
      dir,
      "dev",
      "payments-ingest",
      'path "kv/data/connectors/stripe-api/main" {\n  capabilities = ["read"]',
      'path "kv/data/connectors/stripe-api/main" {\n  capabilities = ["read", "update"]',
    );
    const result = run(dir);
    expect(result.violations.map((v) => [v.action, v.resource, v.reason])).toEqual([
      [
        "update",
        "vault:vault.dev.acme.example/etl/dev/kv/data/connectors/stripe-api/main",
        "write where read was declared (declared: read)",
      ],
    ]);
  });

  it("another connector's secret ARN in a consumer's IAM policy", () => {
    const dir = dirs.copy(acme);
    const hubspot = secretRef(dir, "dev", "hubspot-api");
    editIamStatement(dir, "dev", "billing-sync", (statement) => statement.Resource.push(hubspot));
    const result = run(dir);
    expect(proof(result)).toEqual([
      [
        "pattern-escapes-declared",
        "arn:aws:iam::111111111111:role/billing-sync-dev",
        "arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme-data/dev/hubspot-api/main-AbCdEf",
      ],
    ]);
    expect(access(result).map((v) => [v.principal, v.resource, v.action, v.reason])).toEqual([
      [
        "arn:aws:iam::111111111111:role/billing-sync-dev",
        "arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme-data/dev/hubspot-api/main-AbCdEf",
        "secretsmanager:DescribeSecret",
        "another connector's credential (hubspot-api/main)",
      ],
      [
        "arn:aws:iam::111111111111:role/billing-sync-dev",
        "arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme-data/dev/hubspot-api/main-AbCdEf",
        "secretsmanager:GetSecretValue",
        "another connector's credential (hubspot-api/main)",
      ],
    ]);
    expect(result.violations[1].via).toBe('identity policy "billing-sync-dev/acme-data-dev-billing-sync-secrets" statement "ReadSecrets"');
  });

  it("an IAM Resource widened to *: every secret of its account, and the other accounts' blocked by their resource policies", () => {
    const dir = dirs.copy(acme);
    editIamStatement(dir, "dev", "billing-sync", (statement) => {
      statement.Resource = ["*"];
      statement.Action = ["secretsmanager:*"];
      delete statement.Condition;
    });
    const result = run(dir);
    const billing = access(result).filter((v) => v.principal === "arn:aws:iam::111111111111:role/billing-sync-dev");
    expect(new Set(proof(result).map((p) => p[0]))).toEqual(new Set(["pattern-escapes-declared", "wildcard-action"]));
    expect(new Set(billing.map((v) => v.resource.replace(/^.*secret:/, "")))).toEqual(
      new Set([
        "acme-data/dev/billing-mysql/main-AbCdEf",
        "acme-data/dev/hubspot-api/main-AbCdEf",
        "acme-data/dev/orders-archive-postgres/main-AbCdEf",
        "acme-data/dev/orders-db-admin/main-AbCdEf",
      ]),
    );
    // Writing to its own secret is beyond "read".
    expect(billing).toContainEqual(
      expect.objectContaining({
        resource: expect.stringContaining("billing-mysql"),
        action: "secretsmanager:PutSecretValue",
        reason: expect.stringMatching(/^write where read was declared/),
      }),
    );
    expect(result.violations.every((v) => v.principal === "arn:aws:iam::111111111111:role/billing-sync-dev")).toBe(true);
    expect(access(result).length).toBe(billing.length);
    const blocked = result.decisions.blockedGrants.filter(
      (b) => b.resource.includes(":222222222222:") || b.resource.includes(":333333333333:"),
    );
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((b) => /^resource policy: .*"DenyOtherAccounts"/.test(b.blockedBy))).toBe(true);
  });

  it("a grant to another account's secret is blocked: by the resource policy, else by the account boundary", () => {
    const dir = dirs.copy(acme);
    const prodBilling = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/billing-mysql/main-AbCdEf";
    editStack(dir, "dev", (json) => {
      const key = resourceKey(json, "aws_iam_role_policy", "consumer-billing-sync_");
      const policy = JSON.parse(json.resource.aws_iam_role_policy[key].policy);
      policy.Statement.push({
        Sid: "Planted",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: [prodBilling],
      });
      json.resource.aws_iam_role_policy[key].policy = JSON.stringify(policy);
    });
    let result = run(dir);
    expect(access(result)).toEqual([]);
    // Naming another environment's account is a violation of its own, blocked or not.
    expect(proof(result)).toEqual([
      ["cross-environment-reach", "arn:aws:iam::111111111111:role/billing-sync-dev", prodBilling],
      ["pattern-escapes-declared", "arn:aws:iam::111111111111:role/billing-sync-dev", prodBilling],
    ]);
    expect(result.decisions.blockedGrants).toEqual([
      expect.objectContaining({
        principal: "arn:aws:iam::111111111111:role/billing-sync-dev",
        resource: prodBilling,
        action: "secretsmanager:DescribeSecret",
        blockedBy: expect.stringContaining('"DenyOtherAccounts"'),
      }),
      expect.objectContaining({
        principal: "arn:aws:iam::111111111111:role/billing-sync-dev",
        resource: prodBilling,
        action: "secretsmanager:GetSecretValue",
        blockedBy: expect.stringContaining('"DenyOtherAccounts"'),
      }),
    ]);

    // Without the prod secret's resource policy, the account boundary still blocks it.
    editStack(dir, "prod", (json) => {
      delete json.resource.aws_secretsmanager_secret_policy[
        resourceKey(json, "aws_secretsmanager_secret_policy", "secret-billing-mysql_main")
      ];
    });
    result = run(dir);
    expect(access(result)).toEqual([]);
    expect(result.decisions.blockedGrants.map((b) => b.blockedBy)).toEqual([
      "account boundary: 111111111111 -> 222222222222, and no resource policy allows it",
      "account boundary: 111111111111 -> 222222222222, and no resource policy allows it",
    ]);
  });

  it("a resource policy opened to everyone: the outsider reaches it", () => {
    const dir = dirs.copy(acme);
    editStack(dir, "dev", (json) => {
      const key = resourceKey(json, "aws_secretsmanager_secret_policy", "secret-hubspot-api_main");
      const policy = JSON.parse(json.resource.aws_secretsmanager_secret_policy[key].policy);
      policy.Statement = policy.Statement.filter(
        (s: { Sid: string }) => s.Sid !== "DenyOtherAccounts" && s.Sid !== "DenyUntaggedPrincipalsValue",
      );
      policy.Statement.push({ Sid: "Oops", Effect: "Allow", Principal: "*", Action: ["secretsmanager:GetSecretValue"], Resource: ["*"] });
      json.resource.aws_secretsmanager_secret_policy[key].policy = JSON.stringify(policy);
    });
    const result = run(dir);
    expect(result.violations).toContainEqual(
      expect.objectContaining({
        principal: "arn:aws:iam::000000000001:role/etl-secrets-simulate-outsider",
        resource: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme-data/dev/hubspot-api/main-AbCdEf",
        action: "secretsmanager:GetSecretValue",
        reason: "a principal outside every declared account reaches it",
        via: expect.stringContaining('resource policy "resource policy of acme-data/dev/hubspot-api/main" statement "Oops"'),
      }),
    );
    // Every role of the account reaches it too, through the resource policy alone.
    expect(result.violations).toContainEqual(
      expect.objectContaining({
        principal: "arn:aws:iam::111111111111:role/orders-archiver-dev",
        reason: "another connector's credential (hubspot-api/main)",
      }),
    );
  });

  it("an undeclared auth role with a real policy: every access it has is reported", () => {
    const dir = dirs.copy(acme);
    editStack(dir, "dev", (json) => {
      const key = resourceKey(json, "vault_approle_auth_backend_role", "consumer-payments-ingest_");
      json.resource.vault_approle_auth_backend_role["planted"] = {
        ...json.resource.vault_approle_auth_backend_role[key],
        role_name: "intruder",
      };
    });
    const result = run(dir);
    expect(result.violations.map((v) => [v.principal, v.action, v.reason])).toEqual([
      ["vault:vault.dev.acme.example/etl/dev/auth/approle/role/intruder", "read", "the principal is not declared in the intent manifest"],
      ["vault:vault.dev.acme.example/etl/dev/auth/approle/role/intruder", "read", "the principal is not declared in the intent manifest"],
    ]);
  });

  it("a grant removed from the synth output is a declared access that is not allowed", () => {
    const dir = dirs.copy(acme);
    replaceInVaultPolicy(
      dir,
      "dev",
      "payments-ingest",
      'path "kv/data/connectors/stripe-api/main"',
      'path "kv/data/connectors/stripe-api/other"',
    );
    const result = run(dir);
    expect(access(result)).toEqual([]);
    // The path it names instead is a credential nobody declared for it.
    expect(proof(result)).toEqual([
      [
        "pattern-escapes-declared",
        "vault:vault.dev.acme.example/etl/dev/auth/approle/role/payments-ingest",
        "vault:vault.dev.acme.example/etl/dev/kv/data/connectors/stripe-api/other",
      ],
    ]);
    expect(result.unmetIntent).toEqual([
      expect.objectContaining({
        principal: "vault:vault.dev.acme.example/etl/dev/auth/approle/role/payments-ingest",
        resource: "vault:vault.dev.acme.example/etl/dev/kv/data/connectors/stripe-api/main",
        action: "read",
      }),
    ]);
  });
});
