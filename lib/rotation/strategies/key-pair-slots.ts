import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { VAULT_ROTATION_MIN_AGE_SECONDS, type VaultBrokerCredential } from "../contract";
import type { KeyPairAlgorithm, KeyPairBrokerCredential } from "../slot-contract";
import { RotationError } from "../errors";
import { fingerprintOf, type SlotBrokerApi, type SlotState } from "../key-broker-slots-client";
import type { RedactingLogger } from "../redacting-logger";
import type { ScheduledResult } from "../vault/scheduled-rotation";
import type { KvVersion, VaultApi, VaultTarget } from "../vault/vault-client";
import { withToolFields } from "../record-fields";

/*
 * Key pairs rotated through the key broker's slots (contract.ts, KEY_BROKER_SLOT_PATHS).
 *
 * Two slots (`rotation.slots: 2`): the new public key goes into the free slot, the broker verifies
 * an assertion signed by the new private key, the new value is written to the store, and only then
 * is the old key's slot emptied. Consumers holding either key can log in throughout.
 * One slot (`rotation.slots: 1`): the key is replaced in place; there is a moment when the broker
 * and the store disagree (validation warns `single-slot-key-pair`).
 *
 * Invariants, at every point where a run can crash (tested with injected crashes):
 * - two slots: the store's current key occupies a slot, so the slots are never both empty;
 * - a slot holding the store's current key is never deleted (deletes name the fingerprint they
 *   expect, `If-Match`, and only previous versions' keys or this run's unwritten key are deleted);
 * - an unknown key in the free slot (a crashed run's, whose private key is lost) is overwritten;
 * - a check-and-set conflict keeps the winner's value; this run's key is removed unless it is the winner's.
 */

