import { createPrivateKey } from "node:crypto";
import fc from "fast-check";
import { ROTATION_STEPS, type ApiKeySecret } from "../../lib/rotation/contract";
import { fingerprintOf } from "../../lib/rotation/key-broker-slots-client";
import { runRotationStep } from "../../lib/rotation/protocol";
import { RedactingLogger } from "../../lib/rotation/redacting-logger";
import type { RotationStrategy } from "../../lib/rotation/rotation-strategy";
import { generateKeyPair } from "../../lib/rotation/strategies/key-pair-slots";
import { BrokerKindStrategy, KeyPairSlotsStrategy, type KeyPairSlotSecret } from "../../lib/rotation/strategies/key-pair-slots-secret";
import { CallBudget, InjectedCrash } from "../support/rotation/fault-injection";
import { InMemorySecretStore } from "./in-memory-secret-store";
import { FakeSlotBroker } from "../support/rotation/fake-slot-broker";
import { propertyRuns } from "../support/property-runs";

const ENDPOINT = "https://key-broker.internal/snowflake";
const POOL = Array.from({ length: 200 }, () => generateKeyPair("ed25519"));

function currentOf(store: InMemorySecretStore): KeyPairSlotSecret {
  const version = [...store.versions.values()].find((v) => v.stages.includes("AWSCURRENT"))!;
  return JSON.parse(version.value!);
}

/** A Secrets Manager secret holding key 0 (slot 1), and the broker holding its public key. */
function world(slots: 1 | 2 = 2) {
  const store = new InMemorySecretStore();
  const broker = new FakeSlotBroker(slots);
  broker.install(1, POOL[0]!.publicKey);
  store.versions.set("v0", {
    value: JSON.stringify({
      kind: "key-pair",
      endpoint: ENDPOINT,
      privateKey: POOL[0]!.privateKey,
      publicKeyFingerprint: fingerprintOf(POOL[0]!.publicKey),
      slot: 1,
      algorithm: "ed25519",
      slots,
      account: "xy12345",
    }),
    stages: ["AWSCURRENT"],
  });
  broker.currentFingerprint = () => fingerprintOf(createPrivateKey(currentOf(store).privateKey));
  let next = 1;
  let rotation = 0;
  const held = () => [...broker.slots.values()].filter((s) => s !== null).map((s) => s!.fingerprint);
  /** One RotateSecret: the four steps, each retried until it passes; `crashAfter` crashes one call of one step once. */
  const rotate = async (crash?: { step: number; after: number }) => {
    const token = `t${++rotation}`;
    store.versions.set(token, { stages: ["AWSPENDING"] });
    for (const [index, step] of ROTATION_STEPS.entries()) {
      for (let attempt = 0; ; attempt++) {
        const budget = new CallBudget(crash && crash.step === index && attempt === 0 ? crash.after : undefined);
        const strategy = new KeyPairSlotsStrategy(budget.instrument(broker, "broker"), () => POOL[next++ % POOL.length]!);
        try {
          await runRotationStep(
            { Step: step, SecretId: store.arn, ClientRequestToken: token },
            { store: budget.instrument(store, "sm"), strategy, logger: new RedactingLogger(() => undefined) },
          );
          break;
        } catch (error) {
          if (!(error instanceof InjectedCrash)) throw error;
          // Consumers read AWSCURRENT: its key must be at the broker after any crash (two slots).
          if (slots === 2) expect(held()).toContain(broker.currentFingerprint());
        }
      }
    }
  };
  return { store, broker, rotate, held };
}

