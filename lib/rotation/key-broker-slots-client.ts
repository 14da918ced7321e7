import { createHash, createPrivateKey, createPublicKey, randomUUID, sign, type KeyObject } from "node:crypto";
import { KEY_BROKER_SLOT_PATHS, type KeyPairAlgorithm } from "./slot-contract";
import { rotationErrors } from "./errors";
import { brokerRequest, type KeyBrokerSettings } from "./key-broker-client";

/** One slot of the service user at the broker; `fingerprint` null when the slot is empty. */
export interface SlotState {
  readonly slot: 1 | 2;
  readonly fingerprint: string | null;
}

/** A private key the client signs assertions with (PKCS#8 PEM). */
export interface SigningKey {
  readonly privateKey: string;
}

/** What the key-pair rotation needs of the broker (KeyBrokerSlotsClient has exactly this). */
export interface SlotBrokerApi {
  /** The slots, or `unauthorized` when the broker refuses `auth` (its public key is in no slot). */
  listSlots(endpoint: string, auth: SigningKey): Promise<readonly SlotState[] | "unauthorized">;
  /** Puts `publicKey` into `slot` if it still holds `expected` (null: empty); `conflict` when it holds another key. */
  putSlot(
    endpoint: string,
    auth: SigningKey,
    slot: 1 | 2,
    request: { publicKey: string; algorithm: KeyPairAlgorithm; expected: string | null; idempotencyKey: string },
  ): Promise<{ fingerprint: string } | "conflict">;
  /** True when the broker logs the service user in with an assertion signed by `key`. */
  verifySlot(endpoint: string, slot: 1 | 2, key: SigningKey): Promise<boolean>;
  /** Empties `slot` if it holds `expected`: `deleted`, `gone` (already empty), `conflict` (another key: left alone). */
  deleteSlot(endpoint: string, auth: SigningKey, slot: 1 | 2, expected: string): Promise<"deleted" | "gone" | "conflict">;
}

