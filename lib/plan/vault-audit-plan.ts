/*
 * Where a Vault cluster's audit log goes (`environments[].vault.audit`): one sink per cluster, in the
 * audit account and region, as its own stack `<cluster stack>-audit`. Pure: no cdktf.
 *
 * Retention: a production cluster (any environment on it production) locks the archive in COMPLIANCE
 * mode for the longest audit retention any regulation of its production connectors needs (else 365
 * days), like the account trail; a cluster with no production environment uses GOVERNANCE, 90 days.
 */
import { REGULATIONS, TIER_CLASSES, type Regulation } from "../inventory/class-defaults";
import type { Inventory } from "../inventory/model";
import { ABORT_INCOMPLETE_UPLOAD_DAYS, awsPartition, objectLockFor } from "./aws-plan";
import { auditorLogReaders } from "./auditor-log-read";
import { byText, sortBy } from "./compare";
import { MANAGED_BY, planBackend } from "./environment-plan";
import { awsNames, stackNames, vaultAuditNames, vaultAuditEnvironmentSignalName, vaultClusterKey, type VaultAuditNames } from "./names";
import { sortedTags } from "./tags";
import { planAccessAnomaly, VAULT_SECRET_READS_METRIC_NAME, type AccessAnomalyPlan } from "./access-anomaly";

/** The audit signal whose count the Vault access anomaly alarms watch (lib/policy/vault-audit/signals.ts). */
export const VAULT_SECRET_READS_SIGNAL = "vault-secret-reads";
import type { BackendPlan } from "./types";

export interface VaultAuditEnvironmentPlan {
  readonly name: string;
  readonly production: boolean;
  /** Metric namespace of the environment (the same as its AWS detection metrics). */
  readonly metricNamespace: string;
  /** `<org>-<env>-`: the environment's filters and alarms are this and the signal id. */
  readonly signalPrefix: string;
  /** Access anomaly alarms on the environment's `VaultSecretReads` (out of hours where the environment declares `hours`). */
  readonly anomaly: AccessAnomalyPlan;
}

export interface VaultAuditPlan {
  readonly organization: string;
  /** The cluster's normalized key (lib/inventory/vault-address.ts). */
  readonly clusterKey: string;
  readonly clusterStack: string;
  readonly stackName: string;
  readonly address: string;
  readonly edition: "community" | "enterprise" | "openbao";
  readonly accountId: string;
  readonly region: string;
  readonly production: boolean;
  readonly preventDestroy: boolean;
  readonly objectLock: { readonly mode: "COMPLIANCE" | "GOVERNANCE"; readonly days: number };
  /** Regulations of the production connectors on the cluster that set the retention, sorted. */
  readonly regulations: readonly Regulation[];
  /** Noncurrent versions go after their retention; incomplete uploads are aborted (like the trail). */
  readonly lifecycle: { readonly noncurrentVersionDays: number; readonly abortIncompleteUploadDays: number };
  /** The archive bucket's server access logs: kept as long as the archive's lock. */
  readonly accessLogs: { readonly prefix: string; readonly expirationDays: number };
  /** CloudWatch keeps the searchable copy this long; the archive holds the long retention. */
  readonly logRetentionDays: number;
  readonly kmsDeletionWindowDays: number;
  readonly names: VaultAuditNames;
  /** Who may assume the agent role: the Vault servers' role (`vault.awsIdentity.roleArn`), else the audit account. */
  readonly agentTrust:
    { readonly kind: "roles"; readonly roleArns: readonly string[] } | { readonly kind: "account"; readonly accountId: string };
  /** The file audit device's log on each server (lib/constructs/vault/audit-devices.ts). */
  readonly auditFilePath: string;
  /** Every environment on the cluster (their requests share the log), sorted by name. */
  readonly environments: readonly VaultAuditEnvironmentPlan[];
  /**
   * The reader role of the auditors of the cluster's environments in other accounts
   * (`etl-secrets audit`): FilterLogEvents on the group only; absent when none is in another account.
   */
  readonly auditorReader?: {
    readonly roleName: string;
    readonly readers: readonly { readonly environment: string; readonly accountId: string; readonly roleArn: string }[];
  };
  /** Subscribed to the alarm topic (`notifications.security.email`), when declared. */
  readonly securityEmail?: string;
  readonly backend: BackendPlan;
  readonly defaultTags: Readonly<Record<string, string>>;
}

