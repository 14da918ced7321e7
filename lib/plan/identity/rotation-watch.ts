/*
 * Identity-catalogue entries of issue 14 part 2 (rotation events from Vault, alarms on every
 * rotation path): kept here so lib/plan/identity-catalogue.ts gains one line only.
 */
import { awsNames } from "../names";
import { rotationNotifierNames } from "../notifier-names";
import type { EnvironmentPlan } from "../types";
import { planVaultStaticWatch, type VaultStaticWatchPlan } from "../vault-static-watch";

/** A name in the environment's AWS account and region, as the catalogue registers it. */
export interface RegionalIdentity {
  readonly what: string;
  /** The catalogue's service scope (`alarm`, `lambda`, ...). */
  readonly service: string;
  readonly name: string;
  /** AWS's length limit of the name (characters). */
  readonly limit: number;
}

const ALARM_NAME_MAX = 255;
const EVENT_RULE_NAME_MAX = 64;

/** The errors and dead-letter alarms of one function. */
export function functionAlarmIdentities(functionName: string): RegionalIdentity[] {
  return (["errors", "dlq"] as const).map((kind) => ({
    what: "CloudWatch alarm",
    service: "alarm",
    name: awsNames.functionAlarm(functionName, kind),
    limit: ALARM_NAME_MAX,
  }));
}

/** Every regional AWS name part 2 adds to an environment with an AWS account. */
export function rotationWatchAwsIdentities(env: EnvironmentPlan): RegionalIdentity[] {
  const aws = env.aws;
  if (!aws) return [];
  const watch = planVaultStaticWatch(env);
  const functions = [
    ...aws.rotationFunctions.map((fn) => fn.functionName),
    rotationNotifierNames(env.organization, env.name).functionName,
    ...(watch ? [watch.functionName] : []),
  ];
  return [
    ...functions.flatMap(functionAlarmIdentities),
    ...(watch?.parts ?? []).map((part) => ({
      what: "EventBridge rule",
      service: "event-rule",
      name: part.ruleName,
      limit: EVENT_RULE_NAME_MAX,
    })),
  ];
}

/** The watcher's function, role, log group and queue (registered like every function), when the environment has one. */
export function rotationWatchFunction(env: EnvironmentPlan): VaultStaticWatchPlan | undefined {
  return env.aws ? planVaultStaticWatch(env) : undefined;
}
