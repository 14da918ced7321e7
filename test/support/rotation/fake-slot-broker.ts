import { execFileSync } from "node:child_process";
import { createPrivateKey, createPublicKey, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeyPairAlgorithm } from "../../../lib/rotation/slot-contract";
import { fingerprintOf, type SigningKey, type SlotBrokerApi, type SlotState } from "../../../lib/rotation/key-broker-slots-client";
import type { KvMetadata, KvVersion, KvWritten, VaultApi } from "../../../lib/rotation/vault/vault-client";

/**
 * A key broker's service user with one or two public-key slots, following the slot contract
 * (contract.ts, KEY_BROKER_SLOT_PATHS): authorization by a key that occupies a slot, If-Match on
 * put and delete, Idempotency-Key answers repeated. It records what would break consumers:
 * `violations` gets a line when both slots become empty or when the slot of `currentFingerprint()`
 * (the store's current key, set by the test) is emptied or overwritten.
 */
export class FakeSlotBroker implements SlotBrokerApi {
  readonly slots = new Map<1 | 2, { fingerprint: string; publicKey: string } | null>();
  readonly violations: string[] = [];
  readonly log: string[] = [];
  private readonly answers = new Map<string, { fingerprint: string }>();
  currentFingerprint: () => string | undefined = () => undefined;

  constructor(readonly slotCount: 1 | 2) {
    this.slots.set(1, null);
    if (slotCount === 2) this.slots.set(2, null);
  }

  /** Puts a public key straight into a slot (the seed). */
  install(slot: 1 | 2, publicKey: string): void {
    this.slots.set(slot, { fingerprint: fingerprintOf(publicKey), publicKey });
  }

  holds(fingerprint: string): boolean {
    return [...this.slots.values()].some((s) => s?.fingerprint === fingerprint);
  }

  private authorized(auth: SigningKey): boolean {
    return this.holds(fingerprintOf(createPrivateKey(auth.privateKey)));
  }

  private changed(slot: 1 | 2, before: string | null, after: string | null): void {
    const current = this.currentFingerprint();
    if (this.slotCount === 2 && [...this.slots.values()].every((s) => s === null))
      this.violations.push(`both slots empty after a change of slot ${slot}`);
    if (current !== undefined && before === current && after !== current && !this.holds(current))
      this.violations.push(`slot ${slot} held the store's current key and lost it`);
  }

  async listSlots(_endpoint: string, auth: SigningKey): Promise<readonly SlotState[] | "unauthorized"> {
    if (!this.authorized(auth)) return "unauthorized";
    return [...this.slots.entries()].sort(([a], [b]) => a - b).map(([slot, held]) => ({ slot, fingerprint: held?.fingerprint ?? null }));
  }

  async putSlot(
    _endpoint: string,
    auth: SigningKey,
    slot: 1 | 2,
    request: { publicKey: string; algorithm: KeyPairAlgorithm; expected: string | null; idempotencyKey: string },
  ): Promise<{ fingerprint: string } | "conflict"> {
    const known = this.answers.get(request.idempotencyKey);
    if (known) return known;
    if (!this.authorized(auth)) throw new Error("broker: 401");
    if (!this.slots.has(slot)) throw new Error("broker: 404 no such slot");
    const before = this.slots.get(slot)?.fingerprint ?? null;
    if (before !== request.expected) return "conflict";
    const fingerprint = fingerprintOf(request.publicKey);
    this.slots.set(slot, { fingerprint, publicKey: request.publicKey });
    this.log.push(`put ${slot}`);
    this.changed(slot, before, fingerprint);
    const answer = { fingerprint };
    this.answers.set(request.idempotencyKey, answer);
    return answer;
  }

  async verifySlot(_endpoint: string, slot: 1 | 2, key: SigningKey): Promise<boolean> {
    return this.slots.get(slot)?.fingerprint === fingerprintOf(createPrivateKey(key.privateKey));
  }

  async deleteSlot(_endpoint: string, auth: SigningKey, slot: 1 | 2, expected: string): Promise<"deleted" | "gone" | "conflict"> {
    if (!this.authorized(auth)) throw new Error("broker: 401");
    const before = this.slots.get(slot)?.fingerprint ?? null;
    if (before === null) return "gone";
    if (before !== expected) return "conflict";
    this.slots.set(slot, null);
    this.log.push(`delete ${slot}`);
    this.changed(slot, before, null);
    return "deleted";
  }
}

/** KV v2 in memory: versions, check-and-set, a clock. */
export class MemoryKv implements VaultApi {
  readonly versions: { data: Record<string, unknown>; createdTime: string }[] = [];
  constructor(readonly clock: () => Date) {}

  seed(data: Record<string, unknown>): void {
    this.versions.push({ data, createdTime: this.clock().toISOString() });
  }

  current(): KvVersion | undefined {
    const last = this.versions.length;
    return last === 0
      ? undefined
      : { data: this.versions[last - 1]!.data, version: last, createdTime: this.versions[last - 1]!.createdTime };
  }

  async loginWithAwsIam(): Promise<string> {
    return "token";
  }

