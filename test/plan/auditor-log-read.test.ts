/*
 * Where an environment's auditor reads its Vault cluster's shipped audit log: directly when the
 * audit account is the environment's, else through the audit stack's reader role, which trusts
 * exactly the auditors of the cluster's environments in other accounts.
 */
import { join } from "node:path";
import { auditorLogReadOf } from "../../lib/plan/auditor-log-read";
import { planInventory } from "../../lib/plan/inventory-plan";
import { planVaultAudits } from "../../lib/plan/vault-audit-plan";
import { auditorRolePolicy } from "../../lib/policy/aws/auditor-policy";
import { loadInventoryFromDocument } from "../support/vault-audit-inventory";
import { yamlFileDocument } from "../support/yaml-file-document";

const document = (): Record<string, any> => yamlFileDocument(join(__dirname, "..", "..", "examples", "multi-env", "connectors.yaml"));
const GROUP = "/acme-data/etl-secrets/vault-audit/vault-acme-example";

describe("auditorLogReadOf", () => {
  it("another audit account: the reader role; no vault.audit on the cluster: nothing", () => {
    const inventory = loadInventoryFromDocument(document());
    const env = (name: string) => inventory.environments.find((e) => e.name === name)!;
    expect(auditorLogReadOf(inventory, env("prod"), "aws")).toEqual({
      clusterKey: "vault.acme.example",
      logGroupName: GROUP,
      logGroupArn: `arn:aws:logs:eu-west-1:444444444444:log-group:${GROUP}`,
      accountId: "444444444444",
      region: "eu-west-1",
      readerRoleArn: "arn:aws:iam::444444444444:role/acme-data/vault-audit/acme-data-vault-audit-vault-acme-example-reader",
    });
    // staging shares the cluster (its requests are in the same log) without declaring vault.audit itself.
    expect(auditorLogReadOf(inventory, env("staging"), "aws")?.readerRoleArn).toBeDefined();
    expect(auditorLogReadOf(inventory, env("dev"), "aws")).toBeUndefined();
    expect(auditorLogReadOf(inventory, env("test"), "aws")).toBeUndefined();
    expect(planVaultAudits(inventory)[0]!.auditorReader?.readers.map((r) => r.environment)).toEqual(["prod", "staging"]);
  });

  it("the audit account is the environment's: FilterLogEvents on the group itself, and that auditor is no reader of the role", () => {
    const doc = document();
    doc.environments.find((e: any) => e.name === "prod").vault.audit.accountId = "222222222222";
    const inventory = loadInventoryFromDocument(doc);
    const prod = planInventory(inventory).environments.find((e) => e.name === "prod")!;
    const read = prod.aws!.auditLog!;
    expect(read.readerRoleArn).toBeUndefined();
    expect(read.logGroupArn).toBe(`arn:aws:logs:eu-west-1:222222222222:log-group:${GROUP}`);
    const statements = auditorRolePolicy({ secretArnPrefix: prod.aws!.secretArnPrefix, auditLog: read }).Statement;
    expect(statements.filter((s) => s.Sid === "AuditorReadsVaultAuditLog")).toEqual([
      {
        Sid: "AuditorReadsVaultAuditLog",
        Effect: "Allow",
        Action: ["logs:FilterLogEvents"],
        Resource: [read.logGroupArn, `${read.logGroupArn}:*`],
      },
    ]);
    expect(JSON.stringify(statements)).not.toContain("sts:AssumeRole");
    expect(planVaultAudits(inventory)[0]!.auditorReader?.readers.map((r) => r.environment)).toEqual(["staging"]);
  });

  it("another account: the auditor may assume the reader role and nothing of the group itself", () => {
    const inventory = loadInventoryFromDocument(document());
    const prod = planInventory(inventory).environments.find((e) => e.name === "prod")!;
    const statements = auditorRolePolicy({ secretArnPrefix: prod.aws!.secretArnPrefix, auditLog: prod.aws!.auditLog! }).Statement;
    expect(statements.filter((s) => /Vault/.test(s.Sid ?? ""))).toEqual([
      { Sid: "AuditorAssumesVaultAuditReader", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: [prod.aws!.auditLog!.readerRoleArn] },
    ]);
    expect(JSON.stringify(statements)).not.toContain("logs:");
  });
});
