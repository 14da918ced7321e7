/*
 * Identity-catalogue entries of the Vault audit sinks (lib/plan/vault-audit-plan.ts): the stack,
 * and in the audit account the log group, key alias, bucket, delivery stream, roles, topic, metric
 * filters and alarms. Signal ids are listed here because the plan may not import the policy layer;
 * test/plan/identity/vault-audit.test.ts fails when they drift from lib/policy/vault-audit/signals.ts.
 */
import type { Inventory } from "../../inventory/model";
import type { IdentityEntry, IdentityOrigin } from "./types";
import { planVaultAudits } from "../vault-audit-plan";

/** Per-environment signals (the quarantine filter may add parts -2, -3: see the policy layer). */
export const VAULT_AUDIT_ENVIRONMENT_SIGNAL_IDS = [
  "vault-permission-denied",
  "vault-quarantined-access",
  "vault-login-unknown-role",
  "vault-secret-reads",
] as const;
/** Cluster-wide signals, and the alarm on the log going silent. */
export const VAULT_AUDIT_CLUSTER_SIGNAL_IDS = ["root-token"] as const;
export const VAULT_AUDIT_SILENT_ALARM = "audit-silent";

export function entriesForVaultAudit(inventory: Inventory): IdentityEntry[] {
  const out: IdentityEntry[] = [];
  for (const plan of planVaultAudits(inventory)) {
    const first = plan.environments[0]!.name;
    const origins: IdentityOrigin[] = [
      { kind: "environment", environment: first, field: ["vault", "audit"] },
      { kind: "cluster", cluster: plan.clusterKey },
    ];
    const where = `in AWS account ${plan.accountId} (Vault audit of ${plan.address})`;
    const regional = (service: string) => `aws ${plan.accountId} ${plan.region} ${service}`;
    const iam = `aws ${plan.accountId} iam-role`;
    const n = plan.names;
    const add = (what: string, scope: string, name: string, max?: number, key = name) =>
      out.push({ what, scope, where, key, name, origins, ...(max ? { max: { length: max, unit: "characters" as const } } : {}) });
    add("Vault audit stack name", "stacks", plan.stackName);
    add("CloudWatch log group", regional("log-group"), n.logGroup, 512);
    add("KMS alias", regional("kms-alias"), n.keyAlias, 256);
    add("S3 bucket", "aws s3", n.bucket, 63);
    add("S3 bucket", "aws s3", n.accessLogBucket, 63);
    add("Kinesis Firehose delivery stream", regional("firehose"), n.firehose, 64);
    for (const role of [n.deliveryRole, n.subscriptionRole, n.agentRole, ...(plan.auditorReader ? [plan.auditorReader.roleName] : [])]) {
      add("IAM role", iam, role, 64, role.toLowerCase());
      add("IAM role policy", `${iam}:${role.toLowerCase()} policy`, role, 128, role.toLowerCase());
    }
    add("CloudWatch Logs subscription filter", `${regional("log-group")}:${n.logGroup} subscription-filter`, n.subscriptionFilter, 512);
    add("SNS topic", regional("sns"), n.alarmTopic, 256);
    const filters = `${regional("metric-filter")}:${n.logGroup}`;
    for (const signal of VAULT_AUDIT_CLUSTER_SIGNAL_IDS) {
      add("CloudWatch metric filter", filters, `${n.clusterSignalPrefix}${signal}`, 512);
      add("CloudWatch alarm", regional("alarm"), `${n.clusterSignalPrefix}${signal}`, 255);
    }
    add("CloudWatch alarm", regional("alarm"), `${n.clusterSignalPrefix}${VAULT_AUDIT_SILENT_ALARM}`, 255);
    for (const env of plan.environments) {
      for (const signal of VAULT_AUDIT_ENVIRONMENT_SIGNAL_IDS) {
        add("CloudWatch metric filter", filters, `${env.signalPrefix}${signal}`, 512);
        if (signal !== "vault-secret-reads") add("CloudWatch alarm", regional("alarm"), `${env.signalPrefix}${signal}`, 255);
      }
    }
  }
  return out;
}
