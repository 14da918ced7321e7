import { createPrivateKey } from "node:crypto";
import { connUri } from "../../lib/rotation/record-fields";
import fc from "fast-check";
import { VAULT_SCHEDULE_SOURCE } from "../../lib/rotation/contract";
import type { KeyPairAlgorithm, KeyPairBrokerCredential } from "../../lib/rotation/slot-contract";
import { fingerprintOf } from "../../lib/rotation/key-broker-slots-client";
import { RedactingLogger } from "../../lib/rotation/redacting-logger";
import { generateKeyPair, rotateVaultKeyPairSlots, type GeneratedKeyPair } from "../../lib/rotation/strategies/key-pair-slots";
import { runVaultSchedule, validateScheduleEvent } from "../../lib/rotation/vault/scheduled-rotation";
import { CallBudget, InjectedCrash } from "../support/rotation/fault-injection";
import { FakeSlotBroker, MemoryKv } from "../support/rotation/fake-slot-broker";
import { propertyRuns } from "../support/property-runs";

const ENDPOINT = "https://key-broker.internal/snowflake";
const DAY = 86_400_000;

// Ed25519 keys are fast to make: a pool shared by the property runs.
const POOL = Array.from({ length: 400 }, () => generateKeyPair("ed25519"));

function credential(slots: 1 | 2, algorithm: KeyPairAlgorithm = "ed25519"): KeyPairBrokerCredential {
  return {
    vaultAddress: "https://vault.example:8200",
    namespace: "etl/dev",
    kvMount: "dev/kv",
    key: "connectors/snowflake-loader/main",
    endpoint: ENDPOINT,
    authMount: "dev/aws",
    role: "r",
    keyPair: { algorithm, slots },
  };
}

function storedFingerprint(kv: MemoryKv): string {
  const data = kv.current()!.data as { privateKey?: string; apiKey?: string };
  return fingerprintOf(createPrivateKey((data.privateKey ?? data.apiKey)!));
}

/** A seeded store and broker: key 0 in slot 1, the store's value holding its private key. */
function world(slots: 1 | 2, options: { legacy?: boolean; keys?: GeneratedKeyPair[] } = {}) {
  const keys = options.keys ?? POOL;
  let next = 1;
  let now = new Date("2026-01-01T00:00:00Z");
  const kv = new MemoryKv(() => now);
  const broker = new FakeSlotBroker(slots);
  const first = keys[0]!;
  broker.install(1, first.publicKey);
  kv.seed(
    options.legacy
      ? { endpoint: ENDPOINT, keyId: "seeded", apiKey: first.privateKey, account: "xy12345" }
      : { endpoint: ENDPOINT, privateKey: first.privateKey, account: "xy12345" },
  );
  broker.currentFingerprint = () => storedFingerprint(kv);
  const lines: string[] = [];
  const run = async (crashAfter?: number) => {
    const budget = new CallBudget(crashAfter);
    const result = await rotateVaultKeyPairSlots(credential(slots), "token", {
      vault: budget.instrument(kv, "vault"),
      slots: budget.instrument(broker, "broker"),
      logger: new RedactingLogger((line) => lines.push(line)),
      now: () => now,
      generate: () => keys[next++ % keys.length]!,
    }).catch((error) => {
      if (error instanceof InjectedCrash) return "crashed" as const;
      throw error;
    });
    return { result, calls: budget.log };
  };
  return {
    kv,
    broker,
    lines,
    run,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    heldFingerprints: () => [...broker.slots.values()].filter((s) => s !== null).map((s) => s!.fingerprint),
  };
}

