import { createHash } from "node:crypto";
import type { AwsCredentials } from "../aws-sigv4";
import { VAULT_ROTATION_MIN_AGE_SECONDS, VAULT_SCHEDULE_SOURCE, type VaultBrokerCredential, type VaultScheduleEvent } from "../contract";
import { RotationError } from "../errors";
import type { IssuedKey } from "../key-broker-client";
import type { SlotBrokerApi } from "../key-broker-slots-client";
import { KEY_PAIR_ALGORITHMS, type KeyPairBrokerCredential } from "../slot-contract";
import type { RedactingLogger } from "../redacting-logger";
import { rotateVaultKeyPairSlots } from "../strategies/key-pair-slots";
import type { VaultRotationAnnouncer } from "./announcer";
import { connectorOfKey } from "./announcer";
import type { KvVersion, VaultApi, VaultTarget } from "./vault-client";
import { withToolFields } from "../record-fields";

/** What the scheduled rotation needs of the key broker (KeyBrokerClient has exactly this). */
export interface KeyBrokerApi {
  createKey(endpoint: string, authorizingKey: string, idempotencyKey: string): Promise<IssuedKey>;
  verifyKey(endpoint: string, apiKey: string): Promise<boolean>;
  revokeKey(endpoint: string, authorizingKey: string, keyId: string): Promise<void>;
}

export interface ScheduledRotationDependencies {
  readonly vault: VaultApi;
  readonly broker: KeyBrokerApi;
  /** The broker's slot contract, for key pairs (credentials with `keyPair`). @default none: such a credential fails */
  readonly slots?: SlotBrokerApi;
  /** The function's own credentials (its execution role), for the Vault login. */
  readonly credentials: () => AwsCredentials;
  readonly logger: RedactingLogger;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Announces rotations on the environment's topic. @default none (nothing is announced) */
  readonly announcer?: VaultRotationAnnouncer;
}

/** What one credential's run did. */
export type ScheduledOutcome = "rotated" | "recently-rotated" | "another-run-won";

/** The outcome and the version that is current after it (the one announced). */
export interface ScheduledResult {
  readonly outcome: ScheduledOutcome;
  readonly version: number;
  /** Vault's creation time of that version: the rotation's time, the same on every retry. */
  readonly createdTime: string;
}

/** Whether an event is the schedule's (and not Secrets Manager's `{Step, SecretId, ClientRequestToken}`). */
export function isVaultScheduleEvent(event: unknown): event is VaultScheduleEvent {
  return typeof event === "object" && event !== null && (event as { source?: unknown }).source === VAULT_SCHEDULE_SOURCE;
}

export function validateScheduleEvent(event: VaultScheduleEvent): readonly KeyPairBrokerCredential[] {
  if (!Array.isArray(event.credentials)) throw new RotationError("the schedule event has no credentials list");
  return (event.credentials as readonly KeyPairBrokerCredential[]).map((c, index) => {
    for (const field of ["vaultAddress", "kvMount", "key", "endpoint", "authMount", "role"] as const) {
      if (typeof c?.[field] !== "string" || c[field].length === 0)
        throw new RotationError(`credentials[${index}].${field} must be a non-empty string`);
    }
    if (c.namespace !== undefined && typeof c.namespace !== "string")
      throw new RotationError(`credentials[${index}].namespace must be a string`);
    if (
      c.keyPair !== undefined &&
      (!(KEY_PAIR_ALGORITHMS as readonly unknown[]).includes(c.keyPair?.algorithm) || (c.keyPair.slots !== 1 && c.keyPair.slots !== 2))
    ) {
      throw new RotationError(`credentials[${index}].keyPair needs an algorithm of ${KEY_PAIR_ALGORITHMS.join(", ")} and slots 1 or 2`);
    }
    return c;
  });
}

/**
 * Rotates every credential of a schedule event; all are tried, and the run fails (so Lambda retries
 * it) when any failed. A retry repeats only what is left: see rotateVaultBrokerCredential.
 */
