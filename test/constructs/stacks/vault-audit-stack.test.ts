import { CLOUDWATCH_AGENT_ARTIFACT } from "../../../lib/plan/vault-audit-plan";
import { fixtureDocument } from "../../support/inventories";
import { synthFiles, stackJson } from "../../support/synth";
import { loadInventoryFromDocument } from "../../support/vault-audit-inventory";
import { filterPatternMatches } from "../../support/cloudwatch-filter-pattern";
import { openBaoAuditCorpus } from "../../support/openbao-audit-corpus";
import { join } from "node:path";
import { runChecks } from "../../../lib/checks/run-checks";
import { ALL_RULES } from "../../../lib/checks/stack-checks";
import { toSynthStack } from "../../../lib/checks/synth-stack";
import { classifyResourceType } from "../../../lib/analysis/access-model/resource-types";

/** acme.yaml, with `vault.audit` on the prod cluster (prod + staging) when asked, and legacy-ftp quarantined as shipped. */
function acme(audit: boolean, mutate?: (doc: Record<string, any>) => void) {
  const doc = fixtureDocument("acme.yaml");
  if (audit)
    for (const env of doc.environments)
      if (["prod", "staging"].includes(env.name)) env.vault.audit = { accountId: "333333333333", region: "eu-west-1" };
  mutate?.(doc);
  return loadInventoryFromDocument(doc);
}

const withAudit = synthFiles(acme(true));
const AUDIT_STACK = "vault-acme-example-audit";
const json = stackJson(withAudit, AUDIT_STACK);
const resources = (type: string): Record<string, any> => json.resource?.[type] ?? {};
const bodies = (type: string): any[] => Object.values(resources(type));