/** A key pair as PEM: PKCS#8 private key, SPKI public key. */
export interface GeneratedKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** A new key pair of `algorithm` (node:crypto). */
export function generateKeyPair(algorithm: KeyPairAlgorithm): GeneratedKeyPair {
  const pair =
    algorithm === "rsa-2048" || algorithm === "rsa-4096"
      ? generateKeyPairSync("rsa", { modulusLength: algorithm === "rsa-2048" ? 2048 : 4096 })
      : algorithm === "ed25519"
        ? generateKeyPairSync("ed25519")
        : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export interface KeyPairSlotsDependencies {
  readonly vault: VaultApi;
  readonly slots: SlotBrokerApi;
  readonly logger: RedactingLogger;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default generateKeyPair */
  readonly generate?: (algorithm: KeyPairAlgorithm) => GeneratedKeyPair;
}

interface StoredKey {
  readonly privateKey: string;
  readonly fingerprint: string;
}

/** The private key of a stored version (`privateKey`, or `apiKey` of a value seeded as the broker record). */
function storedKeyOrUndefined(version: KvVersion, logger: RedactingLogger): StoredKey | undefined {
  const data = version.data as { privateKey?: unknown; apiKey?: unknown };
  const privateKey = typeof data.privateKey === "string" && data.privateKey.length > 0 ? data.privateKey : data.apiKey;
  if (typeof privateKey !== "string" || privateKey.length === 0) return undefined;
  logger.addSecret(privateKey);
  try {
    return { privateKey, fingerprint: fingerprintOf(createPrivateKey(privateKey)) };
  } catch {
    return undefined;
  }
}

function sameEndpoint(version: KvVersion, credential: VaultBrokerCredential): boolean {
  const endpoint = (version.data as { endpoint?: unknown }).endpoint;
  return endpoint === undefined || (typeof endpoint === "string" && new URL(endpoint).href === new URL(credential.endpoint).href);
}

function otherSlot(slot: 1 | 2): 1 | 2 {
  return slot === 1 ? 2 : 1;
}

/**
 * The value written for a new key: every other field kept; `apiKey` kept equal to the private key
 * when the value has one; `conn_uri` (what Airflow's Vault backend reads) made for the new key.
 */
function nextValue(
  current: KvVersion,
  next: GeneratedKeyPair,
  fingerprint: string,
  slot: 1 | 2,
  algorithm: KeyPairAlgorithm,
): Record<string, unknown> {
  const legacy = typeof (current.data as { apiKey?: unknown }).apiKey === "string";
  return withToolFields("key-pair-slots", "vault", {
    ...current.data,
    privateKey: next.privateKey,
    publicKeyFingerprint: fingerprint,
    slot,
    algorithm,
    ...(legacy && { apiKey: next.privateKey, keyId: `slot-${slot}` }),
  });
}

/**
 * One Vault-stored key pair rotated through the broker's slots (see the file comment). Mirrors
 * rotateVaultBrokerCredential: (1) finish the last rotation (empty the slot of a previous version's
 * key; with one slot, put the current key in place if a crash left the previous one there); (2) a
 * recent current version is left alone; (3) new key into the free slot (or in place), verify,
 * check-and-set write; (4) empty the old slot.
 */
// long-function: the four steps of the slot protocol documented above, each reading what the previous one wrote; kept in one piece so the crash-recovery order stays visible
export async function rotateVaultKeyPairSlots(
  credential: KeyPairBrokerCredential,
  token: string,
  deps: KeyPairSlotsDependencies,
): Promise<ScheduledResult> {
  const keyPair = credential.keyPair;
  if (!keyPair) throw new RotationError("not a key pair credential");
  const { vault, slots: broker, logger } = deps;
  const where: VaultTarget = { address: credential.vaultAddress, namespace: credential.namespace || undefined };
  const id = `${credential.namespace ? `${credential.namespace}/` : ""}${credential.kvMount}/${credential.key}`;
  const endpoint = credential.endpoint;

  const metadata = await vault.readMetadata(where, token, credential.kvMount, credential.key);
  if (!metadata || metadata.currentVersion === 0) throw new RotationError(`${id} has no value in Vault; seed it first`);
  const current = await vault.readVersion(where, token, credential.kvMount, credential.key);
  if (!current) throw new RotationError(`${id}: the current version is deleted; seed a new value`);
  if (!sameEndpoint(current, credential))
    throw new RotationError(
      `${id}: the stored value names another key broker than the schedule; refusing to act on another target (confused deputy)`,
    );
  const currentKey = storedKeyOrUndefined(current, logger);
  if (!currentKey) throw new RotationError(`${id}: the current value needs a PEM "privateKey" (or "apiKey")`);

  // Keys of earlier live versions (newest first): the only keys this run may remove besides its own.
  const previousKeys: StoredKey[] = [];
  for (const version of metadata.liveVersions
    .filter((v) => v < current.version)
    .sort((a, b) => b - a)
    .slice(0, 2)) {
    const read = await vault.readVersion(where, token, credential.kvMount, credential.key, version);
    const key = read && sameEndpoint(read, credential) ? storedKeyOrUndefined(read, logger) : undefined;
    if (key && key.fingerprint !== currentKey.fingerprint) previousKeys.push(key);
  }
  const previousFingerprints = new Set(previousKeys.map((k) => k.fingerprint));

  let listed = await broker.listSlots(endpoint, currentKey);
  if (listed === "unauthorized") {
    // One slot, crashed between the write and the put: the previous key still holds the slot.
    const previous = previousKeys[0];
    const byPrevious = keyPair.slots === 1 && previous ? await broker.listSlots(endpoint, previous) : "unauthorized";
    const held = byPrevious === "unauthorized" ? undefined : byPrevious.find((s) => s.fingerprint === previous!.fingerprint);
    if (!previous || !held)
      throw new RotationError(
        `${id}: the broker holds the current key in no slot (fingerprint ${currentKey.fingerprint}); put it back by hand`,
      );
    const publicKey = createPublicPem(currentKey.privateKey);
    const put = await broker.putSlot(endpoint, previous, held.slot, {
      publicKey,
      algorithm: keyPair.algorithm,
      expected: previous.fingerprint,
      idempotencyKey: idempotencyKey(credential, current.version, held.slot, currentKey.fingerprint),
    });
    if (put === "conflict")
      throw new RotationError(`${id}: slot ${held.slot} changed while the in-place replacement was finished; the retry starts again`);
    if (!(await broker.verifySlot(endpoint, held.slot, currentKey)))
      throw new RotationError(`${id}: the broker refuses the current key in slot ${held.slot}`);
    logger.info("in-place replacement finished", { slot: held.slot, version: current.version });
    listed = await broker.listSlots(endpoint, currentKey);
    if (listed === "unauthorized")
      throw new RotationError(`${id}: the broker refuses the current key after it was put in slot ${held.slot}`);
  }
  let slots: readonly SlotState[] = listed;
  const currentSlot = slots.find((s) => s.fingerprint === currentKey.fingerprint)?.slot;
  if (currentSlot === undefined)
    throw new RotationError(
      `${id}: the broker holds the current key in no slot (fingerprint ${currentKey.fingerprint}); put it back by hand`,
    );

  // (1) Finish the last rotation: a previous version's key still in the other slot goes.
  let removed = false;
  for (const slot of slots) {
    if (slot.slot === currentSlot || slot.fingerprint === null || !previousFingerprints.has(slot.fingerprint)) continue;
    const outcome = await broker.deleteSlot(endpoint, currentKey, slot.slot, slot.fingerprint);
    logger.info("previous key removed", { slot: slot.slot, outcome });
    removed = true;
  }
  if (removed) {
    const again = await broker.listSlots(endpoint, currentKey);
    if (again === "unauthorized") throw new RotationError(`${id}: the broker refuses the current key`);
    slots = again;
  }

  // (2) A recent version is a retry's or a duplicate run's: nothing more to do.
  const now = (deps.now ?? (() => new Date()))();
  const age = (now.getTime() - Date.parse(current.createdTime)) / 1000;
  if (Number.isFinite(age) && age < VAULT_ROTATION_MIN_AGE_SECONDS) {
    logger.info("current version is recent; not rotating again", { version: current.version });
    return { outcome: "recently-rotated", version: current.version, createdTime: current.createdTime };
  }

  const next = (deps.generate ?? generateKeyPair)(keyPair.algorithm);
  logger.addSecret(next.privateKey);
  const nextKey: StoredKey = { privateKey: next.privateKey, fingerprint: fingerprintOf(next.publicKey) };

  if (keyPair.slots === 1) {
    // (3') In place: write first, so a crash leaves the previous key at the broker and the new one
    // in the store's current version, which step (1) of the next run puts in place.
    const written = await vault.writeCas(
      where,
      token,
      credential.kvMount,
      credential.key,
      nextValue(current, next, nextKey.fingerprint, currentSlot, keyPair.algorithm),
      current.version,
    );
    if (written === "conflict") {
      const winner = await vault.readVersion(where, token, credential.kvMount, credential.key);
      logger.info("another run wrote first; kept its value", { version: winner?.version ?? 0 });
      return {
        outcome: "another-run-won",
        version: winner?.version ?? current.version,
        createdTime: winner?.createdTime ?? current.createdTime,
      };
    }
    const put = await broker.putSlot(endpoint, currentKey, currentSlot, {
      publicKey: next.publicKey,
      algorithm: keyPair.algorithm,
      expected: currentKey.fingerprint,
      idempotencyKey: idempotencyKey(credential, written.version, currentSlot, nextKey.fingerprint),
    });
    if (put === "conflict")
      throw new RotationError(`${id}: slot ${currentSlot} changed during the in-place replacement; the retry finishes it`);
    if (!(await broker.verifySlot(endpoint, currentSlot, nextKey)))
      throw new RotationError(`${id}: the broker refuses the new key in slot ${currentSlot}`);
    logger.info("key replaced in place", { slot: currentSlot, version: written.version });
    return { outcome: "rotated", version: written.version, createdTime: written.createdTime || now.toISOString() };
  }

  // (3) The free slot; whatever is there is not a key any stored version holds: a crashed run's.
  const free = otherSlot(currentSlot);
  const occupant = slots.find((s) => s.slot === free)?.fingerprint ?? null;
  if (occupant !== null) logger.info("free slot holds an unknown key (a crashed run's); overwriting it", { slot: free });
  const put = await broker.putSlot(endpoint, currentKey, free, {
    publicKey: next.publicKey,
    algorithm: keyPair.algorithm,
    expected: occupant,
    idempotencyKey: idempotencyKey(credential, current.version, free, nextKey.fingerprint),
  });
  if (put === "conflict") throw new RotationError(`${id}: slot ${free} changed during the rotation (another run?); the retry starts again`);
  if (!(await broker.verifySlot(endpoint, free, nextKey))) throw new RotationError(`${id}: the broker refuses the new key in slot ${free}`);

  const written = await vault.writeCas(
    where,
    token,
    credential.kvMount,
    credential.key,
    nextValue(current, next, nextKey.fingerprint, free, keyPair.algorithm),
    current.version,
  );
  if (written === "conflict") {
    const winner = await vault.readVersion(where, token, credential.kvMount, credential.key);
    const winnerKey = winner && sameEndpoint(winner, credential) ? storedKeyOrUndefined(winner, logger) : undefined;
    if (!winnerKey) throw new RotationError(`${id}: another writer changed the value and it holds no usable key`);
    if (winnerKey.fingerprint !== nextKey.fingerprint) {
      // Only if the slot still holds this run's key (If-Match): never the winner's.
      const outcome = await broker.deleteSlot(endpoint, winnerKey, free, nextKey.fingerprint);
      logger.info("this run's key removed after losing the write", { slot: free, outcome });
    }
    logger.info("another run wrote first; kept its value", { version: winner!.version });
    return { outcome: "another-run-won", version: winner!.version, createdTime: winner!.createdTime };
  }
  logger.info("new key stored", { slot: free, version: written.version });

  // (4) The old key goes; a crash before this is finished by step (1) of the next run.
  const outcome = await broker.deleteSlot(endpoint, nextKey, currentSlot, currentKey.fingerprint);
  logger.info("previous key removed", { slot: currentSlot, outcome });
  return { outcome: "rotated", version: written.version, createdTime: written.createdTime || now.toISOString() };
}

function createPublicPem(privateKey: string): string {
  return createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
}

/** Same call, same key: a retried PUT of one run gets the first answer; another key or version, another key. */
function idempotencyKey(credential: VaultBrokerCredential, version: number, slot: number, fingerprint: string): string {
  return createHash("sha256")
    .update(`${credential.namespace ?? ""}|${credential.kvMount}|${credential.key}|v${version}|slot${slot}|${fingerprint}`)
    .digest("hex")
    .slice(0, 32);
}
