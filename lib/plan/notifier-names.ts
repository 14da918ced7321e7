/*
 * Names of the environment's rotation notifier (lib/constructs/aws/rotation-notifier.ts), derived from
 * names.ts so they follow the rotation functions' scheme: the function's log group then falls under
 * the logs key's CloudWatch Logs grant (`/aws/lambda/<organization>-<environment>-rotate-*`) and its
 * role under the environment's IAM path. Changing these changes resource names: a breaking change.
 */
import { awsNames } from "./names";

/** Pseudo-target of the notifier in rotation-function names; never a rotation target. */
export const ROTATION_NOTIFIER_KEY = "notifier";

export interface RotationNotifierNames {
  readonly functionName: string;
  readonly roleName: string;
  readonly logGroupName: string;
  readonly deadLetterQueueName: string;
}

export function rotationNotifierNames(organization: string, environment: string): RotationNotifierNames {
  const functionName = awsNames.rotationFunction(organization, environment, ROTATION_NOTIFIER_KEY);
  return {
    functionName,
    roleName: awsNames.rotationRole(organization, environment, ROTATION_NOTIFIER_KEY),
    logGroupName: awsNames.lambdaLogGroup(functionName),
    deadLetterQueueName: awsNames.rotationDeadLetterQueue(functionName),
  };
}
