/*
 * Names of the environment's rotation notifier (lib/constructs/aws/rotation-notifier.ts), derived from
 * names.ts so they follow the rotation functions' scheme: the function's log group then falls under
 * the logs key's CloudWatch Logs grant (`/aws/lambda/<organization>-<environment>-rotate-*`) and its
 * role under the environment's IAM path. Changing these changes resource names: a breaking change.
 */
import { awsNames } from "./names";

/** Pseudo-target of the notifier in rotation-function names; never a rotation target. */
export const ROTATION_NOTIFIER_KEY = "notifier";
/** Pseudo-target of the Vault static-role watcher (lib/plan/vault-static-watch.ts). */
export const VAULT_WATCH_KEY = "vault-watch";
/** Pseudo-target of the daily reminder checker (lib/plan/reminder-plan.ts). */
export const REMINDERS_KEY = "reminders";
/**
 * Every pseudo-target: functions named like rotation functions (`<org>-<env>-rotate-<key>`) so that
 * the logs key's grant and the environment's IAM path cover them, but which rotate nothing. A
 * rotation target of one of these names would collide (a test keeps ROTATION_TARGETS apart).
 */
export const PSEUDO_TARGETS = [ROTATION_NOTIFIER_KEY, VAULT_WATCH_KEY, REMINDERS_KEY] as const;

export interface RotationNotifierNames {
  readonly functionName: string;
  readonly roleName: string;
  readonly logGroupName: string;
  readonly deadLetterQueueName: string;
}

export function rotationNotifierNames(organization: string, environment: string): RotationNotifierNames {
  return pseudoTargetNames(organization, environment, ROTATION_NOTIFIER_KEY);
}

/** The function, role, log group and dead-letter queue names of one pseudo-target. */
export function pseudoTargetNames(organization: string, environment: string, key: (typeof PSEUDO_TARGETS)[number]): RotationNotifierNames {
  const functionName = awsNames.rotationFunction(organization, environment, key);
  return {
    functionName,
    roleName: awsNames.rotationRole(organization, environment, key),
    logGroupName: awsNames.lambdaLogGroup(functionName),
    deadLetterQueueName: awsNames.rotationDeadLetterQueue(functionName),
  };
}