export async function runVaultSchedule(
  event: VaultScheduleEvent,
  deps: ScheduledRotationDependencies,
): Promise<Record<string, ScheduledOutcome>> {
  const credentials = validateScheduleEvent(event);
  const tokens = new Map<string, Promise<string>>();
  const outcomes: Record<string, ScheduledOutcome> = {};
  const failures: string[] = [];
  for (const credential of credentials) {
    const id = credentialId(credential);
    const logger = deps.logger.child({ credential: id });
    try {
      const loginKey = [credential.vaultAddress, credential.namespace ?? "", credential.authMount, credential.role].join("|");
      let token = tokens.get(loginKey);
      if (!token) {
        token = deps.vault.loginWithAwsIam(target(credential), credential.authMount, credential.role, deps.credentials()).then((t) => {
          logger.addSecret(t);
          return t;
        });
        tokens.set(loginKey, token);
      }
      const result = credential.keyPair
        ? await rotateVaultKeyPairSlots(credential, await token, { vault: deps.vault, slots: slotBroker(deps), logger, now: deps.now })
        : await rotateVaultBrokerCredential(credential, await token, { ...deps, logger });
      outcomes[id] = result.outcome;
      logger.info("scheduled rotation done", { outcome: result.outcome });
      await announce(credential, result, deps.announcer, logger, id);
    } catch (error) {
      tokens.clear();
      const reason = logger.redact(error instanceof Error ? error.message : String(error));
      logger.error("scheduled rotation failed", { reason });
      failures.push(`${id}: ${reason}`);
    }
  }
  if (failures.length > 0)
    throw new RotationError(`scheduled rotation failed for ${failures.length} credential(s): ${failures.join("; ")}`);
  return outcomes;
}

/**
 * Announces what this run (or the run it retries) wrote: a rotated version, or a recent version
 * past the first (a retry after a failed announcement lands here; a seed is no rotation). The
 * message's time is the version's creation time, so every retry sends the same dedupeId. A failed
 * Publish fails the credential's run without undoing the write: Lambda retries, the retry finds
 * the recent version and announces it again.
 */
async function announce(
  credential: VaultBrokerCredential,
  result: ScheduledResult,
  announcer: VaultRotationAnnouncer | undefined,
  logger: RedactingLogger,
  id: string,
): Promise<void> {
  if (!announcer) return;
  if (result.outcome === "another-run-won" || (result.outcome === "recently-rotated" && result.version <= 1)) return;
  const names = connectorOfKey(credential.key);
  if (!names) {
    // Off the naming contract: no retry would change that, so the rotation stands unannounced.
    logger.error("rotation not announced: the key is not connectors/<connector>/<credential>", { version: result.version });
    return;
  }
  let messageId: string;
  try {
    messageId = await announcer.announce({
      source: "key-broker",
      ...names,
      namespace: credential.namespace || undefined,
      path: `${credential.kvMount}/data/${credential.key}`,
      time: result.createdTime,
    });
  } catch (error) {
    throw new RotationError(
      `${id}: version ${result.version} is stored but announcing it failed (${error instanceof Error ? error.message : String(error)}); the retry announces it`,
    );
  }
  logger.info("rotation announced", { version: result.version, messageId });
}

/**
 * One Vault-stored broker credential `{endpoint?, keyId, apiKey, ...}` (other fields are kept):
 * 1. finish the last rotation: revoke the key of the previous live version when it differs from the
 *    current one (404 counts as revoked), so a crash after the write is repaired by the next run;
 * 2. a current version younger than VAULT_ROTATION_MIN_AGE_SECONDS is left alone (a retry or a
 *    duplicate run); otherwise
 * 3. create a key at the broker with an idempotency key derived from the current version (a retry
 *    gets the same key), verify it, write it with check-and-set on the current version; a conflict
 *    means another writer won: keep what is current, revoke our key if it is not that one, stop;
 * 4. revoke the old key.
 */