describe("two-slot key pairs: add to the free slot, verify, store, then remove the old key", () => {
  it("rotates: the new key goes into slot 2, is verified, stored, and slot 1 is emptied", async () => {
    const w = world(2);
    w.advance(31 * DAY);
    const { result, calls } = await w.run();
    expect(result).toMatchObject({ outcome: "rotated", version: 2 });
    expect(calls.filter((c) => c.startsWith("broker."))).toEqual([
      "broker.listSlots",
      "broker.putSlot",
      "broker.verifySlot",
      "broker.deleteSlot",
    ]);
    const stored = w.kv.current()!.data as Record<string, unknown>;
    expect(stored).toMatchObject({
      slot: 2,
      algorithm: "ed25519",
      account: "xy12345",
      endpoint: ENDPOINT,
      publicKeyFingerprint: fingerprintOf(POOL[1]!.publicKey),
    });
    // What Airflow's Vault backend reads is the new key, in the same version (record-fields.ts).
    expect(stored.conn_uri).toBe(connUri({ conn_type: "generic", extra: { private_key: stored.privateKey as string } }));
    expect(w.broker.slots.get(1)).toBeNull();
    expect(w.broker.slots.get(2)?.fingerprint).toBe(storedFingerprint(w.kv));
    // The next rotation goes back into slot 1.
    w.advance(31 * DAY);
    await w.run();
    expect(w.kv.current()!.data).toMatchObject({ slot: 1 });
    expect(w.heldFingerprints()).toEqual([storedFingerprint(w.kv)]);
    expect(w.broker.violations).toEqual([]);
    expect(w.lines.join("\n")).not.toContain("PRIVATE KEY");
  });

  it("keeps a value seeded as the broker record working: apiKey follows the new private key", async () => {
    const w = world(2, { legacy: true });
    w.advance(31 * DAY);
    await w.run();
    const stored = w.kv.current()!.data as Record<string, string>;
    expect(stored.apiKey).toBe(stored.privateKey);
    expect(stored.keyId).toBe("slot-2");
    expect(stored.conn_uri).toBe(
      connUri({ conn_type: "generic", login: "slot-2", password: stored.privateKey, extra: { private_key: stored.privateKey } }),
    );
  });

  it("overwrites a crashed run's unknown key in the free slot", async () => {
    const w = world(2);
    w.advance(31 * DAY);
    const clean = world(2);
    clean.advance(31 * DAY);
    const putAt = (await clean.run()).calls.indexOf("broker.putSlot") + 1;
    const crashed = await w.run(putAt); // the new key is in slot 2, its private key lost with the crash
    expect(crashed.result).toBe("crashed");
    const orphan = w.broker.slots.get(2)!.fingerprint;
    expect(orphan).not.toBe(storedFingerprint(w.kv));
    const { result } = await w.run();
    expect(result).toMatchObject({ outcome: "rotated" });
    expect(w.heldFingerprints()).toEqual([storedFingerprint(w.kv)]);
    expect(w.heldFingerprints()).not.toContain(orphan);
    expect(w.lines.some((l) => l.includes("free slot holds an unknown key"))).toBe(true);
  });

  it("finishes a rotation that crashed after the write: the next run removes the old key, and does not rotate again", async () => {
    const w = world(2);
    w.advance(31 * DAY);
    const cleanWorld = world(2);
    cleanWorld.advance(31 * DAY);
    const writeAt = (await cleanWorld.run()).calls.indexOf("vault.writeCas") + 1;
    expect(writeAt).toBeGreaterThan(0);
    expect((await w.run(writeAt)).result).toBe("crashed");
    expect(w.heldFingerprints()).toHaveLength(2);
    w.advance(10 * 60_000);
    const { result } = await w.run();
    expect(result).toMatchObject({ outcome: "recently-rotated", version: 2 });
    expect(w.heldFingerprints()).toEqual([storedFingerprint(w.kv)]);
  });

  it("crash after every external call, then a clean run: both slots never empty, the current key never removed, the rotation completes", async () => {
    const clean = world(2);
    clean.advance(31 * DAY);
    const steps = (await clean.run()).calls.length;
    expect(steps).toBeGreaterThanOrEqual(7);
    for (let crashAfter = 1; crashAfter <= steps; crashAfter++) {
      const w = world(2);
      w.advance(31 * DAY);
      await w.run(crashAfter);
      expect(w.heldFingerprints()).toContain(storedFingerprint(w.kv));
      w.advance(10 * 60_000);
      await w.run();
      expect(w.broker.violations).toEqual([]);
      expect(w.kv.versions.length).toBe(2);
      expect(w.heldFingerprints()).toEqual([storedFingerprint(w.kv)]);
    }
  });

  it("property: any sequence of runs with crashes injected at any step keeps the invariants", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            crashAfter: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
            wait: fc.constantFrom(0, 600_000, 2 * 3600_000, DAY, 31 * DAY),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (runs) => {
          const w = world(2);
          for (const step of runs) {
            w.advance(step.wait);
            await w.run(step.crashAfter);
            // Consumers holding the stored key can always log in; nothing else happened to the slots.
            expect(w.broker.violations).toEqual([]);
            expect(w.heldFingerprints()).toContain(storedFingerprint(w.kv));
          }
          // A clean run past the period rotates and leaves exactly the stored key.
          w.advance(31 * DAY);
          const before = w.kv.versions.length;
          const { result } = await w.run();
          expect(result).toMatchObject({ outcome: "rotated", version: before + 1 });
          expect(w.heldFingerprints()).toEqual([storedFingerprint(w.kv)]);
          expect(w.broker.violations).toEqual([]);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });

  it("a check-and-set conflict keeps the winner: the loser removes only its own key", async () => {
    const w = world(2);
    w.advance(31 * DAY);
    // The winner's whole run happens between the loser's verify and its write.
    const racing = new Proxy(w.kv, {
      get(target, property, receiver) {
        if (property !== "writeCas") return Reflect.get(target, property, receiver);
        return async (...args: Parameters<MemoryKv["writeCas"]>) => {
          await rotateVaultKeyPairSlots(credential(2), "token", {
            vault: w.kv,
            slots: w.broker,
            logger: new RedactingLogger(() => undefined),
            now: () => new Date("2026-02-01T00:00:00Z"),
            generate: () => POOL[50]!,
          });
          return target.writeCas(...args);
        };
      },
    });
    const result = await rotateVaultKeyPairSlots(credential(2), "token", {
      vault: racing,
      slots: w.broker,
      logger: new RedactingLogger(() => undefined),
      now: () => new Date("2026-02-01T00:00:00Z"),
      generate: () => POOL[40]!,
    });
    expect(result.outcome).toBe("another-run-won");
    expect(storedFingerprint(w.kv)).toBe(fingerprintOf(POOL[50]!.publicKey));
    expect(w.heldFingerprints()).toEqual([fingerprintOf(POOL[50]!.publicKey)]);
    expect(w.broker.violations).toEqual([]);
  });

  it("refuses to act when the broker holds the current key in no slot", async () => {
    const w = world(2);
    w.broker.slots.set(1, null);
    w.broker.install(2, POOL[9]!.publicKey);
    w.advance(31 * DAY);
    await expect(w.run()).rejects.toThrow(/holds the current key in no slot/);
    expect(w.kv.versions.length).toBe(1);
  });

  it.each(["rsa-2048", "ecdsa-p256", "ed25519"] as const)("rotates a %s key pair with a key of that algorithm", async (algorithm) => {
    const keys = [generateKeyPair(algorithm), generateKeyPair(algorithm)];
    const w = world(2, { keys });
    w.advance(31 * DAY);
    const result = await rotateVaultKeyPairSlots(credential(2, algorithm), "token", {
      vault: w.kv,
      slots: w.broker,
      logger: new RedactingLogger(() => undefined),
      now: () => new Date("2026-03-01T00:00:00Z"),
    });
    expect(result.outcome).toBe("rotated");
    const stored = w.kv.current()!.data as Record<string, string>;
    expect(createPrivateKey(stored.privateKey!).asymmetricKeyType).toBe(
      algorithm === "rsa-2048" ? "rsa" : algorithm === "ecdsa-p256" ? "ec" : "ed25519",
    );
    expect(w.heldFingerprints()).toEqual([storedFingerprint(w.kv)]);
  });
});

