import { ROTATION_STEPS, VAULT_SCHEDULE_SOURCE, type VaultBrokerCredential, type VaultScheduleEvent } from "../../lib/rotation/contract";
import { connUri } from "../../lib/rotation/record-fields";
import { iamLoginPayload, VaultClient, type VaultApi } from "../../lib/rotation/vault/vault-client";
import { createVaultScheduleHandler, dispatchByEventShape } from "../../lib/rotation/vault/schedule-handler";
import type { KeyBrokerApi } from "../../lib/rotation/vault/scheduled-rotation";
import { SnsVaultAnnouncer, vaultAnnouncerConfigFromEnvironment, type VaultRotationAnnouncer } from "../../lib/rotation/vault/announcer";
import type { PublishRequest } from "../../lib/rotation/notifier/sns-publisher";
import { FakeVault } from "../support/fake-vault";
import { FakeBroker } from "../support/rotation/fake-broker";

// Built from parts: no credential-shaped literal in the repository.
const IDENTITY = {
  accessKeyId: ["ASIA", "FAKE", "ROLE"].join(""),
  secretAccessKey: ["fake", "secret", "of", "the", "role"].join("-"),
  sessionToken: "fake-session-token-1234",
};
const ENVIRONMENT = {
  AWS_ACCESS_KEY_ID: IDENTITY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: IDENTITY.secretAccessKey,
  AWS_SESSION_TOKEN: IDENTITY.sessionToken,
};
const SEEDED_AT = new Date("2026-01-01T00:00:00Z");
const KEY = "connectors/snowflake-loader/main";

class InjectedCrash extends Error {}

/** Counts external calls (Vault and broker) and throws after the chosen one, once it took effect. */
function crashing<T extends object>(target: T, label: string, budget: { calls: string[]; crashAfter?: number }): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const result = await value.apply(object, args);
        budget.calls.push(`${label}.${String(property)}`);
        if (budget.calls.length === budget.crashAfter) throw new InjectedCrash(`injected crash after ${label}.${String(property)}`);
        return result;
      };
    },
  });
}

