/*
 * The contract of the daily reminder checker (the reminders bundle): the event its schedule rule
 * sends and the message it publishes. Kept apart from ../contract.ts, which every rotation bundle
 * includes: a change here must not change their bytes. Runtime code: no cdktf.
 */

/** `source` of the event that asks the checker to look at the environment's reminder credentials. */
export const REMINDERS_SOURCE = "etl-secrets.reminders";

/** Environment variables of the checker (names only, nothing secret). */
export const REMINDERS_ENVIRONMENT = {
  organization: "ORGANIZATION",
  environment: "ENVIRONMENT",
  /** `<org>-<env>-secret-reminders`: every reminder, with the owner as a message attribute. */
  remindersTopicArn: "REMINDERS_TOPIC_ARN",
  /** `<org>-<env>-secrets-paging`: critical credentials' reminders too. */
  pagingTopicArn: "PAGING_TOPIC_ARN",
} as const;
/** SNS and Secrets Manager endpoints (VPC interface endpoints or test doubles); optional. */
export const REMINDERS_SNS_ENDPOINT = "SNS_ENDPOINT";
export const REMINDERS_SECRETS_MANAGER_ENDPOINT = "SECRETS_MANAGER_ENDPOINT";

/** A reminder credential stored in Vault KV v2: its last change is `versions[current_version].created_time` of `<kvMount>/metadata/<key>`. */
export interface VaultReminderLocation {
  readonly store: "vault";
  readonly vaultAddress: string;
  /** Omitted on Vault CE. */
  readonly namespace?: string;
  readonly kvMount: string;
  readonly key: string;
  readonly authMount: string;
  /** The AWS auth role bound to the checker's execution role. */
  readonly authRole: string;
}

/** A reminder credential stored in Secrets Manager: its last change is the `CreatedDate` of the `AWSCURRENT` version. */
export interface AwsReminderLocation {
  readonly store: "aws";
  /** The secret's name (`<org>/<env>/<connector>/<credential>`). */
  readonly secretId: string;
}

/** One credential only its issuer can rotate, as the rule's input lists it. */
export type ReminderCredential = {
  readonly connector: string;
  readonly credential: string;
  readonly owner: string;
  readonly sensitivity: string;
  /** Rotation period (days). */
  readonly days: number;
} & (VaultReminderLocation | AwsReminderLocation);

/**
 * What the checker's schedule rule sends: its constant input, with `time` filled by EventBridge's
 * input transformer from the scheduled event (`$.time`: the scheduled time, the same on retries).
 */
export interface RemindersEvent {
  readonly source: typeof REMINDERS_SOURCE;
  readonly time: string;
  readonly credentials: readonly ReminderCredential[];
}

/** The message a reminder publishes: names and dates only, never a value. */
export interface RotationDueMessage {
  readonly event: "RotationDue";
  readonly organization: string;
  readonly environment: string;
  readonly connector: string;
  readonly credential: string;
  readonly state: "due-soon" | "overdue";
  /** When the value last changed, as the store records it (ISO 8601). */
  readonly lastChanged: string;
  /** Due day `YYYY-MM-DD` (UTC). */
  readonly dueOn: string;
  readonly days: number;
  /** The command that prints the credential's rotation steps. */
  readonly runbook: string;
}

/** SNS message attributes of a reminder: owners' subscriptions filter on `owner`. */
export const REMINDER_ATTRIBUTES = ["owner", "connector", "sensitivity", "state"] as const;

/** Sensitivity whose reminders also page on-call. */
export const PAGING_SENSITIVITY = "critical";
