/*
 * The key-broker schedule announcing its rotations, against real engines: OpenBao 2.7.2's KV v2
 * holds the broker credential (written and versioned by the real server, under the rotation policy
 * the library generates), moto's SNS receives the announcement, read back through SQS. The broker is
 * the in-process fake of the unit tests; OpenBao's AWS auth is an external plugin (ENGINES.md), so
 * the harness logs the function in with a token of the generated policy. Root namespace: the plan's
 * namespace (etl/dev) is dropped from the event; the paths are the same.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planInventory } from "../../lib/plan/inventory-plan";
import { rotationPolicyDocument } from "../../lib/policy/vault/human-policies";
import { renderVaultPolicy } from "../../lib/policy/vault/policy-text";
import { VAULT_SCHEDULE_SOURCE, type VaultScheduleEvent } from "../../lib/rotation/contract";
import { createVaultScheduleHandler } from "../../lib/rotation/vault/schedule-handler";
import { VaultClient, type VaultApi } from "../../lib/rotation/vault/vault-client";
import { validateDocument } from "../../lib/inventory/validate";
import { vaultClusterKey } from "../../lib/plan/names";
import { fixtureDocument } from "../support/inventories";
import { FakeBroker } from "../support/rotation/fake-broker";
import { startOpenBao, type OpenBaoServer } from "../support/live/engines";
import { startMotoSns, type MotoSns } from "../support/live/moto-sns";

describe("key-broker schedule announces its rotations, live (OpenBao KV + moto)", () => {
  const work = mkdtempSync(join(tmpdir(), "live-key-broker-announce-"));
  const dev = planInventory(validateDocument(fixtureDocument("realworld.yaml")).inventory!).environments.find((e) => e.name === "dev")!;
  const broker = dev.aws!.vaultBrokerRotation!;
  const credential = broker.credentials.find((c) => c.credentialId === "snowflake-loader/main")!;
  const cluster = vaultClusterKey(dev.vault!.address);
  let bao: OpenBaoServer;
  let moto: MotoSns;
  let token: string;
  let rotatedTopic: string;
  let fakeBroker: FakeBroker;

  const vault = async (method: string, path: string, body?: unknown, as = bao.rootToken) => {
    const response = await fetch(`${bao.address}/v1/${path}`, {
      method,
      headers: { "X-Vault-Token": as, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const handler = (topicArn: string, now: () => Date) => {
    const client = new VaultClient({ timeoutMs: 5000 });
    const withToken: VaultApi = {
      loginWithAwsIam: async () => token,
      readMetadata: (...args) => client.readMetadata(...args),
      readVersion: (...args) => client.readVersion(...args),
      writeCas: (...args) => client.writeCas(...args),
    };
    return createVaultScheduleHandler({
      sink: () => undefined,
      vault: withToken,
      broker: fakeBroker,
      now,
      environment: {
        ...moto.environment(),
        ROTATED_TOPIC_ARN: topicArn,
        ORGANIZATION: dev.organization,
        ENVIRONMENT: dev.name,
        VAULT_CLUSTER: cluster,
      },
    });
  };

  const event = (): VaultScheduleEvent => ({
    source: VAULT_SCHEDULE_SOURCE,
    credentials: [
      {
        vaultAddress: bao.address,
        kvMount: credential.kvMount,
        key: credential.key,
        endpoint: credential.endpoint,
        authMount: broker.authMount,
        role: broker.authRole,
      },
    ],
  });

  beforeAll(async () => {
    bao = await startOpenBao([], join(work, "bao"));
    moto = startMotoSns();
    expect((await vault("POST", `sys/mounts/${credential.kvMount}`, { type: "kv", options: { version: "2" } })).status).toBe(204);
    const document = rotationPolicyDocument(dev);
    expect((await vault("PUT", `sys/policies/acl/${document.name}`, { policy: renderVaultPolicy(document) })).status).toBe(204);
    token = (await vault("POST", "auth/token/create", { policies: [document.name], no_default_policy: true, ttl: "10m" })).body.auth
      .client_token;
    rotatedTopic = (await moto.subscribe(["acme-data-dev-secret-rotated"]))["acme-data-dev-secret-rotated"];
  }, 180_000);

  afterAll(async () => {
    await bao?.stop();
    moto?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("a failed announcement leaves the new key stored; the retry rotates nothing and announces that version, at its KV creation time", async () => {
    fakeBroker = new FakeBroker();
    const original = fakeBroker.issue();
    expect(
      (
        await vault("POST", `${credential.kvMount}/data/${credential.key}`, {
          data: { endpoint: credential.endpoint, keyId: original.keyId, apiKey: original.apiKey },
        })
      ).status,
    ).toBe(200);
    await moto.drain();

    // Two hours on, the schedule rotates; SNS refuses the topic (it does not exist).
    const later = new Date(Date.now() + 2 * 3600_000);
    await expect(handler(rotatedTopic.replace(/[^:]+$/, "no-such-topic"), () => later)(event())).rejects.toThrow(
      /version 2 is stored but announcing it failed/,
    );
    const metadata = (await vault("GET", `${credential.kvMount}/metadata/${credential.key}`)).body.data;
    expect(metadata.current_version).toBe(2);
    const createdTime: string = metadata.versions["2"].created_time;

    // Lambda's retry, right after: the version is recent, so only the announcement happens.
    expect(Object.values(await handler(rotatedTopic, () => new Date())(event()))).toEqual(["recently-rotated"]);
    expect((await vault("GET", `${credential.kvMount}/metadata/${credential.key}`)).body.data.current_version).toBe(2);
    expect(fakeBroker.activeKeyIds()).toHaveLength(1);

    const messages = await moto.drain();
    const location = `vault:${cluster}/${credential.kvMount}/data/${credential.key}`;
    expect(messages).toEqual([
      {
        event: "RotationSucceeded",
        organization: "acme-data",
        environment: "dev",
        connector: "snowflake-loader",
        credential: "main",
        time: createdTime,
        store: "vault",
        source: "key-broker",
        location,
        dedupeId: `${location}@${createdTime}`,
      },
    ]);
    // The value went to Vault, never to the topic.
    const current = (await vault("GET", `${credential.kvMount}/data/${credential.key}`)).body.data.data;
    expect(JSON.stringify(messages)).not.toContain(current.apiKey);
  });

  it("announces a clean rotation with the time OpenBao's write answered, the same its metadata keeps (so a retry's dedupeId matches)", async () => {
    await moto.drain();
    expect(Object.values(await handler(rotatedTopic, () => new Date(Date.now() + 2 * 3600_000))(event()))).toEqual(["rotated"]);
    const metadata = (await vault("GET", `${credential.kvMount}/metadata/${credential.key}`)).body.data;
    const version = String(metadata.current_version);
    const messages = await moto.drain();
    expect(messages.map((m) => m.time)).toEqual([metadata.versions[version].created_time]);
    expect(Object.values(await handler(rotatedTopic, () => new Date())(event()))).toEqual(["recently-rotated"]);
    const retried = await moto.drain();
    expect(retried.map((m) => m.dedupeId)).toEqual(messages.map((m) => m.dedupeId));
  });
});
