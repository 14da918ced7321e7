/*
 * Detection and its audience: the alarm topics, metric namespace and access-anomaly detection of
 * the environment, whom alarms and rotation reminders go to, and the dashboards (a part per
 * DASHBOARD_CONNECTORS_PER_PART connectors).
 */
import { awsNames, accessAnomalyNames } from "../names";
import { planAccessAnomaly, SECRET_READS_METRIC_NAME, securityEmailOf } from "../access-anomaly";
import type { AwsAlarmRecipient, AwsConsumerRolePlan, AwsDashboardPlan, AwsDetectionPlan } from "../aws-types";
import type { CredentialPlan } from "../types";
import type { AwsPlanContext } from "./context";
import { once, sorted } from "./lazy";

/**
 * Connectors per dashboard. Each connector row is one Logs Insights widget (one query when the
 * dashboard loads); 20 keeps a dashboard's queries under the account's concurrent-query quota (30)
 * and its body far below the 1 MB limit.
 */
export const DASHBOARD_CONNECTORS_PER_PART = 20;

/** Owners of the given credentials, by owner id, with their email: alarm and reminder recipients. */
function recipientsOf(ownersById: () => ReadonlyMap<string, { email: string }>, of: readonly CredentialPlan[]): AwsAlarmRecipient[] {
  const owners = ownersById();
  return sorted(of.map((c) => c.register.owner))
    .filter((id) => owners.has(id))
    .map((id) => ({ ownerId: id, email: owners.get(id)!.email }));
}

export interface AwsAudience {
  /** Owners of the AWS credentials: whom the detection alarms go to. */
  readonly recipients: () => AwsAlarmRecipient[];
  /** Every credential's owner, both stores: whom rotation reminders go to. */
  readonly reminderOwners: () => AwsAlarmRecipient[];
}

export function planAudience(context: AwsPlanContext): AwsAudience {
  const ownersById = once(() => new Map(context.inventory.owners.map((owner) => [owner.id, owner])));
  return {
    recipients: once(() => recipientsOf(ownersById, context.awsCredentials)),
    reminderOwners: once(() => recipientsOf(ownersById, context.credentials)),
  };
}

export function planDetection(
  context: AwsPlanContext,
  consumerRoles: readonly AwsConsumerRolePlan[],
  recipients: () => AwsAlarmRecipient[],
): AwsDetectionPlan {
  const { inventory, organization, env } = context;
  const existingReaderArns = once(() =>
    sorted(consumerRoles.filter((r) => r.kind === "existing" && r.reads.length > 0).map((r) => r.roleArn!)),
  );
  return {
    alarmTopic: awsNames.alarmTopic(organization, env),
    rotatedTopic: awsNames.rotatedTopic(organization, env),
    metricNamespace: awsNames.metricNamespace(organization, env),
    trailLogGroup: awsNames.trailLogGroup(organization),
    get recipients() {
      return recipients();
    },
    get existingReaderArns() {
      return existingReaderArns();
    },
    namePrefix: awsNames.detection(organization, env, ""),
    anomaly: planAccessAnomaly(
      accessAnomalyNames.secretReadsFilter(organization, env),
      awsNames.metricNamespace(organization, env),
      SECRET_READS_METRIC_NAME,
      context.environment.hours,
    ),
    ...(securityEmailOf(inventory) ? { securityEmail: securityEmailOf(inventory) } : {}),
  };
}

export function planDashboards(context: AwsPlanContext): AwsDashboardPlan[] {
  const connectorIds = sorted(context.stored.map((c) => c.connectorId));
  const dashboards: AwsDashboardPlan[] = [];
  for (let part = 0; part * DASHBOARD_CONNECTORS_PER_PART < connectorIds.length; part++) {
    dashboards.push({
      part,
      name: awsNames.dashboard(context.organization, context.env, part),
      connectorIds: connectorIds.slice(part * DASHBOARD_CONNECTORS_PER_PART, (part + 1) * DASHBOARD_CONNECTORS_PER_PART),
    });
  }
  return dashboards;
}
