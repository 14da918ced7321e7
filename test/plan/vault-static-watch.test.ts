import { identityCatalogue } from "../../lib/plan/identity-catalogue";
import { planInventory } from "../../lib/plan/inventory-plan";
import { PSEUDO_TARGETS, REMINDERS_KEY, ROTATION_NOTIFIER_KEY, VAULT_WATCH_KEY } from "../../lib/plan/notifier-names";
import type { EnvironmentPlan, InventoryPlan } from "../../lib/plan/types";
import { EVENTBRIDGE_INPUT_MAX_CHARS } from "../../lib/plan/vault-broker-rotation";
import { planVaultStaticWatch, vaultStaticWatchGap, watchInputTemplate } from "../../lib/plan/vault-static-watch";
import { ROTATION_TARGETS } from "../../lib/rotation/contract";
import { validateWatchEvent } from "../../lib/rotation/vault/static-role-watch";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument } from "../support/inventories";

type Doc = any;

/** acme with billing-mysql's password kept in Vault and rotated by a database static role (plus `extra` clones). */
function withStaticRoles(extra = 0, change?: (doc: Doc) => void): Doc {
  const doc = fixtureDocument("acme.yaml");
  const billing = doc.connectors.find((c: Doc) => c.id === "billing-mysql");
  billing.store = "vault";
  billing.credential.database.username = "billing_etl";
  billing.consumers[0].auth = { method: "approle", cidrs: ["10.20.0.0/16"] };
  for (let i = 0; i < extra; i++) {
    const clone = JSON.parse(JSON.stringify(billing));
    clone.id = `billing-mysql-replica-with-long-id-${String(i).padStart(3, "0")}`;
    clone.consumers[0].id = `billing-sync-${i}`;
    doc.connectors.push(clone);
  }
  change?.(doc);
  return doc;
}

function plan(doc: Doc): InventoryPlan {
  const result = validateDocument(doc);
  if (!result.inventory) throw new Error(`invalid: ${JSON.stringify(result.issues.filter((i) => i.severity === "error").slice(0, 3))}`);
  return planInventory(result.inventory);
}

function env(p: InventoryPlan, name: string): EnvironmentPlan {
  return p.environments.find((e) => e.name === name)!;
}

describe("planVaultStaticWatch", () => {
  it("plans no watcher for the shipped fixtures, which keep no static role in Vault", () => {
    for (const name of ["acme.yaml", "realworld.yaml"] as const) {
      for (const e of plan(fixtureDocument(name)).environments) {
        expect(planVaultStaticWatch(e)).toBeUndefined();
        expect(vaultStaticWatchGap(e)).toBeUndefined();
      }
    }
  });

  it("plans the watcher of an environment with a Vault static role: pseudo-target names, the auth role and policy, one rule, exact static-role paths", () => {
    const watch = planVaultStaticWatch(env(plan(withStaticRoles()), "prod"))!;
    expect(watch).toEqual({
      functionName: "acme-data-prod-rotate-vault-watch",
      roleName: "acme-data-prod-rotate-vault-watch",
      logGroupName: "/aws/lambda/acme-data-prod-rotate-vault-watch",
      deadLetterQueueName: "acme-data-prod-rotate-vault-watch-dlq",
      roleArn: "arn:aws:iam::222222222222:role/acme-data-prod-rotate-vault-watch",
      authMount: "aws",
      authRole: "prod-rotation-watch",
      policyName: "prod-rotation-watch",
      vaultAddress: "https://vault.acme.example:8200",
      namespace: "etl/prod",
      vaultCluster: "vault.acme.example",
      intervalSeconds: 900,
      scheduleExpression: "rate(15 minutes)",
      roles: [
        {
          credentialId: "billing-mysql/main",
          connector: "billing-mysql",
          credential: "main",
          dbMount: "database",
          role: "billing-mysql-main",
          path: "database/static-roles/billing-mysql-main",
        },
      ],
      parts: [{ id: "watch", ruleName: "acme-data-prod-vault-rotation-watch", credentialIds: ["billing-mysql/main"] }],
    });
  });

  it("writes an input template that, once EventBridge puts the scheduled time in, is a valid watch event", () => {
    const watch = planVaultStaticWatch(env(plan(withStaticRoles()), "prod"))!;
    const template = watchInputTemplate(watch, watch.parts[0]);
    expect(template).toContain('"time":<time>');
    const event = JSON.parse(template.replace("<time>", JSON.stringify("2026-03-01T10:00:00Z")));
    expect(validateWatchEvent(event)).toEqual([
      {
        connector: "billing-mysql",
        credential: "main",
        vaultAddress: "https://vault.acme.example:8200",
        namespace: "etl/prod",
        dbMount: "database",
        role: "billing-mysql-main",
        authMount: "aws",
        authRole: "prod-rotation-watch",
      },
    ]);
  });

  it("says why an environment with static roles gets no watcher: no AWS account to run in, OpenBao (no built-in AWS auth)", () => {
    const inTest = withStaticRoles(0, (doc) => {
      doc.connectors.find((c: Doc) => c.id === "billing-mysql").environments.test = { database: { host: "billing-db.test.internal" } };
    });
    expect(vaultStaticWatchGap(env(plan(inTest), "test"))).toMatch(/no AWS account/);
    const openbao = withStaticRoles(0, (doc) => {
      // One cluster, one edition: staging shares prod's; OpenBao has no control groups (approvals).
      for (const e of doc.environments.filter((e: Doc) => e.vault.address === "https://vault.acme.example:8200")) {
        e.vault.edition = "openbao";
        delete e.approvals;
      }
    });
    const e = env(plan(openbao), "prod");
    expect(vaultStaticWatchGap(e)).toMatch(/OpenBao/);
    expect(planVaultStaticWatch(e)).toBeUndefined();
  });

  it("splits a long input in hash parts under EventBridge's limit; each role in exactly one part; a new role moves no other", () => {
    const many = planVaultStaticWatch(env(plan(withStaticRoles(60)), "prod"))!;
    expect(many.parts.length).toBeGreaterThan(1);
    const seen = many.parts.flatMap((p) => p.credentialIds);
    expect([...seen].sort()).toEqual(many.roles.map((r) => r.credentialId));
    for (const part of many.parts) {
      expect(part.id).toMatch(/^watch-part-\d+$/);
      expect(watchInputTemplate(many, part).length).toBeLessThanOrEqual(EVENTBRIDGE_INPUT_MAX_CHARS);
    }
    const more = planVaultStaticWatch(env(plan(withStaticRoles(61)), "prod"))!;
    expect(more.parts.length).toBe(many.parts.length);
    for (const part of many.parts) {
      const after = more.parts.find((p) => p.id === part.id)!;
      expect(after.credentialIds).toEqual(expect.arrayContaining([...part.credentialIds]));
    }
  });

  it("keeps pseudo-targets apart from rotation targets", () => {
    expect(PSEUDO_TARGETS).toEqual([ROTATION_NOTIFIER_KEY, VAULT_WATCH_KEY, REMINDERS_KEY]);
    for (const key of PSEUDO_TARGETS) expect((ROTATION_TARGETS as readonly string[]).includes(key)).toBe(false);
  });

  it("registers every name of the watcher in the identity catalogue", () => {
    const doc = withStaticRoles();
    const result = validateDocument(doc);
    const names = identityCatalogue(result.inventory!).entries.map((e) => `${e.what}: ${e.name}`);
    for (const expected of [
      "Lambda function: acme-data-prod-rotate-vault-watch",
      "IAM role: acme-data-prod-rotate-vault-watch",
      "SQS queue: acme-data-prod-rotate-vault-watch-dlq",
      "CloudWatch log group: /aws/lambda/acme-data-prod-rotate-vault-watch",
      "CloudWatch alarm: acme-data-prod-rotate-vault-watch-errors",
      "CloudWatch alarm: acme-data-prod-rotate-vault-watch-dlq",
      "EventBridge rule: acme-data-prod-vault-rotation-watch",
      "Vault policy: prod-rotation-watch",
      "Vault AWS auth role of the static-role watcher: prod-rotation-watch",
      "Vault AWS auth mount: auth/aws",
    ]) {
      expect(names).toContain(expected);
    }
  });
});