describe("Secrets Manager key pairs through broker slots (four steps)", () => {
  it("create → pending in the free slot; set → PUT; test → verify; finish → stage move, then the old slot emptied", async () => {
    const w = world();
    await w.rotate();
    const current = currentOf(w.store);
    expect(current).toMatchObject({
      kind: "key-pair",
      slot: 2,
      algorithm: "ed25519",
      account: "xy12345",
      publicKeyFingerprint: fingerprintOf(POOL[1]!.publicKey),
    });
    expect(w.held()).toEqual([current.publicKeyFingerprint]);
    expect(w.broker.log).toEqual(["put 2", "delete 1"]);
    await w.rotate();
    expect(currentOf(w.store).slot).toBe(1);
    expect(w.held()).toEqual([currentOf(w.store).publicKeyFingerprint]);
    expect(w.broker.violations).toEqual([]);
  });

  it("property: crashes after any call of any step, retried as Secrets Manager does, keep both invariants and finish the rotation", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.option(fc.record({ step: fc.integer({ min: 0, max: 3 }), after: fc.integer({ min: 1, max: 8 }) }), { nil: undefined }),
          { minLength: 1, maxLength: 5 },
        ),
        async (crashes) => {
          const w = world();
          for (const crash of crashes) {
            const before = currentOf(w.store).publicKeyFingerprint;
            await w.rotate(crash);
            expect(w.broker.violations).toEqual([]);
            expect(currentOf(w.store).publicKeyFingerprint).not.toBe(before);
            expect(w.held()).toEqual([currentOf(w.store).publicKeyFingerprint]);
          }
        },
      ),
      { numRuns: propertyRuns(80) },
    );
  });

  it("one slot: the key is replaced in place and a retried setSecret finds it there", async () => {
    const w = world(1);
    await w.rotate({ step: 1, after: 3 }); // setSecret: crash after its put
    expect(currentOf(w.store).slot).toBe(1);
    expect(w.held()).toEqual([currentOf(w.store).publicKeyFingerprint]);
  });

  it("refuses a pending value of another kind or endpoint (confused deputy)", async () => {
    const w = world();
    w.store.versions.set("t9", {
      value: JSON.stringify({ ...currentOf(w.store), endpoint: "https://attacker.example/" }),
      stages: ["AWSPENDING"],
    });
    const strategy = new KeyPairSlotsStrategy(w.broker);
    await expect(
      runRotationStep(
        { Step: "setSecret", SecretId: w.store.arn, ClientRequestToken: "t9" },
        { store: w.store, strategy, logger: new RedactingLogger(() => undefined) },
      ),
    ).rejects.toThrow(/different endpoint/);
  });

  it("the key-broker bundle's strategy routes by kind: api-key records keep the keys contract", async () => {
    const apiKeys: RotationStrategy<ApiKeySecret> = {
      parse: (text) => JSON.parse(text),
      serialize: (value) => JSON.stringify(value),
      createPending: jest.fn(async (current: ApiKeySecret) => ({ ...current, keyId: "k2", apiKey: "new-api-key-0123456789" })),
      checkSameTarget: () => undefined,
      setPending: jest.fn(async () => undefined),
      testPending: jest.fn(async () => undefined),
    };
    const w = world();
    const keyPairs = new KeyPairSlotsStrategy(w.broker, () => POOL[7]!);
    const both = new BrokerKindStrategy(apiKeys, keyPairs);
    const apiStore = new InMemorySecretStore();
    apiStore.versions.set("v0", {
      value: JSON.stringify({ kind: "api-key", endpoint: ENDPOINT, keyId: "k1", apiKey: "old-api-key-0123456789" }),
      stages: ["AWSCURRENT"],
    });
    apiStore.versions.set("t1", { stages: ["AWSPENDING"] });
    await runRotationStep(
      { Step: "createSecret", SecretId: apiStore.arn, ClientRequestToken: "t1" },
      { store: apiStore, strategy: both, logger: new RedactingLogger(() => undefined) },
    );
    expect(apiKeys.createPending).toHaveBeenCalledTimes(1);
    w.store.versions.set("t1", { stages: ["AWSPENDING"] });
    for (const step of ROTATION_STEPS)
      await runRotationStep(
        { Step: step, SecretId: w.store.arn, ClientRequestToken: "t1" },
        { store: w.store, strategy: both, logger: new RedactingLogger(() => undefined) },
      );
    expect(apiKeys.createPending).toHaveBeenCalledTimes(1);
    expect(currentOf(w.store).publicKeyFingerprint).toBe(fingerprintOf(POOL[7]!.publicKey));
    expect(w.held()).toEqual([fingerprintOf(POOL[7]!.publicKey)]);
    // A pending value of the other kind is refused.
    w.store.versions.set("t2", {
      value: JSON.stringify({ kind: "api-key", endpoint: ENDPOINT, keyId: "k", apiKey: "other-api-key-0123456789" }),
      stages: ["AWSPENDING"],
    });
    await expect(
      runRotationStep(
        { Step: "setSecret", SecretId: w.store.arn, ClientRequestToken: "t2" },
        { store: w.store, strategy: both, logger: new RedactingLogger(() => undefined) },
      ),
    ).rejects.toThrow(/different kind/);
  });
});
