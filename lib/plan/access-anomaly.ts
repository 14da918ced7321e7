/*
 * Access anomaly alarms of an environment (issue 14 part 5): on a count of secret reads (Secrets
 * Manager `GetSecretValue` from the trail, or Vault value reads from the shipped audit log), an
 * anomaly-band alarm and, where the environment declares `hours`, an out-of-hours alarm. Pure: no
 * cdktf; the out-of-hours expression is lib/policy/aws/out-of-hours.ts.
 */
import type { Hours } from "../inventory/schema/hours";
import type { Inventory } from "../inventory/model";
import { accessAnomalyNames } from "./names";

/** The metric of the trail's `<org>-<env>-secret-reads` filter. */
export const SECRET_READS_METRIC_NAME = "SecretReads";
/** The metric of the Vault audit signal `vault-secret-reads` (lib/policy/vault-audit/signals.ts; a test keeps them equal). */
export const VAULT_SECRET_READS_METRIC_NAME = "VaultSecretReads";

export interface AccessAnomalyPlan {
  /** The count's metric (namespace of the environment). */
  readonly metricNamespace: string;
  readonly metricName: string;
  /** The count's name: `<org>-<env>-secret-reads` or `<org>-<env>-vault-secret-reads`. */
  readonly countName: string;
  readonly anomalyAlarm: string;
  /** Only where the environment declares working hours. */
  readonly outOfHours?: { readonly alarmName: string; readonly hours: Hours };
}

export function planAccessAnomaly(
  countName: string,
  metricNamespace: string,
  metricName: string,
  hours: Hours | undefined,
): AccessAnomalyPlan {
  return {
    metricNamespace,
    metricName,
    countName,
    anomalyAlarm: accessAnomalyNames.anomalyAlarm(countName),
    ...(hours ? { outOfHours: { alarmName: accessAnomalyNames.outOfHoursAlarm(countName), hours } } : {}),
  };
}

/** The security channel's address (`notifications.security.email`), subscribed to alarm topics by email. */
export function securityEmailOf(inventory: Inventory): string | undefined {
  return inventory.notifications?.security?.email;
}

/** The security on-call reference (`notifications.security.oncall`): runbook and output text only, never a subscription. */
export function securityOncallOf(inventory: Inventory): string | undefined {
  return inventory.notifications?.security?.oncall;
}
