/*
 * Identity-catalogue entries of issue 14 part 2 (rotation events from Vault, alarms on every
 * rotation path): kept here so lib/plan/identity-catalogue.ts gains one line only.
 */
import { awsNames } from "../names";
import { rotationNotifierNames } from "../notifier-names";
import type { EnvironmentPlan } from "../types";

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

/** The errors and dead-letter alarms of one function. */
export function functionAlarmIdentities(functionName: string): RegionalIdentity[] {
  return (["errors", "dlq"] as const).map((kind) => ({ what: "CloudWatch alarm", service: "alarm", name: awsNames.functionAlarm(functionName, kind), limit: ALARM_NAME_MAX }));
}

/** Every regional AWS name part 2 adds to an environment with an AWS account. */
export function rotationWatchAwsIdentities(env: EnvironmentPlan): RegionalIdentity[] {
  const aws = env.aws;
  if (!aws) return [];
  const functions = [...aws.rotationFunctions.map((fn) => fn.functionName), rotationNotifierNames(env.organization, env.name).functionName];
  return functions.flatMap(functionAlarmIdentities);
}
