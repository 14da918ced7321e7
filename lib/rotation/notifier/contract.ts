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

/** Which store a rotated credential lives in. */
export type RotationStore = "aws" | "vault";
/** What rotated it: Secrets Manager's rotation, the key-broker schedule (Vault KV), Vault's database static role. */
export type RotationSource = "secrets-manager" | "key-broker" | "vault-static-role";

/**
 * SNS message attributes of a message from Vault: the three of every message plus `store`, so a
 * subscription can take Vault rotations only (`{"store": ["vault"]}`) or none of them
 * (`{"store": [{"exists": false}]}`). Messages from Secrets Manager carry exactly NOTIFIER_ATTRIBUTES,
 * as they always did.
 */
export const VAULT_MESSAGE_ATTRIBUTES = [...NOTIFIER_ATTRIBUTES, "store"] as const;
export type VaultMessageAttribute = (typeof VAULT_MESSAGE_ATTRIBUTES)[number];

/**
 * What consumers receive, as JSON, in this key order (the keys of the first release first, so a
 * reader of the old shape reads the same prefix). `secretArn` only for Secrets Manager.
 * Consumers deduplicate on `dedupeId`: a retried run announces the same rotation again.
 */
export interface RotationSucceededMessage {
  readonly event: "RotationSucceeded";
  readonly organization: string;
  readonly environment: string;
  readonly connector: string;
  readonly credential: string;
  readonly secretArn?: string;
  /** When the rotation happened (ISO 8601): the EventBridge event's time, the KV version's or `last_vault_rotation`. */
  readonly time: string;
  readonly store: RotationStore;
  readonly source: RotationSource;
  /** The secret's ARN, or `vault:<cluster>/<namespace>/<path>` (no namespace segment on Vault CE). */
  readonly location: string;
  /** `<location>@<time>`: the same for every announcement of one rotation. */
  readonly dedupeId: string;
}

/** The rotation being announced, wherever it happened. */
export type RotationAnnouncement =
  | {
      readonly store: "aws";
      readonly organization: string;
      readonly environment: string;
      readonly connector: string;
      readonly credential: string;
      readonly secretArn: string;
      readonly time: string;
    }
  | {
      readonly store: "vault";
      readonly source: Exclude<RotationSource, "secrets-manager">;
      readonly organization: string;
      readonly environment: string;
      readonly connector: string;
      readonly credential: string;
      readonly location: string;
      readonly time: string;
    };

/** `vault:<cluster>/<namespace>/<path>`; the namespace segment is left out when there is none. */
export function vaultLocation(cluster: string, namespace: string | undefined, path: string): string {
  const trim = (text: string) => text.replace(/^\/+|\/+$/g, "");
  return `vault:${[cluster, namespace ? trim(namespace) : "", trim(path)].filter((part) => part !== "").join("/")}`;
}

/** The message (keys in contract order) and its SNS attributes. */
export function rotationMessage(rotation: RotationAnnouncement): {
  readonly message: RotationSucceededMessage;
  readonly attributes: Readonly<Record<string, string>>;
} {
  const head = {
    event: "RotationSucceeded" as const,
    organization: rotation.organization,
    environment: rotation.environment,
    connector: rotation.connector,
    credential: rotation.credential,
  };
  const attributes: Record<string, string> = {
    connector: rotation.connector,
    credential: rotation.credential,
    environment: rotation.environment,
  };
  if (rotation.store === "aws") {
    return {
      message: {
        ...head,
        secretArn: rotation.secretArn,
        time: rotation.time,
        store: "aws",
        source: "secrets-manager",
        location: rotation.secretArn,
        dedupeId: `${rotation.secretArn}@${rotation.time}`,
      },
      attributes,
    };
  }
  return {
    message: {
      ...head,
      time: rotation.time,
      store: "vault",
      source: rotation.source,
      location: rotation.location,
      dedupeId: `${rotation.location}@${rotation.time}`,
    },
    attributes: { ...attributes, store: "vault" },
  };
}

/**
 * What the environment's alarm topic receives when a Vault static role missed its rotation
 * (`last_vault_rotation + rotation_period` plus a grace hour passed): owners act, consumers do not.
 */
export interface RotationOverdueMessage {
  readonly event: "RotationOverdue";
  readonly organization: string;
  readonly environment: string;
  readonly connector: string;
  readonly credential: string;
  readonly store: "vault";
  readonly source: "vault-static-role";
  readonly location: string;
  /** The last rotation Vault reports. */
  readonly lastRotation: string;
  /** When the next one was due, grace included. */
  readonly deadline: string;
  /** `<location>@overdue@<deadline>` */
  readonly dedupeId: string;
}