describe("scheduled rotation of Vault-stored broker credentials", () => {
  let now = new Date("2026-03-01T00:00:00Z");
  const vault = new FakeVault({
    awsLogin: { identity: IDENTITY, roles: { "dev/aws": "acme-data-dev-rotate-key-broker" } },
    namespace: "etl/dev",
    clock: () => now,
  });
  let broker: FakeBroker;
  let lines: string[];
  let credential: VaultBrokerCredential;
  let original: { keyId: string; apiKey: string };

  beforeAll(() => vault.start());
  afterAll(() => vault.stop());
  beforeEach(() => {
    now = new Date("2026-03-01T00:00:00Z");
    vault.store.clear();
    vault.loginFailures = [];
    broker = new FakeBroker();
    lines = [];
    original = broker.issue();
    vault.seed(
      "dev/kv",
      KEY,
      { endpoint: "https://broker.example/v1/", keyId: original.keyId, apiKey: original.apiKey, account: "xy12345" },
      SEEDED_AT,
    );
    credential = {
      vaultAddress: vault.address,
      namespace: "etl/dev",
      kvMount: "dev/kv",
      key: KEY,
      endpoint: "https://broker.example/v1/",
      authMount: "dev/aws",
      role: "acme-data-dev-rotate-key-broker",
    };
  });

  const event = (): VaultScheduleEvent => ({ source: VAULT_SCHEDULE_SOURCE, credentials: [credential] });
  const TOPIC = "arn:aws:sns:eu-west-1:111111111111:acme-data-dev-secret-rotated";
  let published: PublishRequest[];
  let publishFailures: number;
  beforeEach(() => {
    published = [];
    publishFailures = 0;
  });
  const announcer = (): VaultRotationAnnouncer =>
    new SnsVaultAnnouncer(
      { topicArn: TOPIC, organization: "acme-data", environment: "dev", cluster: "vault.acme.example" },
      {
        publish: async (request) => {
          if (publishFailures > 0) {
            publishFailures--;
            throw new Error("SNS refused Publish (500 InternalError)");
          }
          published.push(request);
          return `message-${published.length}`;
        },
      },
    );
  const handler = (budget: { calls: string[]; crashAfter?: number } = { calls: [] }) =>
    createVaultScheduleHandler({
      environment: ENVIRONMENT,
      sink: (line) => lines.push(line),
      vault: crashing<VaultApi>(new VaultClient({ timeoutMs: 5000 }), "vault", budget),
      broker: crashing<KeyBrokerApi>(broker, "broker", budget),
      now: () => now,
      announcer: announcer(),
    });
  const messages = () => published.map((p) => JSON.parse(p.message) as Record<string, string>);

  function expectRotatedOnce(): void {
    const current = vault.current("dev/kv", KEY);
    expect(current.version).toBe(2);
    expect(current.data.keyId).not.toBe(original.keyId);
    expect(current.data.account).toBe("xy12345");
    // What Airflow's Vault backend reads is the new key, in the same version (record-fields.ts).
    expect(current.data.conn_uri).toBe(
      connUri({ conn_type: "generic", login: current.data.keyId as string, password: current.data.apiKey as string }),
    );
    expect(broker.activeKeyIds()).toEqual([current.data.keyId]);
    expect(broker.keys.get(original.keyId)!.active).toBe(false);
  }

  function expectNothingSecretLogged(): void {
    const text = lines.join("\n");
    for (const [, key] of broker.keys) expect(text).not.toContain(key.apiKey);
    for (const token of vault.tokens) expect(text).not.toContain(token);
    expect(text).not.toContain(IDENTITY.secretAccessKey);
    expect(text).not.toContain(IDENTITY.sessionToken);
  }

  it("logs in with AWS IAM auth, writes the new key with check-and-set on the current version, revokes the old key", async () => {
    const outcomes = await handler()(event());
    expect(outcomes).toEqual({ "etl/dev/dev/kv/connectors/snowflake-loader/main": "rotated" });
    expect(vault.loginFailures).toEqual([]);
    expectRotatedOnce();
    expect(vault.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/auth/dev/aws/login",
      `GET /v1/dev/kv/metadata/${KEY}`,
      `GET /v1/dev/kv/data/${KEY}`,
      `POST /v1/dev/kv/data/${KEY}`,
    ]);
    expectNothingSecretLogged();
  });

  it("signs sts:GetCallerIdentity for the login the way Vault's aws auth replays it", () => {
    const payload = iamLoginPayload("r", IDENTITY, new Date("2026-03-01T12:00:00Z"));
    expect(Object.keys(payload).sort()).toEqual([
      "iam_http_request_method",
      "iam_request_body",
      "iam_request_headers",
      "iam_request_url",
      "role",
    ]);
    const headers = JSON.parse(Buffer.from(payload.iam_request_headers, "base64").toString("utf8"));
    expect(Object.keys(headers).sort()).toEqual(["authorization", "content-type", "x-amz-date", "x-amz-security-token"]);
    expect(headers.authorization[0]).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAFAKEROLE\/20260301\/us-east-1\/sts\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
  });

  it("a run soon after a rotation (a retry, a duplicate) changes nothing", async () => {
    await handler()(event());
    const after = vault.current("dev/kv", KEY);
    now = new Date(now.getTime() + 10 * 60_000);
    expect(await handler()(event())).toEqual({ "etl/dev/dev/kv/connectors/snowflake-loader/main": "recently-rotated" });
    expect(vault.current("dev/kv", KEY)).toEqual(after);
    expectRotatedOnce();
  });

  it("rotates again on the next period", async () => {
    await handler()(event());
    now = new Date(now.getTime() + 30 * 86400_000);
    await handler()(event());
    const current = vault.current("dev/kv", KEY);
    expect(current.version).toBe(3);
    expect(broker.activeKeyIds()).toEqual([current.data.keyId]);
  });

  it("a crash after any external call, then the retry: exactly one valid key stored, the previous revoked", async () => {
    const clean = { calls: [] as string[] };
    await handler(clean)(event());
    expect(clean.calls).toEqual([
      "vault.loginWithAwsIam",
      "vault.readMetadata",
      "vault.readVersion",
      "broker.createKey",
      "broker.verifyKey",
      "vault.writeCas",
      "broker.revokeKey",
    ]);
    for (let crashAfter = 1; crashAfter <= clean.calls.length; crashAfter++) {
      vault.store.clear();
      broker = new FakeBroker();
      original = broker.issue();
      vault.seed(
        "dev/kv",
        KEY,
        { endpoint: "https://broker.example/v1/", keyId: original.keyId, apiKey: original.apiKey, account: "xy12345" },
        SEEDED_AT,
      );
      await expect(handler({ calls: [], crashAfter })(event())).rejects.toThrow(/injected crash/);
      now = new Date(now.getTime() + 60_000);
      await handler()(event());
      expectRotatedOnce();
    }
    expectNothingSecretLogged();
  });

  it("two runs at once: one wins the check-and-set, the other keeps its value and stops", async () => {
    const results = await Promise.all([handler()(event()), handler()(event())]);
    const outcomes = results.map((r) => Object.values(r)[0]).sort();
    expect(outcomes).toEqual(["another-run-won", "rotated"]);
    expectRotatedOnce();
    // Only the winner announces.
    expect(messages().map((m) => m.dedupeId)).toHaveLength(1);
  });

  it("announces a rotation on the environment's topic: connector and credential from the key, the KV location, the version's time", async () => {
    await handler()(event());
    expect(published).toHaveLength(1);
    expect(published[0].topicArn).toBe(TOPIC);
    const location = `vault:vault.acme.example/etl/dev/dev/kv/data/${KEY}`;
    expect(published[0].message).toBe(
      JSON.stringify({
        event: "RotationSucceeded",
        organization: "acme-data",
        environment: "dev",
        connector: "snowflake-loader",
        credential: "main",
        time: now.toISOString(),
        store: "vault",
        source: "key-broker",
        location,
        dedupeId: `${location}@${now.toISOString()}`,
      }),
    );
    expect(published[0].attributes).toEqual({ connector: "snowflake-loader", credential: "main", environment: "dev", store: "vault" });
    expectNothingSecretLogged();
    expect(published[0].message).not.toContain(vault.current("dev/kv", KEY).data.apiKey as string);
  });

  it("a failed announcement fails the run without undoing the write; the retry announces the same rotation and rotates nothing", async () => {
    publishFailures = 1;
    const rotatedAt = now.toISOString();
    await expect(handler()(event())).rejects.toThrow(/version 2 is stored but announcing it failed/);
    expectRotatedOnce();
    expect(published).toEqual([]);
    now = new Date(now.getTime() + 60_000);
    expect(await handler()(event())).toEqual({ "etl/dev/dev/kv/connectors/snowflake-loader/main": "recently-rotated" });
    expectRotatedOnce();
    expect(messages().map((m) => m.dedupeId)).toEqual([`vault:vault.acme.example/etl/dev/dev/kv/data/${KEY}@${rotatedAt}`]);
  });

  it("a duplicate run announces again with the same dedupeId, so consumers see one rotation", async () => {
    await handler()(event());
    now = new Date(now.getTime() + 5 * 60_000);
    await handler()(event());
    const ids = messages().map((m) => m.dedupeId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
  });

  it("does not announce a freshly seeded first version as a rotation", async () => {
    vault.store.clear();
    vault.seed(
      "dev/kv",
      KEY,
      { endpoint: "https://broker.example/v1/", keyId: original.keyId, apiKey: original.apiKey },
      new Date(now.getTime() - 60_000),
    );
    expect(await handler()(event())).toEqual({ "etl/dev/dev/kv/connectors/snowflake-loader/main": "recently-rotated" });
    expect(published).toEqual([]);
  });

  it("rotates but announces nothing for a key off connectors/<connector>/<credential>, and says so", async () => {
    vault.seed(
      "dev/kv",
      "connectors/no-credential-segment",
      { endpoint: "https://broker.example/v1/", keyId: original.keyId, apiKey: original.apiKey },
      SEEDED_AT,
    );
    credential = { ...credential, key: "connectors/no-credential-segment" };
    expect(Object.values(await handler()(event()))).toEqual(["rotated"]);
    expect(published).toEqual([]);
    expect(lines.join("\n")).toContain("rotation not announced");
  });

  it("reads the announcer's settings all or none, naming what is missing", () => {
    expect(vaultAnnouncerConfigFromEnvironment({})).toBeUndefined();
    expect(() => vaultAnnouncerConfigFromEnvironment({ ROTATED_TOPIC_ARN: TOPIC, ORGANIZATION: "acme-data" })).toThrow(
      /missing ENVIRONMENT, VAULT_CLUSTER/,
    );
    expect(
      vaultAnnouncerConfigFromEnvironment({ ROTATED_TOPIC_ARN: TOPIC, ORGANIZATION: "o", ENVIRONMENT: "e", VAULT_CLUSTER: "c" }),
    ).toEqual({ topicArn: TOPIC, organization: "o", environment: "e", cluster: "c" });
  });

  it("a conflicting write by someone else: the new key is revoked, theirs stays", async () => {
    const budget = { calls: [] as string[] };
    const racing = crashing<VaultApi>(new VaultClient({ timeoutMs: 5000 }), "vault", budget);
    const intruder = broker.issue();
    const realWrite = racing.writeCas.bind(racing);
    racing.writeCas = async (...args) => {
      vault.seed("dev/kv", KEY, { endpoint: "https://broker.example/v1/", keyId: intruder.keyId, apiKey: intruder.apiKey }, now);
      return realWrite(...args);
    };
    const outcomes = await createVaultScheduleHandler({
      environment: ENVIRONMENT,
      sink: (l) => lines.push(l),
      vault: racing,
      broker,
      now: () => now,
    })(event());
    expect(Object.values(outcomes)).toEqual(["another-run-won"]);
    expect(vault.current("dev/kv", KEY).data.keyId).toBe(intruder.keyId);
    // Ours is revoked; the intruder's writer owns the old key's revocation.
    expect(broker.activeKeyIds().sort()).toEqual([original.keyId, intruder.keyId].sort());
  });

  it("refuses a stored value that names another broker (confused deputy), and says which credential", async () => {
    vault.seed("dev/kv", KEY, { endpoint: "https://elsewhere.example/", keyId: original.keyId, apiKey: original.apiKey }, SEEDED_AT);
    await expect(handler()(event())).rejects.toThrow(
      /etl\/dev\/dev\/kv\/connectors\/snowflake-loader\/main: the stored value names another key broker/,
    );
    expectNothingSecretLogged();
  });

  it("fails the login when the role is not the one bound at the mount, without logging the signature", async () => {
    credential = { ...credential, role: "someone-else" };
    await expect(handler()(event())).rejects.toThrow(
      /Vault refused the AWS IAM login at auth\/dev\/aws\/login as role someone-else \(400\)/,
    );
    expect(vault.loginFailures).toEqual(["unknown role someone-else"]);
  });

  it("one bundle: the schedule's event goes to Vault, Secrets Manager's to the rotation protocol", async () => {
    const seen: string[] = [];
    const dispatch = dispatchByEventShape(
      async (e) => void seen.push(`rotation:${e.Step}`),
      async (e) => void seen.push(`schedule:${e.credentials.length}`),
    );
    await dispatch({ Step: ROTATION_STEPS[0], SecretId: "arn:x", ClientRequestToken: "t" });
    await dispatch(event());
    expect(seen).toEqual(["rotation:createSecret", "schedule:1"]);
  });
});
