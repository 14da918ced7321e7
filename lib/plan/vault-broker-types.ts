/*
 * The shape of an environment's Vault broker rotation plan (lib/plan/vault-broker-rotation.ts plans
 * it; the AWS plan carries it as `aws.vaultBrokerRotation`). Types only, so that
 * lib/plan/types.ts can name them without importing the planner.
 */

/** One Vault-stored broker credential the schedule rotates (the event's entry, without the login). */
export interface VaultBrokerCredentialPlan {
  readonly credentialId: string;
  readonly days: number;
  readonly kvMount: string;
  /** Key inside the mount (`connectors/<connector>/<credential>`). */
  readonly key: string;
  readonly dataPath: string;
  readonly metadataPath: string;
  readonly endpoint: string;
  /** A key pair: rotated through the broker's slots (`rotation.slots`, the spec's algorithm). */
  readonly keyPair?: { readonly algorithm: "rsa-2048" | "rsa-4096" | "ed25519" | "ecdsa-p256"; readonly slots: 1 | 2 };
}

/** One EventBridge rule: a rotation period, split in parts only when its input would be too long. */
export interface VaultBrokerSchedulePlan {
  /** Construct id: `every-<days>d`, or `every-<days>d-part-<n>` (n from the credential keys' hash). */
  readonly id: string;
  readonly ruleName: string;
  readonly days: number;
  /** Sorted credential ids. */
  readonly credentialIds: readonly string[];
}

export interface VaultBrokerRotationPlan {
  /** VAULT_BROKER_ROTATION_TARGET (lib/plan/vault-broker-rotation.ts). */
  readonly target: "key-broker";
  /** The function's execution role, as Vault binds it (no IAM path). */
  readonly roleArn: string;
  readonly authMount: string;
  readonly authRole: string;
  readonly policyName: string;
  readonly vaultAddress: string;
  readonly namespace?: string;
  /** Sorted by credential id. */
  readonly credentials: readonly VaultBrokerCredentialPlan[];
  /** Sorted by period, then part. */
  readonly schedules: readonly VaultBrokerSchedulePlan[];
}