/** The file audit device's path for an edition (the one `auditDeviceSpecs` declares). */
export function auditFilePathFor(edition: VaultAuditPlan["edition"]): string {
  return `/var/log/${edition === "openbao" ? "openbao" : "vault"}/audit.log`;
}

/** One plan per Vault cluster whose environments declare `vault.audit`, sorted by stack name. */
export function planVaultAudits(inventory: Inventory): VaultAuditPlan[] {
  const byCluster = new Map<string, Inventory["environments"][number][]>();
  for (const env of inventory.environments) {
    if (!env.vault || !env.stores.includes("vault")) continue;
    const key = vaultClusterKey(env.vault.address);
    byCluster.set(key, [...(byCluster.get(key) ?? []), env]);
  }
  const plans: VaultAuditPlan[] = [];
  for (const [clusterKey, unsorted] of byCluster) {
    const envs = sortBy(unsorted, (env) => env.name);
    // Validation (vault-audit-conflict) makes the environments that declare it agree.
    const audit = envs.find((env) => env.vault!.audit)?.vault!.audit;
    if (!audit) continue;
    const first = envs[0]!;
    const production = envs.some((env) => env.tier === "production");
    const productionNames = envs.filter((env) => env.tier === "production").map((env) => env.name);
    const regulations = new Set<Regulation>();
    for (const connector of inventory.connectors) {
      if (connector.store === "vault" && productionNames.some((name) => Object.hasOwn(connector.environments, name)))
        connector.regulations.forEach((r) => regulations.add(r));
    }
    const sortedRegulations = REGULATIONS.filter((r) => regulations.has(r));
    const stackName = stackNames.vaultAudit(first.vault!.address);
    const vaultRoles = [...new Set(envs.flatMap((env) => (env.vault!.awsIdentity?.roleArn ? [env.vault!.awsIdentity.roleArn] : [])))].sort(
      byText,
    );
    const tier = TIER_CLASSES[production ? "production" : "non-production"];
    const objectLock = objectLockFor(production, sortedRegulations);
    const names = vaultAuditNames(inventory.organization, audit.accountId, clusterKey);
    const readers = auditorLogReaders(inventory, clusterKey, audit.accountId, awsPartition(audit.region));
    plans.push({
      organization: inventory.organization,
      clusterKey,
      clusterStack: stackNames.vaultCluster(first.vault!.address),
      stackName,
      address: first.vault!.address.replace(/\/$/, ""),
      edition: first.vault!.edition,
      accountId: audit.accountId,
      region: audit.region,
      production,
      preventDestroy: production,
      objectLock,
      lifecycle: { noncurrentVersionDays: objectLock.days, abortIncompleteUploadDays: ABORT_INCOMPLETE_UPLOAD_DAYS },
      accessLogs: { prefix: `${names.bucket}/`, expirationDays: objectLock.days },
      regulations: sortedRegulations,
      logRetentionDays: tier.logRetentionDays,
      kmsDeletionWindowDays: tier.kmsDeletionWindowDays,
      names,
      agentTrust: vaultRoles.length > 0 ? { kind: "roles", roleArns: vaultRoles } : { kind: "account", accountId: audit.accountId },
      auditFilePath: auditFilePathFor(first.vault!.edition),
      environments: envs.map((env) => ({
        name: env.name,
        production: env.tier === "production",
        metricNamespace: awsNames.metricNamespace(inventory.organization, env.name),
        signalPrefix: vaultAuditEnvironmentSignalName(inventory.organization, env.name, ""),
        anomaly: planAccessAnomaly(
          vaultAuditEnvironmentSignalName(inventory.organization, env.name, VAULT_SECRET_READS_SIGNAL),
          awsNames.metricNamespace(inventory.organization, env.name),
          VAULT_SECRET_READS_METRIC_NAME,
          env.hours,
        ),
      })),
      ...(readers.length > 0 ? { auditorReader: { roleName: names.readerRole, readers } } : {}),
      ...(inventory.notifications?.security?.email ? { securityEmail: inventory.notifications.security.email } : {}),
      backend: planBackend(first, inventory.organization, stackName),
      defaultTags: sortedTags({ "managed-by": MANAGED_BY, organization: inventory.organization, "vault-cluster": clusterKey }),
    });
  }
  return sortBy(plans, (plan) => plan.stackName);
}

/** The agent file's name beside the cluster stack (like `openbao-audit.hcl`). */
export const CLOUDWATCH_AGENT_ARTIFACT = "amazon-cloudwatch-agent.json";
