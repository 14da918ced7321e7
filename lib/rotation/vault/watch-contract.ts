/*
 * The contract of the Vault static-role watcher (the vault-watch bundle): the event its schedule rule
 * sends. Kept apart from ../contract.ts, which every rotation bundle includes: a change here must not
 * change their bytes. Runtime code: no cdktf, nothing outside lib/rotation.
 */

/** `source` of the event that asks the static-role watcher to look at one window (vault-watch bundle). */
export const VAULT_WATCH_SOURCE = "etl-secrets.vault-watch";

/** One Vault database static role the watcher reads (`GET <dbMount>/static-roles/<role>`), and how to log in. */
export interface VaultWatchedStaticRole {
  readonly connector: string;
  readonly credential: string;
  readonly vaultAddress: string;
  /** Omitted or empty on Vault CE. */
  readonly namespace?: string;
  readonly dbMount: string;
  readonly role: string;
  readonly authMount: string;
  /** The AWS auth role bound to the watcher's execution role. */
  readonly authRole: string;
}

/**
 * What the watcher's schedule rule sends: its constant input, with `time` filled by EventBridge's
 * input transformer from the scheduled event (`$.time`: the scheduled time, the same on retries).
 */
export interface VaultWatchEvent {
  readonly source: typeof VAULT_WATCH_SOURCE;
  readonly time: string;
  /** The schedule's rate: each run looks at the one window of this length that ended at or before `time`. */
  readonly intervalSeconds: number;
  readonly roles: readonly VaultWatchedStaticRole[];
}

/** A static role not rotated by `last_vault_rotation + rotation_period + this` is reported overdue. */
export const VAULT_WATCH_OVERDUE_GRACE_SECONDS = 3600;
