import Ajv from "ajv";
import { auditDeviceSpecs } from "../../lib/constructs/vault/audit-devices";
import { planVaultAudits, type VaultAuditPlan } from "../../lib/plan/vault-audit-plan";
import { cloudWatchAgentConfig, renderAgentConfig, vaultAuditAgentRoleArn } from "../../lib/plan/vault-audit-agent-config";
import { loadInventoryFromDocument } from "../support/vault-audit-inventory";
import { fixtureDocument } from "../support/inventories";

/** A fixture with `vault.audit` on prod and staging (acme: the environments of one cluster). */
function withAudit(name = "acme.yaml", mutate?: (doc: Record<string, any>) => void): VaultAuditPlan[] {
  const doc = fixtureDocument(name);
  for (const env of doc.environments) {
    if (env.vault && ["prod", "staging"].includes(env.name)) env.vault.audit = { accountId: "333333333333", region: "eu-west-1" };
  }
  mutate?.(doc);
  return planVaultAudits(loadInventoryFromDocument(doc));
}

describe("planVaultAudits", () => {
  it("plans nothing for an inventory that declares no vault.audit", () => {
    expect(planVaultAudits(loadInventoryFromDocument(fixtureDocument("acme.yaml")))).toEqual([]);
  });

  it("plans one sink per cluster that declares it, named after the cluster stack, with every environment on the cluster", () => {
    const [plan, ...rest] = withAudit();
    expect(rest).toEqual([]);
    expect(plan!.stackName).toBe(`${plan!.clusterStack}-audit`);
    expect(plan!.clusterStack).toBe("vault-acme-example");
    expect(plan!.environments.map((e) => e.name)).toEqual(["prod", "staging"]);
    expect(plan!.accountId).toBe("333333333333");
    expect(plan!.names.logGroup).toBe(`/acme-data/etl-secrets/vault-audit/${plan!.names.clusterSlug}`);
    expect(plan!.names.bucket.length).toBeLessThanOrEqual(63);
    expect(plan!.environments.find((e) => e.name === "prod")!.metricNamespace).toBe("acme-data/etl-secrets/prod");
  });

  it("locks a production cluster's archive in COMPLIANCE for the longest retention its production connectors' regulations need", () => {
    const [plan] = withAudit("realworld.yaml");
    expect(plan!.production).toBe(true);
    expect(plan!.objectLock.mode).toBe("COMPLIANCE");
    // realworld's production Vault connectors carry sox (2,555 days, REGULATION_CONTROLS).
    expect(plan!.regulations).toContain("sox");
    expect(plan!.objectLock.days).toBe(2555);
    expect(plan!.preventDestroy).toBe(true);
  });

  it("locks a non-production-only cluster in GOVERNANCE for 90 days", () => {
    const doc = fixtureDocument("acme.yaml");
    const dev = doc.environments.find((e: any) => e.name === "dev");
    dev.vault.audit = { accountId: "333333333333", region: "eu-west-1" };
    const plans = planVaultAudits(loadInventoryFromDocument(doc));
    expect(plans).toHaveLength(1);
    expect(plans[0]!.objectLock).toEqual({ mode: "GOVERNANCE", days: 90 });
    expect(plans[0]!.preventDestroy).toBe(false);
  });

  it("names the same audit file as the cluster's file audit device", () => {
    const [plan] = withAudit();
    const file = auditDeviceSpecs(plan!.edition).find((d) => d.type === "file")!;
    expect(plan!.auditFilePath).toBe(file.options.file_path);
  });
});

/*
 * The Amazon CloudWatch agent's JSON Schema, transcribed for exactly the subset the library emits
 * (agent.region, logs.credentials.role_arn, logs.logs_collected.files.collect_list[] with file_path,
 * log_group_name, log_stream_name, timezone). Upstream: aws/amazon-cloudwatch-agent
 * translator/config/schema.json at commit c67752c3090619d61218d01082a609b835005e60
 * (https://github.com/aws/amazon-cloudwatch-agent/blob/c67752c3090619d61218d01082a609b835005e60/translator/config/schema.json):
 * agentDefinition.region (string 1..64), credentialsDefinition (role_arn only, 20..2048),
 * logsDefinition (additionalProperties false), logsFilesDefinition.collect_list items
 * (additionalProperties false, file_path required <= 4096, log group / stream names 1..512,
 * timezone Local|LOCAL|UTC). Other properties the upstream schema allows are left out on purpose:
 * the emitted file must not use them. The agent itself cannot be built here (the Go module proxy
 * does not serve it), so this is the check the issue asks for instead.
 */
