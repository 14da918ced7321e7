import { createPrivateKey, createPublicKey } from "node:crypto";
import type { ApiKeySecret } from "../contract";
import { RotationError, rotationErrors } from "../errors";
import { fingerprintOf, type SlotBrokerApi, type SlotState } from "../key-broker-slots-client";
import type { RedactingLogger } from "../redacting-logger";
import type { RotationStrategy, StepContext } from "../rotation-strategy";
import type { ValueOrigin } from "../secret-values";
import { KEY_PAIR_ALGORITHMS, KEY_PAIR_SLOT_SECRET_KEYS, type KeyPairAlgorithm } from "../slot-contract";
import { generateKeyPair, type GeneratedKeyPair } from "./key-pair-slots";
import { withToolFields } from "../record-fields";

/**
 * A key pair in Secrets Manager rotated through the broker's slots:
 * `{ "kind": "key-pair", endpoint, privateKey, publicKeyFingerprint, slot, algorithm, slots? }`.
 * `slots` (1 or 2, default 2) is the inventory's `rotation.slots`.
 */
export interface KeyPairSlotSecret {
  readonly kind: "key-pair";
  readonly endpoint: string;
  readonly privateKey: string;
  readonly publicKeyFingerprint: string;
  readonly slot: 1 | 2;
  readonly algorithm: KeyPairAlgorithm;
  readonly slots?: 1 | 2;
}

function parseObject(text: string, origin: ValueOrigin): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw rotationErrors.malformedSecret(origin.secretArn, origin.stage, "the value is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw rotationErrors.malformedSecret(origin.secretArn, origin.stage, "the value is not a JSON object");
  return parsed as Record<string, unknown>;
}

