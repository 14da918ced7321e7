/*
 * The count the access anomaly alarms watch on the AWS side: successful `GetSecretValue` calls on
 * the environment's secrets, from the account trail's log group (EventBridge does not carry
 * read-only calls, so the trail is the only source). One filter per environment.
 */
import { FILTER_PATTERN_MAX } from "./detection";

/** `<organization>/<environment>/`: the caller names the secret by name or ARN, both contain it. A denied call carries `errorCode` and is counted by secret-access-denied instead. */
export function secretReadsPattern(secretNamePrefix: string): string {
  const pattern = `{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") && ($.requestParameters.secretId = "*${secretNamePrefix}*") && ($.errorCode NOT EXISTS) }`;
  if (pattern.length > FILTER_PATTERN_MAX) throw new Error(`secret-reads pattern exceeds ${FILTER_PATTERN_MAX} characters`);
  return pattern;
}
