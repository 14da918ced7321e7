/*
 * Identity-catalogue entries of the access anomaly alarms (issue 14 part 5): per environment with
 * Secrets Manager secrets, the trail metric filter `<org>-<env>-secret-reads` and its alarms; per
 * environment on a Vault cluster whose audit is shipped, the alarms on `<org>-<env>-vault-secret-reads`
 * (whose filter lib/plan/identity/vault-audit.ts registers). Kept here so identity-catalogue.ts gains one line.
 */
import type { Inventory } from "../../inventory/model";
import type { AccessAnomalyPlan } from "../access-anomaly";
import type { IdentityEntry, IdentityOrigin } from "./types";
import type { InventoryPlan } from "../types";
import { planVaultAudits } from "../vault-audit-plan";

const ALARM_NAME_MAX = 255;
const METRIC_FILTER_NAME_MAX = 512;

function alarmNames(anomaly: AccessAnomalyPlan): string[] {
  return [anomaly.anomalyAlarm, ...(anomaly.outOfHours ? [anomaly.outOfHours.alarmName] : [])];
}

export function entriesForAccessAnomaly(inventory: Inventory, plan: InventoryPlan): IdentityEntry[] {
  const out: IdentityEntry[] = [];
  for (const env of plan.environments) {
    const aws = env.aws;
    if (!aws || aws.secrets.length === 0) continue;
    const origins: IdentityOrigin[] = [{ kind: "organization" }, { kind: "environment", environment: env.name, field: ["name"] }];
    const where = `in AWS account ${aws.accountId}, ${aws.region}`;
    const regional = (service: string) => `aws ${aws.accountId} ${aws.region} ${service}`;
    const anomaly = aws.detection.anomaly;
    out.push({
      what: "CloudWatch metric filter",
      scope: `${regional("metric-filter")}:${aws.detection.trailLogGroup}`,
      where: `on log group ${aws.detection.trailLogGroup}`,
      key: anomaly.countName,
      name: anomaly.countName,
      origins,
      max: { length: METRIC_FILTER_NAME_MAX, unit: "characters" },
    });
    for (const name of alarmNames(anomaly))
      out.push({
        what: "CloudWatch alarm",
        scope: regional("alarm"),
        where,
        key: name,
        name,
        origins,
        max: { length: ALARM_NAME_MAX, unit: "characters" },
      });
  }
  for (const audit of planVaultAudits(inventory)) {
    const where = `in AWS account ${audit.accountId} (Vault audit of ${audit.address})`;
    for (const env of audit.environments) {
      const origins: IdentityOrigin[] = [
        { kind: "environment", environment: env.name, field: ["name"] },
        { kind: "cluster", cluster: audit.clusterKey },
      ];
      for (const name of alarmNames(env.anomaly)) {
        out.push({
          what: "CloudWatch alarm",
          scope: `aws ${audit.accountId} ${audit.region} alarm`,
          where,
          key: name,
          name,
          origins,
          max: { length: ALARM_NAME_MAX, unit: "characters" },
        });
      }
    }
  }
  return out;
}