export async function rotateVaultBrokerCredential(
  credential: VaultBrokerCredential,
  token: string,
  deps: ScheduledRotationDependencies,
): Promise<ScheduledResult> {
  const { vault, broker, logger } = deps;
  const where = target(credential);
  const id = credentialId(credential);
  const metadata = await vault.readMetadata(where, token, credential.kvMount, credential.key);
  if (!metadata || metadata.currentVersion === 0) throw new RotationError(`${id} has no value in Vault; seed it first`);
  const current = await vault.readVersion(where, token, credential.kvMount, credential.key);
  if (!current) throw new RotationError(`${id}: the current version is deleted; seed a new value`);
  const currentKey = brokerKey(current, credential, id, logger);

  const previousVersion = metadata.liveVersions.find((v) => v < current.version);
  if (previousVersion !== undefined) {
    const previous = await vault.readVersion(where, token, credential.kvMount, credential.key, previousVersion);
    const previousKey = previous ? brokerKeyOrUndefined(previous, credential, logger) : undefined;
    if (previousKey && previousKey.keyId !== currentKey.keyId) {
      await broker.revokeKey(credential.endpoint, currentKey.apiKey, previousKey.keyId);
      logger.info("previous key revoked", { keyId: previousKey.keyId, version: previousVersion });
    }
  }

  const now = (deps.now ?? (() => new Date()))();
  const age = (now.getTime() - Date.parse(current.createdTime)) / 1000;
  if (Number.isFinite(age) && age < VAULT_ROTATION_MIN_AGE_SECONDS) {
    logger.info("current version is recent; not rotating again", { version: current.version });
    return { outcome: "recently-rotated", version: current.version, createdTime: current.createdTime };
  }

  const idempotencyKey = createHash("sha256")
    .update(`${credential.namespace ?? ""}|${credential.kvMount}|${credential.key}|v${current.version}`)
    .digest("hex")
    .slice(0, 32);
  const issued = await broker.createKey(credential.endpoint, currentKey.apiKey, idempotencyKey);
  logger.addSecret(issued.apiKey);
  if (issued.keyId === currentKey.keyId) throw new RotationError(`${id}: the key broker returned the current key as the new one`);
  if (!(await broker.verifyKey(credential.endpoint, issued.apiKey)))
    throw new RotationError(`${id}: the key broker refuses the new key ${issued.keyId}`);

  // conn_uri (what Airflow's Vault backend reads) is made for the new key, in the same version.
  const next = withToolFields("key-broker", "vault", { ...current.data, keyId: issued.keyId, apiKey: issued.apiKey });
  const written = await vault.writeCas(where, token, credential.kvMount, credential.key, next, current.version);
  if (written === "conflict") {
    const winner = await vault.readVersion(where, token, credential.kvMount, credential.key);
    const winnerKey = winner ? brokerKeyOrUndefined(winner, credential, logger) : undefined;
    if (!winnerKey || !(await broker.verifyKey(credential.endpoint, winnerKey.apiKey))) {
      throw new RotationError(`${id}: another writer changed the value and the current key does not verify`);
    }
    if (winnerKey.keyId !== issued.keyId) await broker.revokeKey(credential.endpoint, winnerKey.apiKey, issued.keyId);
    logger.info("another run wrote first; kept its value", { version: winner!.version });
    return { outcome: "another-run-won", version: winner!.version, createdTime: winner!.createdTime };
  }
  logger.info("new key stored", { keyId: issued.keyId, version: written.version });
  await broker.revokeKey(credential.endpoint, issued.apiKey, currentKey.keyId);
  logger.info("previous key revoked", { keyId: currentKey.keyId, version: current.version });
  return { outcome: "rotated", version: written.version, createdTime: written.createdTime || now.toISOString() };
}

function slotBroker(deps: ScheduledRotationDependencies): SlotBrokerApi {
  if (!deps.slots) throw new RotationError("a key pair needs the key broker's slot client");
  return deps.slots;
}

function target(credential: VaultBrokerCredential): VaultTarget {
  return { address: credential.vaultAddress, namespace: credential.namespace || undefined };
}

function credentialId(credential: VaultBrokerCredential): string {
  return `${credential.namespace ? `${credential.namespace}/` : ""}${credential.kvMount}/${credential.key}`;
}

function brokerKeyOrUndefined(
  version: KvVersion,
  credential: VaultBrokerCredential,
  logger: RedactingLogger,
): { keyId: string; apiKey: string } | undefined {
  const { keyId, apiKey, endpoint } = version.data as { keyId?: unknown; apiKey?: unknown; endpoint?: unknown };
  if (typeof apiKey === "string" && apiKey.length > 0) logger.addSecret(apiKey);
  if (typeof keyId !== "string" || typeof apiKey !== "string" || keyId.length === 0 || apiKey.length === 0) return undefined;
  if (endpoint !== undefined && (typeof endpoint !== "string" || new URL(endpoint).href !== new URL(credential.endpoint).href))
    return undefined;
  return { keyId, apiKey };
}

function brokerKey(
  version: KvVersion,
  credential: VaultBrokerCredential,
  id: string,
  logger: RedactingLogger,
): { keyId: string; apiKey: string } {
  const endpoint = (version.data as { endpoint?: unknown }).endpoint;
  if (endpoint !== undefined && (typeof endpoint !== "string" || new URL(endpoint).href !== new URL(credential.endpoint).href)) {
    throw new RotationError(
      `${id}: the stored value names another key broker than the schedule; refusing to act on another target (confused deputy)`,
    );
  }
  const key = brokerKeyOrUndefined(version, credential, logger);
  if (!key) throw new RotationError(`${id}: the current value needs non-empty "keyId" and "apiKey" (the key-broker contract)`);
  return key;
}