/** Parses a key-pair secret and registers its private key with the logger before anything can log it. */
export function parseKeyPairSlotSecret(text: string, origin: ValueOrigin, logger: RedactingLogger): KeyPairSlotSecret {
  const record = parseObject(text, origin);
  if (typeof record.privateKey === "string" && record.privateKey.length > 0) logger.addSecret(record.privateKey);
  const fail = (problem: string) => rotationErrors.malformedSecret(origin.secretArn, origin.stage, problem);
  if (record.kind !== "key-pair") throw fail(`"kind" must be "key-pair"`);
  if (typeof record.endpoint !== "string" || !/^https:\/\//.test(record.endpoint)) throw fail(`"endpoint" must be an https URL`);
  if (typeof record.privateKey !== "string" || record.privateKey.length === 0) throw fail(`"privateKey" must be a PEM private key`);
  let fingerprint: string;
  try {
    fingerprint = fingerprintOf(createPrivateKey(record.privateKey));
  } catch {
    throw fail(`"privateKey" is not a PEM private key`);
  }
  if (record.publicKeyFingerprint !== undefined && record.publicKeyFingerprint !== fingerprint)
    throw fail(`"publicKeyFingerprint" is not the private key's`);
  if (record.slot !== 1 && record.slot !== 2) throw fail(`"slot" must be 1 or 2`);
  if (!(KEY_PAIR_ALGORITHMS as readonly unknown[]).includes(record.algorithm))
    throw fail(`"algorithm" must be one of ${KEY_PAIR_ALGORITHMS.join(", ")}`);
  if (record.slots !== undefined && record.slots !== 1 && record.slots !== 2) throw fail(`"slots" must be 1 or 2`);
  return { ...(record as unknown as KeyPairSlotSecret), publicKeyFingerprint: fingerprint };
}

/** With the fields Airflow's Secrets Manager backend reads (record-fields.ts), in the same version. */
export function serializeKeyPairSlotSecret(secret: KeyPairSlotSecret): string {
  const record = withToolFields("key-pair-slots", "aws", secret as unknown as Record<string, unknown>);
  const known: readonly string[] = ["kind", ...KEY_PAIR_SLOT_SECRET_KEYS, "slots"];
  const keys = [
    ...known.filter((key) => key in record),
    ...Object.keys(record)
      .filter((key) => !known.includes(key))
      .sort(),
  ];
  const ordered: Record<string, unknown> = {};
  for (const key of keys) if (record[key] !== undefined) ordered[key] = record[key];
  return JSON.stringify(ordered);
}

/**
 * Secrets Manager's four steps for a key pair with broker slots (the Vault schedule's
 * rotateVaultKeyPairSlots, step by step):
 * - createSecret: a new key pair of the same algorithm → AWSPENDING, its slot the free one (two
 *   slots) or the current key's (one slot);
 * - setSecret: PUT the new public key into that slot (If-Match on what is there: an unknown key of a
 *   crashed attempt is overwritten; never the current key's slot with two slots);
 * - testSecret: the broker verifies an assertion signed by the new private key;
 * - finishSecret (afterFinish, after the stage move): the previous key's slot is emptied (If-Match).
 */
export class KeyPairSlotsStrategy implements RotationStrategy<KeyPairSlotSecret> {
  constructor(
    private readonly broker: SlotBrokerApi,
    private readonly generate: (algorithm: KeyPairAlgorithm) => GeneratedKeyPair = generateKeyPair,
  ) {}

  parse(text: string, origin: ValueOrigin, logger: RedactingLogger): KeyPairSlotSecret {
    return parseKeyPairSlotSecret(text, origin, logger);
  }

  serialize(value: KeyPairSlotSecret): string {
    return serializeKeyPairSlotSecret(value);
  }

  private async slotsOf(value: KeyPairSlotSecret, context: StepContext): Promise<readonly SlotState[]> {
    const listed = await this.broker.listSlots(value.endpoint, value);
    if (listed === "unauthorized")
      throw new RotationError(
        `the key broker holds the current key of ${context.secretArn} in no slot (fingerprint ${value.publicKeyFingerprint})`,
      );
    return listed;
  }

  async createPending(current: KeyPairSlotSecret, context: StepContext): Promise<KeyPairSlotSecret> {
    const slots = await this.slotsOf(current, context);
    const currentSlot = slots.find((s) => s.fingerprint === current.publicKeyFingerprint)?.slot;
    if (currentSlot === undefined) throw new RotationError(`the key broker holds the current key of ${context.secretArn} in no slot`);
    const next = this.generate(current.algorithm);
    context.logger.addSecret(next.privateKey);
    const slot = (current.slots ?? 2) === 1 ? currentSlot : currentSlot === 1 ? 2 : 1;
    return { ...current, privateKey: next.privateKey, publicKeyFingerprint: fingerprintOf(next.publicKey), slot };
  }

  checkSameTarget(current: KeyPairSlotSecret, other: KeyPairSlotSecret, context: StepContext): void {
    if (new URL(current.endpoint).href !== new URL(other.endpoint).href)
      throw rotationErrors.identityChanged(context.secretArn, "endpoint");
    if (current.algorithm !== other.algorithm) throw rotationErrors.identityChanged(context.secretArn, "algorithm");
  }

  async setPending(
    values: { readonly current: KeyPairSlotSecret; readonly pending: KeyPairSlotSecret },
    context: StepContext,
  ): Promise<void> {
    const { current, pending } = values;
    const listed = await this.broker.listSlots(current.endpoint, current);
    if (listed === "unauthorized") {
      // One slot: a retried setSecret after the in-place put; the pending key answers for itself.
      const byPending = await this.broker.listSlots(pending.endpoint, pending);
      if (
        byPending !== "unauthorized" &&
        byPending.some((s) => s.slot === pending.slot && s.fingerprint === pending.publicKeyFingerprint)
      ) {
        context.logger.info("pending key is in its slot already", { slot: pending.slot });
        return;
      }
      throw new RotationError(
        `the key broker holds the current key of ${context.secretArn} in no slot (fingerprint ${current.publicKeyFingerprint})`,
      );
    }
    const slots = listed;
    const occupant = slots.find((s) => s.slot === pending.slot)?.fingerprint ?? null;
    if (occupant === pending.publicKeyFingerprint) {
      context.logger.info("pending key is in its slot already", { slot: pending.slot });
      return;
    }
    const twoSlots = (current.slots ?? 2) === 2;
    if (twoSlots && occupant === current.publicKeyFingerprint)
      throw new RotationError(`slot ${pending.slot} of ${context.secretArn} holds the current key; refusing to overwrite it`);
    const publicKey = createPublicPem(pending.privateKey);
    const put = await this.broker.putSlot(pending.endpoint, current, pending.slot, {
      publicKey,
      algorithm: pending.algorithm,
      expected: occupant,
      idempotencyKey: context.token.replace(/[^A-Za-z0-9-]/g, "").slice(0, 64) || "pending",
    });
    if (put === "conflict")
      throw new RotationError(`slot ${pending.slot} of ${context.secretArn} changed during setSecret; the retry starts again`);
    context.logger.info(twoSlots ? "pending key added to the free slot" : "key replaced in place (one slot)", { slot: pending.slot });
  }

  async testPending(pending: KeyPairSlotSecret, context: StepContext): Promise<void> {
    if (!(await this.broker.verifySlot(pending.endpoint, pending.slot, pending)))
      throw new RotationError(`the key broker refuses the pending key of ${context.secretArn} in slot ${pending.slot}`);
    context.logger.info("pending key is accepted", { slot: pending.slot });
  }

  async afterFinish(
    values: { readonly current: KeyPairSlotSecret; readonly previous?: KeyPairSlotSecret },
    context: StepContext,
  ): Promise<void> {
    const { current, previous } = values;
    if (!previous || previous.publicKeyFingerprint === current.publicKeyFingerprint || (current.slots ?? 2) === 1) return;
    const slots = await this.slotsOf(current, context);
    const old = slots.find((s) => s.fingerprint === previous.publicKeyFingerprint && s.slot !== current.slot);
    if (!old) return;
    const outcome = await this.broker.deleteSlot(current.endpoint, current, old.slot, previous.publicKeyFingerprint);
    context.logger.info("previous key removed", { slot: old.slot, outcome });
  }
}

function createPublicPem(privateKey: string): string {
  return createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
}

/**
 * The key-broker bundle's Secrets Manager strategy: an `api-key` record (KeyBrokerStrategy, the
 * `keys` contract) or a `key-pair` record (KeyPairSlotsStrategy, the slot contract), chosen by the
 * value's `kind`; every value of one secret must be of the same kind.
 */
export class BrokerKindStrategy implements RotationStrategy<ApiKeySecret | KeyPairSlotSecret> {
  constructor(
    private readonly apiKeys: RotationStrategy<ApiKeySecret>,
    private readonly keyPairs: RotationStrategy<KeyPairSlotSecret>,
  ) {}

  parse(text: string, origin: ValueOrigin, logger: RedactingLogger): ApiKeySecret | KeyPairSlotSecret {
    let kind: unknown;
    try {
      kind = (JSON.parse(text) as { kind?: unknown })?.kind;
    } catch {
      kind = undefined;
    }
    return kind === "key-pair" ? this.keyPairs.parse(text, origin, logger) : this.apiKeys.parse(text, origin, logger);
  }

  serialize(value: ApiKeySecret | KeyPairSlotSecret): string {
    return value.kind === "key-pair" ? this.keyPairs.serialize(value) : this.apiKeys.serialize(value);
  }

  createPending(current: ApiKeySecret | KeyPairSlotSecret, context: StepContext): Promise<ApiKeySecret | KeyPairSlotSecret> {
    return current.kind === "key-pair" ? this.keyPairs.createPending(current, context) : this.apiKeys.createPending(current, context);
  }

  checkSameTarget(current: ApiKeySecret | KeyPairSlotSecret, other: ApiKeySecret | KeyPairSlotSecret, context: StepContext): void {
    if (current.kind !== other.kind) throw rotationErrors.identityChanged(context.secretArn, "kind");
    if (current.kind === "key-pair") this.keyPairs.checkSameTarget(current, other as KeyPairSlotSecret, context);
    else this.apiKeys.checkSameTarget(current, other as ApiKeySecret, context);
  }

  setPending(
    values: {
      readonly current: ApiKeySecret | KeyPairSlotSecret;
      readonly pending: ApiKeySecret | KeyPairSlotSecret;
      readonly previous?: ApiKeySecret | KeyPairSlotSecret;
    },
    context: StepContext,
  ): Promise<void> {
    const previous = values.previous && values.previous.kind === values.current.kind ? values.previous : undefined;
    return values.current.kind === "key-pair"
      ? this.keyPairs.setPending(
          { current: values.current, pending: values.pending as KeyPairSlotSecret, previous: previous as KeyPairSlotSecret | undefined },
          context,
        )
      : this.apiKeys.setPending(
          { current: values.current, pending: values.pending as ApiKeySecret, previous: previous as ApiKeySecret | undefined },
          context,
        );
  }

  testPending(pending: ApiKeySecret | KeyPairSlotSecret, context: StepContext): Promise<void> {
    return pending.kind === "key-pair" ? this.keyPairs.testPending(pending, context) : this.apiKeys.testPending(pending, context);
  }

  async afterFinish(
    values: { readonly current: ApiKeySecret | KeyPairSlotSecret; readonly previous?: ApiKeySecret | KeyPairSlotSecret },
    context: StepContext,
  ): Promise<void> {
    const previous = values.previous && values.previous.kind === values.current.kind ? values.previous : undefined;
    if (values.current.kind === "key-pair")
      await this.keyPairs.afterFinish?.({ current: values.current, previous: previous as KeyPairSlotSecret | undefined }, context);
    else await this.apiKeys.afterFinish?.({ current: values.current, previous: previous as ApiKeySecret | undefined }, context);
  }
}
