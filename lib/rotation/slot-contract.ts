/*
 * The key broker's slot contract for key pairs (`rotation.slots`): beside contract.ts, in a file of
 * its own so that only the key-broker bundle includes it (every bundle imports contract.ts).
 * Runtime code: no cdktf, nothing outside lib/rotation.
 */

import type { VaultBrokerCredential } from "./contract";

/** Key pair algorithms (the inventory's `key-pair.algorithm`). */
export const KEY_PAIR_ALGORITHMS = ["rsa-2048", "rsa-4096", "ed25519", "ecdsa-p256"] as const;
export type KeyPairAlgorithm = (typeof KEY_PAIR_ALGORITHMS)[number];

/**
 * The key broker's slot contract for key pairs (`rotation.slots`), relative to the credential's
 * `endpoint`. A service user holds one or two public keys, each in a numbered slot (1, 2); a key is
 * named by its fingerprint `SHA256:<base64 of the DER SubjectPublicKeyInfo>`. Every call carries
 * `Authorization: Bearer <assertion>`: a JWT (RS256 / ES256 / EdDSA) signed by a private key whose
 * public key occupies a slot, claims `iss` = `sub` = its fingerprint, `aud` = the endpoint, `iat`,
 * `exp` (at most 5 minutes later), `jti`.
 * - list: GET `slots` answers 200 `{"slots": [{"slot": 1, "fingerprint": "SHA256:..." | null}, ...]}`.
 * - put: PUT `slots/<n>` `{"publicKey": "<SPKI PEM>", "algorithm": "rsa-2048"}` with `Idempotency-Key`
 *   and `If-Match: "<fingerprint>"` (the occupant the caller replaces) or `If-None-Match: *` (an
 *   empty slot); answers 200/201 `{"fingerprint": "..."}`, 412 when the slot holds another key; a
 *   repeated Idempotency-Key returns the first answer.
 * - verify: POST `slots/<n>/verify` `{"assertion": "<JWT signed by the new private key>"}`: 200 when
 *   the broker logs in as the service user with it, 401 when not.
 * - delete: DELETE `slots/<n>` with `If-Match: "<fingerprint>"`: 204; 404 = already empty; 412 = the
 *   slot holds another key (left alone).
 */
export const KEY_BROKER_SLOT_PATHS = {
  list: "slots",
  slot: (slot: number) => `slots/${slotNumber(slot)}`,
  verify: (slot: number) => `slots/${slotNumber(slot)}/verify`,
} as const;

function slotNumber(slot: number): number {
  if (slot !== 1 && slot !== 2) throw new Error(`a key broker slot is 1 or 2, got ${String(slot).slice(0, 20)}`);
  return slot;
}

/**
 * A key pair rotated through broker slots, as stored (Vault KV or Secrets Manager):
 * `{ endpoint, privateKey (PKCS#8 PEM), publicKeyFingerprint, slot, algorithm }`; other fields are
 * kept. A value seeded as the broker record (`apiKey` holds the PEM private key) is read too, and
 * every later version keeps `apiKey` equal to `privateKey` so its consumers keep working.
 */
export const KEY_PAIR_SLOT_SECRET_KEYS = ["endpoint", "privateKey", "publicKeyFingerprint", "slot", "algorithm"] as const;

/**
 * A schedule event's entry for a Vault-stored key pair: the broker credential plus `keyPair`
 * (`rotation.slots`, the spec's algorithm), rotated through the slots rather than `keys`. Kept out
 * of contract.ts, which every bundle imports.
 */
export interface KeyPairBrokerCredential extends VaultBrokerCredential {
  readonly keyPair?: { readonly algorithm: KeyPairAlgorithm; readonly slots: 1 | 2 };
}