  async readMetadata(): Promise<KvMetadata | undefined> {
    return { currentVersion: this.versions.length, liveVersions: this.versions.map((_, i) => i + 1).reverse() };
  }

  async readVersion(_t: unknown, _token: string, _m: string, _k: string, version?: number): Promise<KvVersion | undefined> {
    const n = version ?? this.versions.length;
    const entry = this.versions[n - 1];
    return entry ? { data: entry.data, version: n, createdTime: entry.createdTime } : undefined;
  }

  async writeCas(
    _t: unknown,
    _token: string,
    _m: string,
    _k: string,
    data: Readonly<Record<string, unknown>>,
    cas: number,
  ): Promise<KvWritten | "conflict"> {
    if (cas !== this.versions.length) return "conflict";
    const createdTime = this.clock().toISOString();
    this.versions.push({ data: { ...data }, createdTime });
    return { version: this.versions.length, createdTime };
  }
}

export function verifyJwt(token: string, publicKey: string, audience: string, now: Date): boolean {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return false;
  const { alg } = JSON.parse(Buffer.from(header, "base64url").toString());
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  const key = createPublicKey(publicKey);
  const input = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, "base64url");
  const ok =
    alg === "EdDSA"
      ? verify(null, input, key, sig)
      : alg === "ES256"
        ? verify("sha256", input, { key, dsaEncoding: "ieee-p1363" }, sig)
        : alg === "RS256"
          ? verify("sha256", input, key, sig)
          : false;
  const seconds = Math.floor(now.getTime() / 1000);
  return (
    ok &&
    claims.iss === fingerprintOf(publicKey) &&
    claims.aud === audience &&
    claims.iat <= seconds + 5 &&
    claims.exp >= seconds &&
    claims.exp - claims.iat <= 300
  );
}

/**
 * The fake broker behind HTTPS on 127.0.0.1 (a throw-away self-signed certificate), speaking the
 * wire contract: it checks every Bearer JWT's signature against the slot that holds its `iss`.
 */
export async function startHttpsSlotBroker(
  broker: FakeSlotBroker,
  prefix = "/snowflake/",
): Promise<{ endpoint: string; ca: string; requests: string[]; stop(): Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), "slot-broker-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      join(directory, "key.pem"),
      "-out",
      join(directory, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  const ca = readFileSync(join(directory, "cert.pem"), "utf8");
  const requests: string[] = [];
  let endpoint = "";
  const answers = new Map<string, { status: number; body: string }>();
  const server: Server = createServer({ key: readFileSync(join(directory, "key.pem")), cert: ca }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body?: unknown) => {
        res.statusCode = status;
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const path = (req.url ?? "").startsWith(prefix) ? (req.url ?? "").slice(prefix.length) : "";
      requests.push(`${req.method} ${path}`);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
      const issuer = (() => {
        try {
          return JSON.parse(Buffer.from(bearer.split(".")[1] ?? "", "base64url").toString()).iss as string;
        } catch {
          return undefined;
        }
      })();
      const held = [...broker.slots.entries()].find(([, s]) => s?.fingerprint === issuer)?.[1];
      if (!held || !verifyJwt(bearer, held.publicKey, endpoint, new Date())) return reply(401, { error: "unauthorized" });
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
      const condition = (name: string) => {
        const value = req.headers[name];
        return typeof value === "string" ? value.replace(/^"|"$/g, "") : undefined;
      };
      const slotMatch = /^slots\/([12])(\/verify)?$/.exec(path);
      const slot = slotMatch ? (Number(slotMatch[1]) as 1 | 2) : undefined;
      if (req.method === "GET" && path === "slots")
        return reply(200, {
          slots: [...broker.slots.entries()].sort(([a], [b]) => a - b).map(([n, s]) => ({ slot: n, fingerprint: s?.fingerprint ?? null })),
        });
      if (!slot || !broker.slots.has(slot)) return reply(404, { error: "no such slot" });
      const occupant = broker.slots.get(slot)?.fingerprint ?? null;
      if (req.method === "PUT" && !slotMatch![2]) {
        const idem = String(req.headers["idempotency-key"] ?? "");
        const known = answers.get(idem);
        if (known) return reply(known.status, JSON.parse(known.body));
        const expected = req.headers["if-none-match"] === "*" ? null : condition("if-match");
        if (expected === undefined || expected !== occupant) return reply(412, { error: "precondition failed" });
        const fingerprint = fingerprintOf(String(body.publicKey));
        broker.slots.set(slot, { fingerprint, publicKey: String(body.publicKey) });
        answers.set(idem, { status: 201, body: JSON.stringify({ fingerprint }) });
        return reply(201, { fingerprint });
      }
      if (req.method === "POST" && slotMatch![2]) {
        const assertion = String(body.assertion ?? "");
        const holder = broker.slots.get(slot);
        return reply(holder && verifyJwt(assertion, holder.publicKey, endpoint, new Date()) ? 200 : 401, {});
      }
      if (req.method === "DELETE") {
        if (occupant === null) return reply(404, {});
        if (condition("if-match") !== occupant) return reply(412, {});
        broker.slots.set(slot, null);
        return reply(204);
      }
      return reply(405, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
  return {
    endpoint,
    ca,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