const AGENT_SCHEMA_SUBSET = {
  type: "object",
  properties: {
    agent: {
      type: "object",
      properties: { region: { type: "string", minLength: 1, maxLength: 64 } },
      required: ["region"],
      additionalProperties: false,
    },
    logs: {
      type: "object",
      properties: {
        credentials: {
          type: "object",
          properties: { role_arn: { type: "string", minLength: 20, maxLength: 2048 } },
          additionalProperties: false,
        },
        logs_collected: {
          type: "object",
          properties: {
            files: {
              type: "object",
              properties: {
                collect_list: {
                  type: "array",
                  minItems: 1,
                  maxItems: 16384,
                  uniqueItems: true,
                  items: {
                    type: "object",
                    properties: {
                      file_path: { type: "string", maxLength: 4096 },
                      log_group_name: { type: "string", minLength: 1, maxLength: 512 },
                      log_stream_name: { type: "string", minLength: 1, maxLength: 512 },
                      timezone: { type: "string", enum: ["Local", "LOCAL", "UTC"] },
                    },
                    required: ["file_path"],
                    additionalProperties: false,
                  },
                },
              },
              required: ["collect_list"],
              additionalProperties: false,
            },
          },
          additionalProperties: false,
        },
      },
      required: ["logs_collected"],
      additionalProperties: false,
    },
  },
  required: ["agent", "logs"],
  additionalProperties: false,
} as const;

describe("the CloudWatch agent configuration of a cluster's audit log", () => {
  const validate = new Ajv({ allErrors: true, strict: true }).compile(AGENT_SCHEMA_SUBSET);

  it("is valid against the agent's schema (the emitted subset)", () => {
    for (const plan of [...withAudit(), ...withAudit("realworld.yaml")]) {
      const config = JSON.parse(renderAgentConfig(cloudWatchAgentConfig(plan)));
      expect(validate(config) ? [] : validate.errors).toEqual([]);
    }
  });

  it("the schema refuses what the emitted file must not carry (a retention, an unknown key, a bad timezone)", () => {
    const [plan] = withAudit();
    const config = cloudWatchAgentConfig(plan!);
    const item = config.logs.logs_collected.files.collect_list[0]!;
    for (const bad of [
      { ...item, retention_in_days: 365 },
      { ...item, extra: true },
      { ...item, timezone: "Europe/Paris" },
    ]) {
      expect(validate({ ...config, logs: { ...config.logs, logs_collected: { files: { collect_list: [bad] } } } })).toBe(false);
    }
  });

  it("ships the audit file to the sink's log group as the agent role, one stream per host", () => {
    const [plan] = withAudit();
    const config = cloudWatchAgentConfig(plan!);
    expect(config.agent.region).toBe("eu-west-1");
    expect(config.logs.credentials.role_arn).toBe(vaultAuditAgentRoleArn(plan!));
    expect(config.logs.credentials.role_arn).toBe(`arn:aws:iam::333333333333:role/acme-data/vault-audit/${plan!.names.agentRole}`);
    expect(config.logs.logs_collected.files.collect_list).toEqual([
      { file_path: plan!.auditFilePath, log_group_name: plan!.names.logGroup, log_stream_name: "{hostname}", timezone: "UTC" },
    ]);
  });

  it("renders deterministically: sorted keys, trailing newline", () => {
    const [plan] = withAudit();
    const text = renderAgentConfig(cloudWatchAgentConfig(plan!));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.indexOf('"agent"')).toBeLessThan(text.indexOf('"logs"'));
    expect(text.indexOf('"file_path"')).toBeLessThan(text.indexOf('"log_group_name"'));
  });
});