describe("one-slot key pairs: replaced in place", () => {
  it("writes the new value, then replaces the key in its slot", async () => {
    const w = world(1);
    w.advance(31 * DAY);
    const { result, calls } = await w.run();
    expect(result).toMatchObject({ outcome: "rotated", version: 2 });
    expect(calls.filter((c) => c.startsWith("broker."))).toEqual(["broker.listSlots", "broker.putSlot", "broker.verifySlot"]);
    expect(w.kv.current()!.data).toMatchObject({ slot: 1 });
    expect(w.heldFingerprints()).toEqual([storedFingerprint(w.kv)]);
  });

  it("crash after every external call, then a clean run: the broker ends with the stored key", async () => {
    const clean = world(1);
    clean.advance(31 * DAY);
    const steps = (await clean.run()).calls.length;
    for (let crashAfter = 1; crashAfter <= steps; crashAfter++) {
      const w = world(1);
      w.advance(31 * DAY);
      await w.run(crashAfter);
      w.advance(10 * 60_000);
      await w.run();
      expect(w.broker.violations).toEqual([]);
      expect(w.heldFingerprints()).toEqual([storedFingerprint(w.kv)]);
    }
  });

  it("property: after any sequence with crashes, a clean run leaves the stored key in the slot", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            crashAfter: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
            wait: fc.constantFrom(0, 600_000, DAY, 31 * DAY),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        async (runs) => {
          const w = world(1);
          for (const step of runs) {
            w.advance(step.wait);
            await w.run(step.crashAfter);
            expect(w.broker.violations).toEqual([]);
          }
          w.advance(600_000);
          await w.run();
          expect(w.heldFingerprints()).toEqual([storedFingerprint(w.kv)]);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });
});

