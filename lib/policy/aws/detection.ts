/*
 * What the environment watches for, as CloudWatch Logs metric filter patterns over the account
 * trail's log group and EventBridge event patterns. One filter per signal and environment (a log
 * group takes at most 100 metric filters, so nothing here is per connector): the environment's
 * secrets are told apart by their name prefix `<organization>/<environment>/`.
 */

/** Metric filter patterns are at most 1,024 characters. */
export const FILTER_PATTERN_MAX = 1024;

export interface DetectionInput {
  readonly partition: string;
  readonly accountId: string;
  /** `<organization>/<environment>/` */
  readonly secretNamePrefix: string;
  /** `/<organization>/<environment>/`: the path of every role the library creates here. */
  readonly iamPath: string;
  /** Roles outside the path that may read (existing consumer roles), sorted. */
  readonly existingReaderArns: readonly string[];
}

export interface DetectionSignal {
  /** Suffix of the alarm / filter name and the metric name. */
  readonly id: string;
  readonly metricName: string;
  readonly description: string;
  readonly pattern: string;
}

function secretIdMatches(prefix: string): string {
  // The caller names the secret by name or ARN; both contain the name.
  return `($.requestParameters.secretId = "*${prefix}*")`;
}

/**
 * Signals on the environment's secrets. `keyId` is the secrets key's id (a reference in the
 * construct): KMS events name the key by id or ARN, both contain it.
 */
export function detectionSignals(input: DetectionInput, keyId: string): DetectionSignal[] {
  const secret = secretIdMatches(input.secretNamePrefix);
  const sm = `($.eventSource = "secretsmanager.amazonaws.com")`;
  const declared = `arn:${input.partition}:iam::${input.accountId}:role${input.iamPath}*`;
  const outsiders = [
    `($.userIdentity.sessionContext.sessionIssuer.arn != "${declared}")`,
    ...input.existingReaderArns.map((arn) => `($.userIdentity.sessionContext.sessionIssuer.arn != "${arn}")`),
  ];
  let unexpected = `{ ${sm} && ($.eventName = "GetSecretValue") && ${secret} && ${outsiders.join(" && ")} }`;
  if (unexpected.length > FILTER_PATTERN_MAX) {
    // Too many existing roles to list: alarm on every reader outside the path (more noise, never less).
    unexpected = `{ ${sm} && ($.eventName = "GetSecretValue") && ${secret} && ${outsiders[0]} }`;
  }
  return [
    {
      id: "secret-access-denied",
      metricName: "SecretAccessDenied",
      description: "A request on a secret of this environment was denied",
      pattern: `{ ${sm} && (($.errorCode = "AccessDenied*") || ($.errorCode = "*UnauthorizedOperation")) && ${secret} }`,
    },
    {
      id: "unexpected-secret-reader",
      metricName: "UnexpectedSecretReader",
      description:
        "GetSecretValue on a secret of this environment by a principal that is not a declared consumer, rotation function or break-glass role",
      pattern: unexpected,
    },
    {
      id: "rotation-failed",
      metricName: "RotationFailed",
      description: "Rotation of a secret of this environment failed or was abandoned",
      pattern: `{ ${sm} && (($.eventName = "RotationFailed") || ($.eventName = "RotationAbandoned")) && ($.additionalEventData.SecretId = "*${input.secretNamePrefix}*") }`,
    },
    {
      id: "secret-deleted",
      metricName: "SecretDeleted",
      description: "DeleteSecret on a secret of this environment",
      pattern: `{ ${sm} && ($.eventName = "DeleteSecret") && ${secret} }`,
    },
    {
      id: "secret-policy-changed",
      metricName: "SecretPolicyChanged",
      description: "PutResourcePolicy or DeleteResourcePolicy on a secret of this environment",
      pattern: `{ ${sm} && (($.eventName = "PutResourcePolicy") || ($.eventName = "DeleteResourcePolicy")) && ${secret} }`,
    },
    {
      id: "secrets-key-disabled",
      metricName: "SecretsKeyDisabled",
      description: "The environment's secrets key was disabled or scheduled for deletion",
      pattern: `{ ($.eventSource = "kms.amazonaws.com") && (($.eventName = "DisableKey") || ($.eventName = "ScheduleKeyDeletion")) && ($.requestParameters.keyId = "*${keyId}*") }`,
    },
  ];
}

/** EventBridge pattern of Secrets Manager rotation events on the environment's secrets. */
export function rotationEventPattern(eventNames: readonly string[], secretArnPrefix: string): string {
  return JSON.stringify({
    source: ["aws.secretsmanager"],
    "detail-type": ["AWS Service Event via CloudTrail"],
    detail: {
      eventName: [...eventNames],
      additionalEventData: { SecretId: [{ prefix: secretArnPrefix }] },
    },
  });
}

// What consumers receive when a secret rotated is no input template any more: EventBridge cannot cut
// the connector out of the secret name, so the rule invokes the rotation notifier
// (lib/rotation/notifier), whose message format is RotationSucceededMessage in its contract.ts.
