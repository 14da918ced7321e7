import { LAMBDA_RUNTIME } from "../contract";
/**
 * The contract of the rotation notifier: the environment variables it reads, the message it publishes
 * and the SNS message attributes consumers filter on. Runtime code: no cdktf, nothing outside
 * lib/rotation. The AWS construct imports these names instead of spelling strings of its own.
 */

/** Environment variables of the notifier (all required; none is secret). */
export const NOTIFIER_ENVIRONMENT = {
  /** The environment's RotationSucceeded topic. */
  topicArn: "TOPIC_ARN",
  /** The organization whose secrets the function announces (first segment of a secret name). */
  organization: "ORGANIZATION",
  /** The environment whose secrets the function announces (second segment); any other is refused. */
  environment: "ENVIRONMENT",
  /** SNS endpoint (VPC interface endpoint or a test double); the regional endpoint otherwise. Optional. */
  snsEndpoint: "SNS_ENDPOINT",
} as const;

export const NOTIFIER_HANDLER = "index.handler";
export const NOTIFIER_RUNTIME = LAMBDA_RUNTIME;

/** SNS message attributes (String) of every message, for subscription filter policies. */
export const NOTIFIER_ATTRIBUTES = ["connector", "credential", "environment"] as const;
export type NotifierAttribute = (typeof NOTIFIER_ATTRIBUTES)[number];

/** What consumers receive, as JSON, in this key order. */
export interface RotationSucceededMessage {
  readonly event: "RotationSucceeded";
  readonly organization: string;
  readonly environment: string;
  readonly connector: string;
  readonly credential: string;
  readonly secretArn: string;
  /** The event's time (ISO 8601, from EventBridge). */
  readonly time: string;
}