describe("the schedule event routes key pairs to the slot strategy", () => {
  it("validates keyPair and rotates through the slots; without a slot client the credential fails", async () => {
    expect(() =>
      validateScheduleEvent({
        source: VAULT_SCHEDULE_SOURCE,
        credentials: [{ ...credential(2), keyPair: { algorithm: "dsa" as never, slots: 2 } } as KeyPairBrokerCredential],
      }),
    ).toThrow(/keyPair needs an algorithm/);
    expect(() =>
      validateScheduleEvent({
        source: VAULT_SCHEDULE_SOURCE,
        credentials: [{ ...credential(2), keyPair: { algorithm: "ed25519", slots: 3 as never } } as KeyPairBrokerCredential],
      }),
    ).toThrow(/slots 1 or 2/);
    const w = world(2);
    const now = () => new Date("2026-03-01T00:00:00Z");
    const legacyBroker = { createKey: jest.fn(), verifyKey: jest.fn(), revokeKey: jest.fn() };
    const deps = {
      vault: w.kv,
      broker: legacyBroker,
      credentials: () => ({ accessKeyId: "a", secretAccessKey: "b" }),
      logger: new RedactingLogger(() => undefined),
      now,
    };
    await expect(runVaultSchedule({ source: VAULT_SCHEDULE_SOURCE, credentials: [credential(2)] }, deps)).rejects.toThrow(/slot client/);
    const outcomes = await runVaultSchedule({ source: VAULT_SCHEDULE_SOURCE, credentials: [credential(2)] }, { ...deps, slots: w.broker });
    expect(Object.values(outcomes)).toEqual(["rotated"]);
    expect(legacyBroker.createKey).not.toHaveBeenCalled();
    expect(w.heldFingerprints()).toEqual([storedFingerprint(w.kv)]);
  });
});
