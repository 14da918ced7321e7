/*
 * The AWS side of the plan. One environment's detail is composed here from its parts in ./aws/,
 * one concern each: rotation functions, Secrets Manager secrets, consumer roles, cloud roles,
 * detection with its dashboards and recipients. The account-level parts (the audit trail and the
 * OIDC providers) follow.
 */
import {
  DEFAULT_RETENTION_DAYS,
  NON_PRODUCTION_RETENTION_DAYS,
  REGULATION_RETENTION_DAYS,
  TIER_CLASSES,
  type Regulation,
} from "../inventory/class-defaults";
import type { Environment, Inventory } from "../inventory/model";
import { byText, sortBy } from "./compare";
import { auditorLogReadOf } from "./auditor-log-read";
import { awsNames, oidcProviderHost } from "./names";
import type { AwsEnvironmentDetail, AwsOidcProviderPlan, AwsTrailPlan } from "./aws-types";
import type { CredentialPlan, ServiceAccountPlan } from "./types";
import { planCloudRoles } from "./aws/cloud-roles";
import { planConsumerRoles } from "./aws/consumer-roles";
import { awsPlanContext } from "./aws/context";
import { planAudience, planDashboards, planDetection } from "./aws/detection";
import { sorted } from "./aws/lazy";
import { planRotationFunctions } from "./aws/rotation-functions";
import { planSecrets } from "./aws/secrets";
import { audiences } from "./aws/trusts";

export { CONSUMER_PRINCIPAL_TAG } from "./aws/consumer-roles";
export { DASHBOARD_CONNECTORS_PER_PART } from "./aws/detection";

/** Days after which incomplete multipart uploads to the audit buckets are aborted. */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/** Break-glass sessions: one hour, MFA at most one hour old. */
export const BREAK_GLASS_SESSION_SECONDS = 3600;

/** Declared in aws-types.ts (with the types it holds), so types.ts needs no import of this file. */
export type { AwsEnvironmentDetail } from "./aws-types";

export function awsPartition(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/** Everything the AWS constructs render for one environment (environment.aws must be set). */
export function planAwsEnvironmentDetail(
  inventory: Inventory,
  environment: Environment,
  credentials: readonly CredentialPlan[],
  serviceAccounts: readonly ServiceAccountPlan[],
): AwsEnvironmentDetail {
  const aws = environment.aws!;
  const partition = awsPartition(aws.region);
  const context = awsPlanContext(inventory, environment, partition, credentials, serviceAccounts);
  const { organization, env } = context;
  const auditLog = auditorLogReadOf(inventory, environment, partition);
  const { rotationFunctions, masterOf } = planRotationFunctions(context);
  const secrets = planSecrets(context, masterOf);
  const { consumerRoles, hasRole } = planConsumerRoles(context, serviceAccounts);
  const cloudRoles = planCloudRoles(context, hasRole);
  const audience = planAudience(context);
  return {
    partition,
    iamPath: awsNames.iamPath(organization, env),
    secretArnPrefix: `arn:${partition}:secretsmanager:${aws.region}:${aws.accountId}:secret:${organization}/${env}/`,
    secrets,
    rotationFunctions,
    consumerRoles: sortBy(consumerRoles, (role) => role.consumerId),
    cloudRoles,
    breakGlass: TIER_CLASSES[environment.tier].breakGlass
      ? {
          roleName: awsNames.breakGlassRole(organization, env),
          maxSessionSeconds: BREAK_GLASS_SESSION_SECONDS,
          mfaMaxAgeSeconds: BREAK_GLASS_SESSION_SECONDS,
        }
      : undefined,
    detection: planDetection(context, consumerRoles, audience.recipients),
    dashboards: planDashboards(context),
    ...(auditLog ? { auditLog } : {}),
    get owners() {
      return audience.reminderOwners();
    },
    rotationVpc: aws.rotation && {
      subnetIds: sorted(aws.rotation.subnetIds),
      securityGroupIds: sorted(aws.rotation.securityGroupIds),
    },
  };
}

/** The longest Object Lock retention any regulation of the account needs (production), else 90 days of GOVERNANCE. */
export function objectLockFor(production: boolean, regulations: readonly Regulation[]): AwsTrailPlan["objectLock"] {
  if (!production) return { mode: "GOVERNANCE", days: NON_PRODUCTION_RETENTION_DAYS };
  const days = Math.max(DEFAULT_RETENTION_DAYS, ...regulations.map((r) => REGULATION_RETENTION_DAYS[r] ?? DEFAULT_RETENTION_DAYS));
  return { mode: "COMPLIANCE", days };
}

export function planAwsTrail(
  organization: string,
  accountId: string,
  production: boolean,
  regulations: readonly Regulation[],
): AwsTrailPlan {
  const tier = TIER_CLASSES[production ? "production" : "non-production"];
  const objectLock = objectLockFor(production, regulations);
  return {
    trailName: awsNames.trail(organization),
    bucketName: awsNames.trailBucket(organization, accountId),
    keyAlias: awsNames.trailKeyAlias(organization),
    logGroupName: awsNames.trailLogGroup(organization),
    logsRoleName: awsNames.trailLogsRole(organization),
    topicName: awsNames.trailTopic(organization),
    objectLock,
    // A noncurrent version cannot be removed before its retention ends anyway; after it, it goes.
    lifecycle: { noncurrentVersionDays: objectLock.days, abortIncompleteUploadDays: ABORT_INCOMPLETE_UPLOAD_DAYS },
    accessLogs: {
      bucketName: awsNames.trailAccessLogBucket(organization, accountId),
      prefix: `${awsNames.trailBucket(organization, accountId)}/`,
      expirationDays: objectLock.days,
    },
    logRetentionDays: tier.logRetentionDays,
    kmsDeletionWindowDays: tier.kmsDeletionWindowDays,
    preventDestroy: tier.preventDestroy,
  };
}

/** OIDC providers the account needs: issuers of jwt consumers of AWS-stored credentials in its environments. */
export function planOidcProviders(inventory: Inventory, accountId: string, environments: readonly Environment[]): AwsOidcProviderPlan[] {
  const names = [...new Set(environments.map((env) => env.name))];
  const partition = awsPartition(environments[0]?.aws?.region ?? "");
  const byIssuer = new Map<string, Set<string>>();
  for (const connector of inventory.connectors) {
    if (connector.store !== "aws" || !names.some((name) => Object.hasOwn(connector.environments, name))) continue;
    if (connector.lifecycle.state === "retired") continue;
    for (const consumer of connector.consumers) {
      if (consumer.auth.method !== "jwt") continue;
      const host = oidcProviderHost(consumer.auth.issuer);
      const set = byIssuer.get(host) ?? new Set<string>();
      audiences(consumer.auth).forEach((a) => set.add(a));
      byIssuer.set(host, set);
    }
  }
  return [...byIssuer.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([host, auds]) => ({
      issuer: `https://${host}`,
      host,
      arn: awsNames.oidcProviderArn(partition, accountId, `https://${host}`),
      audiences: sorted(auds),
    }));
}