describe("validation: no-rotation-events", () => {
  const warnings = (doc: Doc) => validateDocument(doc).issues.filter((i) => i.code === "no-rotation-events");

  it("warns, naming the environment and why, where static roles rotate unannounced", () => {
    const inTest = withStaticRoles(0, (doc) => {
      doc.connectors.find((c: Doc) => c.id === "billing-mysql").environments.test = { database: { host: "billing-db.test.internal" } };
    });
    const found = warnings(inTest);
    const index = (name: string) => inTest.environments.findIndex((e: Doc) => e.name === name);
    expect(found).toEqual([
      {
        path: ["environments", index("test")],
        code: "no-rotation-events",
        severity: "warning",
        message: expect.stringContaining("no AWS account to run the static-role watcher in"),
      },
      {
        path: ["environments", index("staging")],
        code: "no-rotation-events",
        severity: "warning",
        message: expect.stringContaining("no RotationSucceeded topic"),
      },
    ]);
    expect(validateDocument(inTest).ok).toBe(true);
  });

  it("stays silent where the watcher runs, and for the shipped fixtures", () => {
    const doc = withStaticRoles();
    expect(warnings(doc).map((w) => doc.environments[w.path[1] as number].name)).toEqual(["staging"]);
    expect(warnings(fixtureDocument("acme.yaml"))).toEqual([]);
    expect(warnings(fixtureDocument("realworld.yaml"))).toEqual([]);
  });
});

describe("validation: no-rotation-events for Vault-stored broker credentials", () => {
  it("warns where the key-broker function rotates Vault credentials but the environment has no topics (no Secrets Manager secret)", () => {
    const doc = fixtureDocument("realworld.yaml");
    const before = validateDocument(doc).issues.filter((i) => i.code === "no-rotation-events");
    expect(before).toEqual([]);
    // Every AWS-stored connector of dev leaves dev: dev keeps its Vault-stored broker credentials only.
    for (const connector of doc.connectors) if (connector.store === "aws") delete connector.environments.dev;
    doc.connectors = doc.connectors.filter((c: Doc) => Object.keys(c.environments).length > 0);
    const dev = plan(doc).environments.find((e) => e.name === "dev")!;
    expect(dev.aws!.secrets).toEqual([]);
    const found = validateDocument(doc).issues.filter((i) => i.code === "no-rotation-events");
    expect(found.map((i) => [doc.environments[i.path[1] as number].name, i.severity])).toEqual([["dev", "warning"]]);
    expect(found[0].message).toMatch(/broker credentials.*alarms have no action/);
  });
});
