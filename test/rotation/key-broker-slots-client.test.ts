import { createPrivateKey } from "node:crypto";
import { VAULT_SCHEDULE_SOURCE } from "../../lib/rotation/contract";
import { fingerprintOf, KeyBrokerSlotsClient, signAssertion } from "../../lib/rotation/key-broker-slots-client";
import { RedactingLogger } from "../../lib/rotation/redacting-logger";
import { generateKeyPair } from "../../lib/rotation/strategies/key-pair-slots";
import { runVaultSchedule } from "../../lib/rotation/vault/scheduled-rotation";
import type { KeyPairBrokerCredential } from "../../lib/rotation/slot-contract";
import { FakeSlotBroker, MemoryKv, startHttpsSlotBroker, verifyJwt } from "../support/rotation/fake-slot-broker";

/** The slot client against an in-process HTTPS broker that checks every JWT's signature. */
describe("KeyBrokerSlotsClient over HTTPS", () => {
  let broker: FakeSlotBroker;
  let server: Awaited<ReturnType<typeof startHttpsSlotBroker>>;
  const first = generateKeyPair("ecdsa-p256");
  const stranger = generateKeyPair("ecdsa-p256");

  beforeAll(async () => {
    broker = new FakeSlotBroker(2);
    server = await startHttpsSlotBroker(broker);
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    broker.slots.set(1, null);
    broker.slots.set(2, null);
    broker.install(1, first.publicKey);
    server.requests.length = 0;
  });
  const client = () => new KeyBrokerSlotsClient({ ca: server.ca, timeoutMs: 3000 });

  it("lists slots with a key that holds one, and is refused with a key that holds none", async () => {
    expect(await client().listSlots(server.endpoint, first)).toEqual([
      { slot: 1, fingerprint: fingerprintOf(first.publicKey) },
      { slot: 2, fingerprint: null },
    ]);
    expect(await client().listSlots(server.endpoint, stranger)).toBe("unauthorized");
  });

  it("puts with If-None-Match / If-Match, verifies with the new key's assertion, deletes with If-Match", async () => {
    const next = generateKeyPair("ed25519");
    const put = await client().putSlot(server.endpoint, first, 2, {
      publicKey: next.publicKey,
      algorithm: "ed25519",
      expected: null,
      idempotencyKey: "idem-1",
    });
    expect(put).toEqual({ fingerprint: fingerprintOf(next.publicKey) });
    // Same Idempotency-Key: the first answer, even though the slot is no longer empty.
    expect(
      await client().putSlot(server.endpoint, first, 2, {
        publicKey: next.publicKey,
        algorithm: "ed25519",
        expected: null,
        idempotencyKey: "idem-1",
      }),
    ).toEqual(put);
    // Another key, wrong precondition: 412 → conflict.
    expect(
      await client().putSlot(server.endpoint, first, 2, {
        publicKey: stranger.publicKey,
        algorithm: "ecdsa-p256",
        expected: null,
        idempotencyKey: "idem-2",
      }),
    ).toBe("conflict");
    expect(await client().verifySlot(server.endpoint, 2, next)).toBe(true);
    expect(await client().verifySlot(server.endpoint, 1, next)).toBe(false);
    expect(await client().deleteSlot(server.endpoint, next, 1, fingerprintOf(stranger.publicKey))).toBe("conflict");
    expect(broker.slots.get(1)?.fingerprint).toBe(fingerprintOf(first.publicKey));
    expect(await client().deleteSlot(server.endpoint, next, 1, fingerprintOf(first.publicKey))).toBe("deleted");
    expect(await client().deleteSlot(server.endpoint, next, 1, fingerprintOf(first.publicKey))).toBe("gone");
    expect(server.requests).toEqual([
      "PUT slots/2",
      "PUT slots/2",
      "PUT slots/2",
      "POST slots/2/verify",
      "POST slots/1/verify",
      "DELETE slots/1",
      "DELETE slots/1",
      "DELETE slots/1",
    ]);
  });

  it("refuses an http endpoint and a put answer naming another key", async () => {
    await expect(client().listSlots(server.endpoint.replace("https:", "http:"), first)).rejects.toThrow(/not https/);
    const a = generateKeyPair("ed25519");
    const b = generateKeyPair("ed25519");
    await client().putSlot(server.endpoint, first, 2, {
      publicKey: a.publicKey,
      algorithm: "ed25519",
      expected: null,
      idempotencyKey: "idem-reused",
    });
    // The broker repeats its first answer for a reused Idempotency-Key: the client sees it is not the key it sent.
    await expect(
      client().putSlot(server.endpoint, first, 2, {
        publicKey: b.publicKey,
        algorithm: "ed25519",
        expected: fingerprintOf(a.publicKey),
        idempotencyKey: "idem-reused",
      }),
    ).rejects.toThrow(/answer names another key/);
  });

  it("signs assertions the broker accepts for RSA, P-256 and Ed25519 keys", () => {
    for (const algorithm of ["rsa-2048", "ecdsa-p256", "ed25519"] as const) {
      const pair = generateKeyPair(algorithm);
      const jwt = signAssertion(pair.privateKey, server.endpoint, new Date());
      const [header, payload] = jwt
        .split(".")
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
      expect(header.alg).toBe(algorithm === "rsa-2048" ? "RS256" : algorithm === "ecdsa-p256" ? "ES256" : "EdDSA");
      expect(payload.iss).toBe(fingerprintOf(createPrivateKey(pair.privateKey)));
      expect(payload.exp - payload.iat).toBe(120);
      expect(verifyJwt(jwt, pair.publicKey, server.endpoint, new Date())).toBe(true);
      expect(verifyJwt(jwt, stranger.publicKey, server.endpoint, new Date())).toBe(false);
    }
  });

  it("a scheduled two-slot rotation end to end over HTTPS: new key in slot 2, verified, stored, slot 1 emptied", async () => {
    const kv = new MemoryKv(() => new Date("2026-01-01T00:00:00Z"));
    kv.seed({ endpoint: server.endpoint, privateKey: first.privateKey });
    const credential: KeyPairBrokerCredential = {
      vaultAddress: "https://vault.example:8200",
      kvMount: "kv",
      key: "connectors/snowflake-loader/main",
      endpoint: server.endpoint,
      authMount: "aws",
      role: "r",
      keyPair: { algorithm: "rsa-2048", slots: 2 },
    };
    const outcomes = await runVaultSchedule(
      { source: VAULT_SCHEDULE_SOURCE, credentials: [credential] },
      {
        vault: kv,
        broker: { createKey: jest.fn(), verifyKey: jest.fn(), revokeKey: jest.fn() },
        slots: client(),
        credentials: () => ({ accessKeyId: "a", secretAccessKey: "b" }),
        logger: new RedactingLogger(() => undefined),
        now: () => new Date("2026-03-01T00:00:00Z"),
      },
    );
    expect(outcomes).toEqual({ "kv/connectors/snowflake-loader/main": "rotated" });
    const stored = kv.current()!.data as Record<string, string | number>;
    expect(createPrivateKey(String(stored.privateKey)).asymmetricKeyType).toBe("rsa");
    expect(broker.slots.get(1)).toBeNull();
    expect(broker.slots.get(2)?.fingerprint).toBe(stored.publicKeyFingerprint);
    expect(server.requests).toEqual(["GET slots", "PUT slots/2", "POST slots/2/verify", "DELETE slots/1"]);
  });
});