describe("the Vault audit stack", () => {
  it("adds only the audit stack and the agent file, and the cluster's auditors' read of its log: every other synthesized file is byte-identical", () => {
    const without = synthFiles(acme(false));
    const added = [...withAudit.keys()].filter((k) => !without.has(k));
    expect(added.filter((k) => !k.startsWith(join("stacks", AUDIT_STACK)))).toEqual([
      join("stacks", "vault-acme-example", CLOUDWATCH_AGENT_ARTIFACT),
    ]);
    const listed = (files: Map<string, string>) => Buffer.from(files.get("etl-secrets-output.json")!, "base64").toString("utf8");
    expect(listed(withAudit).length).toBeGreaterThan(listed(without).length);
    // The environments on the cluster (prod, staging): their auditor may read the shipped audit log
    // (a statement in its policy, declared in the stack's intent metadata); nothing else changes.
    const auditorPolicy = (stack: Record<string, any>) =>
      Object.entries(stack.resource.aws_iam_role_policy).find(([, body]: [string, any]) => String(body.name).endsWith(".auditor"))!;
    const onCluster = new Set([join("stacks", "prod", "cdk.tf.json"), join("stacks", "staging", "cdk.tf.json")]);
    for (const [file, text] of without) {
      // The two manifests list the stacks and files written: they gain the new ones (checked below).
      if (file === "manifest.json" || file === "etl-secrets-output.json") continue;
      if (!onCluster.has(file)) {
        expect({ file, same: withAudit.get(file) === text }).toEqual({ file, same: true });
        continue;
      }
      const decoded = (base64: string) => JSON.parse(Buffer.from(base64, "base64").toString("utf8"));
      const [before, after] = [decoded(text), decoded(withAudit.get(file)!)];
      const [address, policyBefore] = auditorPolicy(before);
      const statements = (body: any) => JSON.parse(body.policy).Statement.map((st: { Sid: string }) => st.Sid);
      const gained = statements(after.resource.aws_iam_role_policy[address]).filter(
        (sid: string) => !statements(policyBefore).includes(sid),
      );
      expect(gained).toEqual([expect.stringMatching(/^Auditor(ReadsVaultAuditLog|AssumesVaultAuditReader)$/)]);
      for (const json of [before, after]) {
        delete json.resource.aws_iam_role_policy[address];
        delete json["//"];
      }
      expect({ file, rest: after }).toEqual({ file, rest: before });
    }
  });

  it("is pinned to the audit account and region", () => {
    const provider = json.provider.aws[0];
    expect(provider.allowed_account_ids).toEqual(["333333333333"]);
    expect(provider.region).toBe("eu-west-1");
  });

  it("encrypts the log group with its own rotating key and keeps it 365 days", () => {
    const [group] = bodies("aws_cloudwatch_log_group");
    expect(group.name).toBe("/acme-data/etl-secrets/vault-audit/vault-acme-example");
    expect(group.retention_in_days).toBe(365);
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(bodies("aws_kms_key")[0].enable_key_rotation).toBe(true);
  });

  it("archives to a versioned Object Lock bucket in COMPLIANCE mode in production, which nobody may empty", () => {
    const bucket = bodies("aws_s3_bucket").find((b) => b.bucket === "acme-data-333333333333-vault-audit-vault-acme-example")!;
    expect(bucket.object_lock_enabled).toBe(true);
    expect(bucket.lifecycle.prevent_destroy).toBe(true);
    expect(bodies("aws_s3_bucket_object_lock_configuration")[0].rule.default_retention).toEqual({ mode: "COMPLIANCE", days: 365 });
    expect(bodies("aws_s3_bucket_versioning")[0].versioning_configuration.status).toBe("Enabled");
    const policy = bodies("aws_s3_bucket_policy")
      .map((p) => JSON.parse(p.policy))
      .find((p) => p.Statement.some((s: any) => s.Sid === "DenyVersionDeleteAndRetentionChange"));
    const deny = policy.Statement.find((s: any) => s.Sid === "DenyVersionDeleteAndRetentionChange");
    expect(deny.Action).toEqual(expect.arrayContaining(["s3:DeleteObjectVersion", "s3:PutObjectRetention"]));
    expect(policy.Statement.find((s: any) => s.Sid === "DenyInsecureTransport").Condition).toEqual({
      Bool: { "aws:SecureTransport": "false" },
    });
  });

  it("logs access to the archive into its own bucket and expires noncurrent versions only after the retention", () => {
    const [logging] = bodies("aws_s3_bucket_logging");
    expect(logging.target_prefix).toBe("acme-data-333333333333-vault-audit-vault-acme-example/");
    expect(logging.target_bucket).toMatch(/^\$\{aws_s3_bucket\.vault-audit_access-log-bucket_/);
    const lifecycle = bodies("aws_s3_bucket_lifecycle_configuration").find((l) => l.rule[0].id === "noncurrent-after-retention");
    expect(lifecycle.rule[0].noncurrent_version_expiration[0].noncurrent_days).toBe(365);
    expect(lifecycle.rule[0].expiration).toBeUndefined();
  });

  it("locks a non-production-only cluster in GOVERNANCE for 90 days, destroyable", () => {
    const files = synthFiles(
      acme(false, (doc) => {
        for (const env of doc.environments)
          if (["dev", "test"].includes(env.name)) env.vault.audit = { accountId: "333333333333", region: "eu-west-1" };
      }),
    );
    const dev = stackJson(files, "vault-dev-acme-example-audit");
    const lock: any = Object.values(dev.resource.aws_s3_bucket_object_lock_configuration)[0];
    expect(lock.rule.default_retention).toEqual({ mode: "GOVERNANCE", days: 90 });
    for (const bucket of Object.values(dev.resource.aws_s3_bucket) as any[]) expect(bucket.lifecycle?.prevent_destroy ?? false).toBe(false);
  });

  it("subscribes the log group to Firehose with an empty pattern, archiving under the cluster's prefix", () => {
    const [subscription] = bodies("aws_cloudwatch_log_subscription_filter");
    expect(subscription.name).toBe("acme-data-vault-audit-archive");
    expect(subscription.filter_pattern).toBe("");
    const [stream] = bodies("aws_kinesis_firehose_delivery_stream");
    expect(stream.destination).toBe("extended_s3");
    expect(stream.extended_s3_configuration.prefix).toBe("vault-audit/vault-acme-example/");
    expect(stream.server_side_encryption.enabled).toBe(true);
  });

  it("has a metric filter per signal and environment, alarms on all but secret reads, and a silence alarm", () => {
    const filters = bodies("aws_cloudwatch_log_metric_filter")
      .map((f) => f.name)
      .sort();
    expect(filters).toEqual(
      [
        "acme-data-vault-vault-acme-example-root-token",
        ...["prod", "staging"].flatMap((env) =>
          ["vault-login-unknown-role", "vault-permission-denied", "vault-quarantined-access", "vault-secret-reads"].map(
            (s) => `acme-data-${env}-${s}`,
          ),
        ),
      ].sort(),
    );
    const alarms = bodies("aws_cloudwatch_metric_alarm");
    expect(alarms.map((a) => a.alarm_name)).not.toContain("acme-data-prod-vault-secret-reads");
    const silent = alarms.find((a) => a.alarm_name === "acme-data-vault-vault-acme-example-audit-silent");
    expect(silent).toMatchObject({
      namespace: "AWS/Logs",
      metric_name: "IncomingLogEvents",
      treat_missing_data: "breaching",
      comparison_operator: "LessThanThreshold",
    });
    for (const f of bodies("aws_cloudwatch_log_metric_filter")) expect(f.pattern.length).toBeLessThanOrEqual(1024);
  });

  it("synthesizes patterns that fire on the real OpenBao lines of their scenario (quarantined path of the inventory, not the corpus')", () => {
    // acme's legacy-ftp is quarantined in prod: its KV data path is the one in the corpus.
    const quarantine = bodies("aws_cloudwatch_log_metric_filter").find((f) => f.name === "acme-data-prod-vault-quarantined-access");
    const corpus = openBaoAuditCorpus();
    const hits = corpus
      .filter((l) => filterPatternMatches(quarantine.pattern, l.text))
      .map((l) => `${l.environment}:${l.scenario}:${l.entry.type}`);
    expect([...new Set(hits)].sort()).toEqual([
      "prod:quarantined-denied:request",
      "prod:quarantined-read:request",
      "prod:quarantined-write:request",
    ]);
  });

  it("passes every secure-default check and Checkov-mirroring rule (no finding at all, warnings included)", () => {
    const outcome = runChecks([toSynthStack(AUDIT_STACK, json)], ALL_RULES);
    expect(outcome.findings.map((f) => `${f.ruleId} ${f.address ?? ""}: ${f.message}`)).toEqual([]);
  });

  it("holds only resource types simulate can judge (no unknown type stops its verdict)", () => {
    const types = Object.keys(json.resource);
    expect(types.filter((t) => !["modelled", "inert"].includes(classifyResourceType(t)))).toEqual([]);
  });

  it("outputs the log group, bucket, agent role and alarm topic", () => {
    expect(Object.keys(json.output).sort()).toEqual([
      "vault_audit_agent_role_arn",
      "vault_audit_alarm_topic_arn",
      "vault_audit_bucket",
      "vault_audit_log_group",
    ]);
  });

  it("writes the agent configuration beside the cluster stack", () => {
    const text = Buffer.from(withAudit.get(join("stacks", "vault-acme-example", CLOUDWATCH_AGENT_ARTIFACT))!, "base64").toString("utf8");
    const config = JSON.parse(text);
    expect(config.logs.logs_collected.files.collect_list[0].log_group_name).toBe("/acme-data/etl-secrets/vault-audit/vault-acme-example");
    expect(config.logs.credentials.role_arn).toBe(
      "arn:aws:iam::333333333333:role/acme-data/vault-audit/acme-data-vault-audit-vault-acme-example-agent",
    );
  });
});
