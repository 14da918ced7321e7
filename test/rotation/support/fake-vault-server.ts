import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signRequest, type AwsCredentials } from "../../../lib/rotation/aws-sigv4";

interface KvEntry {
  versions: { data: Record<string, unknown>; created: string; deleted?: boolean }[];
}

export interface FakeVaultOptions {
  /** The IAM identity the aws login accepts (its secret lets the fake re-compute the signature). */
  readonly identity: AwsCredentials;
  /** auth mount path → role name accepted there. */
  readonly roles: Readonly<Record<string, string>>;
  readonly namespace?: string;
  /** Time of new versions. */
  readonly clock: () => Date;
}

/**
 * Vault's HTTP API as far as the scheduled rotation uses it, on 127.0.0.1: AWS IAM login (checks the
 * signed sts:GetCallerIdentity request's shape and signature), KV v2 metadata and data reads and
 * check-and-set writes. Every token is scoped to its namespace.
 */
export class FakeVaultServer {
  readonly store = new Map<string, KvEntry>();
  readonly requests: { method: string; path: string }[] = [];
  readonly tokens = new Set<string>();
  loginFailures: string[] = [];
  private server?: Server;
  private counter = 0;

  constructor(private readonly options: FakeVaultOptions) {}

  get address(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  seed(mount: string, key: string, data: Record<string, unknown>, created: Date): void {
    const entry = this.store.get(`${mount}|${key}`) ?? { versions: [] };
    entry.versions.push({ data, created: created.toISOString() });
    this.store.set(`${mount}|${key}`, entry);
  }

  current(mount: string, key: string): { version: number; data: Record<string, unknown> } {
    const entry = this.store.get(`${mount}|${key}`)!;
    return { version: entry.versions.length, data: entry.versions[entry.versions.length - 1].data };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(body === undefined ? "" : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = decodeURIComponent(url.pathname);
    this.requests.push({ method: req.method ?? "", path });
    if ((req.headers["x-vault-namespace"] ?? undefined) !== this.options.namespace) return { status: 403, body: { errors: ["permission denied"] } };
    const login = /^\/v1\/auth\/(.+)\/login$/.exec(path);
    if (login && req.method === "POST") return this.login(login[1], JSON.parse(text));
    if (!this.tokens.has(String(req.headers["x-vault-token"]))) return { status: 403, body: { errors: ["permission denied"] } };
    const match = /^\/v1\/(.+?)\/(metadata|data)\/(connectors\/.+)$/.exec(path);
    if (!match) return { status: 404, body: { errors: [] } };
    const [, mount, kind, key] = match;
    const entry = this.store.get(`${mount}|${key}`);
    if (kind === "metadata" && req.method === "GET") {
      if (!entry) return { status: 404, body: { errors: [] } };
      const versions = Object.fromEntries(
        entry.versions.map((v, i) => [String(i + 1), { created_time: v.created, deletion_time: v.deleted ? v.created : "", destroyed: false }]),
      );
      return { status: 200, body: { data: { current_version: entry.versions.length, versions } } };
    }
    if (kind === "data" && req.method === "GET") {
      if (!entry) return { status: 404, body: { errors: [] } };
      const wanted = url.searchParams.has("version") ? Number(url.searchParams.get("version")) : entry.versions.length;
      const version = entry.versions[wanted - 1];
      if (!version) return { status: 404, body: { errors: [] } };
      return { status: 200, body: { data: { data: version.deleted ? null : version.data, metadata: { version: wanted, created_time: version.created } } } };
    }
    if (kind === "data" && (req.method === "POST" || req.method === "PUT")) {
      const body = JSON.parse(text) as { options?: { cas?: number }; data: Record<string, unknown> };
      const currentVersion = entry?.versions.length ?? 0;
      if (body.options?.cas !== undefined && body.options.cas !== currentVersion) {
        return { status: 400, body: { errors: [`check-and-set parameter did not match the current version`] } };
      }
      this.seed(mount, key, body.data, this.options.clock());
      return { status: 200, body: { data: { version: currentVersion + 1, created_time: this.options.clock().toISOString() } } };
    }
    return { status: 405, body: { errors: [] } };
  }

  private login(mount: string, body: Record<string, string>): { status: number; body?: unknown } {
    const refuse = (reason: string) => {
      this.loginFailures.push(reason);
      return { status: 400, body: { errors: ["error validating request"] } };
    };
    if (this.options.roles[mount] === undefined) return refuse(`no aws auth mounted at ${mount}`);
    if (body.role !== this.options.roles[mount]) return refuse(`unknown role ${body.role}`);
    if (body.iam_http_request_method !== "POST") return refuse("method");
    const requestUrl = Buffer.from(body.iam_request_url ?? "", "base64").toString("utf8");
    const requestBody = Buffer.from(body.iam_request_body ?? "", "base64").toString("utf8");
    if (requestUrl !== "https://sts.amazonaws.com/") return refuse(`url ${requestUrl}`);
    if (requestBody !== "Action=GetCallerIdentity&Version=2011-06-15") return refuse("body");
    let headers: Record<string, string[]>;
    try {
      headers = JSON.parse(Buffer.from(body.iam_request_headers ?? "", "base64").toString("utf8"));
    } catch {
      return refuse("headers are not base64 JSON");
    }
    const authorization = headers.authorization?.[0] ?? "";
    const amzDate = headers["x-amz-date"]?.[0] ?? "";
    if (!authorization.startsWith(`AWS4-HMAC-SHA256 Credential=${this.options.identity.accessKeyId}/${amzDate.slice(0, 8)}/us-east-1/sts/aws4_request`)) return refuse("credential scope");
    // Re-sign what the caller says it signed: the signature must match the identity's secret.
    const now = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const expected = signRequest(
      { method: "POST", url: requestUrl, headers: { "content-type": headers["content-type"]?.[0] ?? "" }, body: requestBody, service: "sts", region: "us-east-1" },
      this.options.identity,
      now,
    );
    if (expected.authorization !== authorization) return refuse("signature");
    if (this.options.identity.sessionToken && headers["x-amz-security-token"]?.[0] !== this.options.identity.sessionToken) return refuse("session token");
    const token = `hvs.fake-token-${++this.counter}-${"x".repeat(20)}`;
    this.tokens.add(token);
    return { status: 200, body: { auth: { client_token: token, policies: ["rotation"] } } };
  }
}

/** The broker contract in process: idempotent creation, verification, revocation (unknown = already). */
export class FakeBroker {
  readonly keys = new Map<string, { apiKey: string; active: boolean }>();
  private readonly byIdempotencyKey = new Map<string, string>();
  private counter = 0;

  issue(): { keyId: string; apiKey: string } {
    const keyId = `key-${++this.counter}`;
    const apiKey = `ak_${keyId}_${"s".repeat(24)}_${this.counter}`;
    this.keys.set(keyId, { apiKey, active: true });
    return { keyId, apiKey };
  }

  private authorized(apiKey: string): boolean {
    return [...this.keys.values()].some((k) => k.active && k.apiKey === apiKey);
  }

  async createKey(_endpoint: string, authorizingKey: string, idempotencyKey: string) {
    const known = this.byIdempotencyKey.get(idempotencyKey);
    if (known) return { keyId: known, apiKey: this.keys.get(known)!.apiKey };
    if (!this.authorized(authorizingKey)) throw new Error("broker: 401");
    const issued = this.issue();
    this.byIdempotencyKey.set(idempotencyKey, issued.keyId);
    return issued;
  }

  async verifyKey(_endpoint: string, apiKey: string) {
    return this.authorized(apiKey);
  }

  async revokeKey(_endpoint: string, authorizingKey: string, keyId: string) {
    if (!this.authorized(authorizingKey)) throw new Error("broker: 401");
    const key = this.keys.get(keyId);
    if (key) key.active = false;
  }

  activeKeyIds(): string[] {
    return [...this.keys.entries()].filter(([, k]) => k.active).map(([id]) => id);
  }
}