/** `SHA256:<base64>` of the DER SubjectPublicKeyInfo (the form of lib/seed/public-key-fingerprint.ts). */
export function fingerprintOf(key: KeyObject | string): string {
  const object = typeof key === "string" ? createPublicKey(key) : key.type === "private" ? createPublicKey(key) : key;
  return `SHA256:${createHash("sha256")
    .update(object.export({ type: "spki", format: "der" }))
    .digest("base64")}`;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/**
 * A short-lived JWT signed by `privateKey`: RS256 (RSA), ES256 (P-256, JOSE signature encoding) or
 * EdDSA (Ed25519). `iss`/`sub` = the key's fingerprint, `aud` = the endpoint.
 */
export function signAssertion(privateKey: string, audience: string, now: Date, lifetimeSeconds = 120): string {
  const key = createPrivateKey(privateKey);
  const type = key.asymmetricKeyType;
  const alg = type === "rsa" ? "RS256" : type === "ec" ? "ES256" : type === "ed25519" ? "EdDSA" : undefined;
  if (!alg) throw rotationErrors.keyBroker("sign", `unsupported key type ${String(type)}`);
  const fingerprint = fingerprintOf(key);
  const iat = Math.floor(now.getTime() / 1000);
  const header = base64url(JSON.stringify({ alg, typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({ iss: fingerprint, sub: fingerprint, aud: audience, iat, exp: iat + lifetimeSeconds, jti: randomUUID() }),
  );
  const input = Buffer.from(`${header}.${payload}`);
  const signature =
    alg === "EdDSA" ? sign(null, input, key) : sign("sha256", input, alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key);
  return `${header}.${payload}.${base64url(signature)}`;
}

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=$/;

function parseJson(text: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** The broker's slot contract (contract.ts, KEY_BROKER_SLOT_PATHS) over HTTPS, with key-broker-client.ts's guards. */
export class KeyBrokerSlotsClient implements SlotBrokerApi {
  constructor(
    private readonly settings: KeyBrokerSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async listSlots(endpoint: string, auth: SigningKey): Promise<readonly SlotState[] | "unauthorized"> {
    const response = await this.call("list slots", "GET", endpoint, KEY_BROKER_SLOT_PATHS.list, auth, {});
    if (response.status === 401 || response.status === 403) return "unauthorized";
    if (response.status !== 200) throw rotationErrors.keyBroker("list slots", response.status);
    const slots = parseJson(response.body).slots;
    if (!Array.isArray(slots)) throw rotationErrors.keyBroker("list slots", "malformed answer");
    const seen = new Set<number>();
    return slots.map((entry: unknown) => {
      const { slot, fingerprint } = (entry ?? {}) as { slot?: unknown; fingerprint?: unknown };
      if ((slot !== 1 && slot !== 2) || seen.has(slot)) throw rotationErrors.keyBroker("list slots", "malformed answer");
      seen.add(slot);
      if (fingerprint !== null && (typeof fingerprint !== "string" || !FINGERPRINT.test(fingerprint)))
        throw rotationErrors.keyBroker("list slots", "malformed answer");
      return { slot, fingerprint: fingerprint as string | null };
    });
  }

  async putSlot(
    endpoint: string,
    auth: SigningKey,
    slot: 1 | 2,
    request: { publicKey: string; algorithm: KeyPairAlgorithm; expected: string | null; idempotencyKey: string },
  ): Promise<{ fingerprint: string } | "conflict"> {
    const condition: Record<string, string> =
      request.expected === null ? { "If-None-Match": "*" } : { "If-Match": `"${request.expected}"` };
    const body = JSON.stringify({ publicKey: request.publicKey, algorithm: request.algorithm });
    const response = await this.call(
      "put slot",
      "PUT",
      endpoint,
      KEY_BROKER_SLOT_PATHS.slot(slot),
      auth,
      { ...condition, "Idempotency-Key": request.idempotencyKey },
      body,
    );
    if (response.status === 412) return "conflict";
    if (response.status !== 200 && response.status !== 201) throw rotationErrors.keyBroker("put slot", response.status);
    const fingerprint = parseJson(response.body).fingerprint;
    if (typeof fingerprint !== "string" || fingerprint !== fingerprintOf(request.publicKey))
      throw rotationErrors.keyBroker("put slot", "answer names another key");
    return { fingerprint };
  }

  async verifySlot(endpoint: string, slot: 1 | 2, key: SigningKey): Promise<boolean> {
    const assertion = signAssertion(key.privateKey, endpoint, this.now());
    const response = await this.call(
      "verify slot",
      "POST",
      endpoint,
      KEY_BROKER_SLOT_PATHS.verify(slot),
      key,
      {},
      JSON.stringify({ assertion }),
    );
    if (response.status === 401 || response.status === 403) return false;
    if (response.status !== 200) throw rotationErrors.keyBroker("verify slot", response.status);
    return true;
  }

  async deleteSlot(endpoint: string, auth: SigningKey, slot: 1 | 2, expected: string): Promise<"deleted" | "gone" | "conflict"> {
    const response = await this.call("delete slot", "DELETE", endpoint, KEY_BROKER_SLOT_PATHS.slot(slot), auth, {
      "If-Match": `"${expected}"`,
    });
    if (response.status === 404) return "gone";
    if (response.status === 412) return "conflict";
    if (response.status !== 204 && response.status !== 200) throw rotationErrors.keyBroker("delete slot", response.status);
    return "deleted";
  }

  private call(
    operation: string,
    method: string,
    endpoint: string,
    path: string,
    auth: SigningKey,
    headers: Record<string, string>,
    body?: string,
  ) {
    const bearer = signAssertion(auth.privateKey, endpoint, this.now());
    return brokerRequest(this.settings, { operation, method, endpoint, path, bearer, headers, ...(body !== undefined && { body }) });
  }
}
