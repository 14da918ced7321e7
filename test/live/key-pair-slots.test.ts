/*
 * Two-slot key pairs against a real OpenBao 2.7.2 KV v2 (versions, check-and-set, metadata written by
 * the real server, under the rotation policy the library generates for realworld dev) and the
 * in-process HTTPS slot broker, reached through the real KeyBrokerSlotsClient (every JWT checked).
 * OpenBao's AWS auth is an external plugin (ENGINES.md): the harness logs the function in with a
 * token of the generated policy. Root namespace: the plan's namespace is dropped from the event.
 */
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planInventory } from "../../lib/plan/inventory-plan";
import { rotationPolicyDocument } from "../../lib/policy/vault/human-policies";
import { renderVaultPolicy } from "../../lib/policy/vault/policy-text";
import { VAULT_SCHEDULE_SOURCE, type VaultScheduleEvent } from "../../lib/rotation/contract";
import { fingerprintOf, KeyBrokerSlotsClient } from "../../lib/rotation/key-broker-slots-client";
import { generateKeyPair } from "../../lib/rotation/strategies/key-pair-slots";
import { createVaultScheduleHandler } from "../../lib/rotation/vault/schedule-handler";
import { VaultClient, type VaultApi } from "../../lib/rotation/vault/vault-client";
import { validateDocument } from "../../lib/inventory/validate";
import { CallBudget } from "../support/rotation/fault-injection";
import { fixtureDocument } from "../support/inventories";
import { FakeSlotBroker, startHttpsSlotBroker } from "../support/rotation/fake-slot-broker";
import { startOpenBao, type OpenBaoServer } from "../support/live/engines";

describe("two-slot key pair rotation, live (OpenBao KV + HTTPS slot broker)", () => {
  const work = mkdtempSync(join(tmpdir(), "live-key-pair-slots-"));
  const dev = planInventory(validateDocument(fixtureDocument("realworld.yaml")).inventory!).environments.find((e) => e.name === "dev")!;
  const plan = dev.aws!.vaultBrokerRotation!;
  const credential = plan.credentials.find((c) => c.credentialId === "snowflake-loader/main")!;
  let bao: OpenBaoServer;
  let token: string;
  let broker: FakeSlotBroker;
  let https: Awaited<ReturnType<typeof startHttpsSlotBroker>>;

  const vault = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${bao.address}/v1/${path}`, {
      method,
      headers: { "X-Vault-Token": bao.rootToken, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const stored = async () => (await vault("GET", `${credential.kvMount}/data/${credential.key}`)).body.data.data as Record<string, unknown>;
  const storedFingerprint = async () => fingerprintOf(createPrivateKey(String((await stored()).privateKey)));
  const held = () => [...broker.slots.values()].filter((s) => s !== null).map((s) => s!.fingerprint);

  const run = (now: Date, budget = new CallBudget()) => {
    const client = new VaultClient({ timeoutMs: 5000 });
    const withToken: VaultApi = {
      loginWithAwsIam: async () => token,
      readMetadata: (...args) => client.readMetadata(...args),
      readVersion: (...args) => client.readVersion(...args),
      writeCas: (...args) => client.writeCas(...args),
    };
    const event: VaultScheduleEvent = {
      source: VAULT_SCHEDULE_SOURCE,
      credentials: [
        {
          vaultAddress: bao.address,
          kvMount: credential.kvMount,
          key: credential.key,
          endpoint: https.endpoint,
          authMount: plan.authMount,
          role: plan.authRole,
          keyPair: credential.keyPair,
        } as VaultScheduleEvent["credentials"][number],
      ],
    };
    return createVaultScheduleHandler({
      sink: () => undefined,
      vault: budget.instrument(withToken, "vault"),
      broker: {
        createKey: async () => Promise.reject(new Error("not the keys contract")),
        verifyKey: async () => false,
        revokeKey: async () => undefined,
      },
      slots: budget.instrument(new KeyBrokerSlotsClient({ ca: https.ca, timeoutMs: 5000 }), "broker"),
      now: () => now,
      // Read by the handler, never used: the login is the harness's token. Built from parts (no credential-shaped literal).
      environment: {
        AWS_ACCESS_KEY_ID: ["ASIA", "FAKE", "ROLE"].join(""),
        AWS_SECRET_ACCESS_KEY: ["fake", "secret", "of", "the", "role"].join("-"),
      },
    })(event);
  };

  beforeAll(async () => {
    expect(credential.keyPair).toEqual({ algorithm: "rsa-2048", slots: 2 });
    bao = await startOpenBao([], join(work, "bao"));
    broker = new FakeSlotBroker(2);
    https = await startHttpsSlotBroker(broker);
    expect((await vault("POST", `sys/mounts/${credential.kvMount}`, { type: "kv", options: { version: "2" } })).status).toBe(204);
    const document = rotationPolicyDocument(dev);
    expect((await vault("PUT", `sys/policies/acl/${document.name}`, { policy: renderVaultPolicy(document) })).status).toBe(204);
    token = (await vault("POST", "auth/token/create", { policies: [document.name], no_default_policy: true, ttl: "10m" })).body.auth
      .client_token;
  }, 180_000);

  afterAll(async () => {
    await https?.stop();
    await bao?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("adds the new key to the free slot, verifies it, stores it (a new KV version), then empties the old slot", async () => {
    const seeded = generateKeyPair("rsa-2048");
    broker.install(1, seeded.publicKey);
    expect(
      (
        await vault("POST", `${credential.kvMount}/data/${credential.key}`, {
          data: { endpoint: https.endpoint, privateKey: seeded.privateKey, account: "xy12345" },
        })
      ).status,
    ).toBe(200);
    broker.currentFingerprint = () => undefined;

    expect(Object.values(await run(new Date(Date.now() + 2 * 3600_000)))).toEqual(["rotated"]);
    const value = await stored();
    expect(value).toMatchObject({ slot: 2, algorithm: "rsa-2048", account: "xy12345", endpoint: https.endpoint });
    expect((await vault("GET", `${credential.kvMount}/metadata/${credential.key}`)).body.data.current_version).toBe(2);
    expect(held()).toEqual([await storedFingerprint()]);
    expect(broker.slots.get(1)).toBeNull();
    expect(https.requests).toEqual(["GET slots", "PUT slots/2", "POST slots/2/verify", "DELETE slots/1"]);
  });

  it("a crash after the KV write: the stored key is at the broker throughout, and the next run removes the old one without rotating again", async () => {
    const later = new Date(Date.now() + 3 * 3600_000);
    https.requests.length = 0;
    const before = await storedFingerprint();
    const budget = new CallBudget(8);
    await expect(run(later, budget)).rejects.toThrow(/injected crash after external call #8 \(vault\.writeCas\)/);
    expect(budget.log).toEqual([
      "vault.loginWithAwsIam",
      "vault.readMetadata",
      "vault.readVersion",
      "vault.readVersion",
      "broker.listSlots",
      "broker.putSlot",
      "broker.verifySlot",
      "vault.writeCas",
    ]);
    const after = await storedFingerprint();
    expect(after).not.toBe(before);
    expect(held().sort()).toEqual([before, after].sort());

    // Lambda's retry, right after (OpenBao dates the version with its own clock).
    expect(Object.values(await run(new Date()))).toEqual(["recently-rotated"]);
    expect(held()).toEqual([after]);
    expect((await vault("GET", `${credential.kvMount}/metadata/${credential.key}`)).body.data.current_version).toBe(3);
    expect(broker.violations).toEqual([]);
  });
});
