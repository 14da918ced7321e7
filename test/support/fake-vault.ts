import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signRequest, type AwsCredentials } from "../../lib/rotation/aws-sigv4";

interface KvVersion {
  readonly data: Record<string, unknown>;
  readonly created: string;
  readonly deleted?: boolean;
}

interface KvEntry {
  versions: KvVersion[];
  customMetadata?: Record<string, string>;
}

export interface FakeVaultOptions {
  /** A token accepted as it is (an operator's VAULT_TOKEN, as `etl-secrets seed` uses). */
  readonly token?: string;
  /** AWS IAM login (the scheduled rotation's): the identity accepted (its secret lets the fake re-compute the signature), and auth mount path → role name accepted there. */
  readonly awsLogin?: { readonly identity: AwsCredentials; readonly roles: Readonly<Record<string, string>> };
  /** When set, a request in any other namespace (or none) is refused, as a token scoped to it would be. */
  readonly namespace?: string;
  /** Time of new versions; a fixed instant by default. */
  readonly clock?: () => Date;
}

interface Reply {
  readonly status: number;
  readonly body?: unknown;
}

const DENIED: Reply = { status: 403, body: { errors: ["permission denied"] } };
const NOT_FOUND: Reply = { status: 404, body: { errors: [] } };

/**
 * Vault's HTTP API on 127.0.0.1, as far as the tests' clients use it: a static token or AWS IAM login
 * (checks the signed sts:GetCallerIdentity request's shape and signature, issues tokens), and KV v2
 * under `connectors/`: metadata read and merge-patch of custom metadata, data read (any version) and
 * writes with check-and-set. The store is keyed by namespace, mount and key (`FakeVault.key`).
 */
export class FakeVault {
  readonly store = new Map<string, KvEntry>();
  readonly requests: { method: string; path: string; namespace?: string; body?: unknown }[] = [];
  /** Tokens issued by logins. */
  readonly tokens = new Set<string>();
  /** Why each refused login was refused. */
  loginFailures: string[] = [];
  private server?: Server;
  private counter = 0;

  constructor(private readonly options: FakeVaultOptions) {}

  /** The static token (options.token). */
  get token(): string {
    if (this.options.token === undefined) throw new Error("FakeVault: no static token configured");
    return this.options.token;
  }

  get address(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Key of the store: namespace + path inside the mount (`etl/dev|kv|connectors/x/main`). */
  static key(namespace: string | undefined, mount: string, key: string): string {
    return `${namespace ?? ""}|${mount}|${key}`;
  }

  /** Adds a version (in the configured namespace unless told). */
  seed(mount: string, key: string, data: Record<string, unknown>, created: Date, namespace = this.options.namespace): void {
    const id = FakeVault.key(namespace, mount, key);
    const entry = this.store.get(id) ?? { versions: [] };
    entry.versions.push({ data, created: created.toISOString() });
    this.store.set(id, entry);
  }

  /** The latest version (in the configured namespace unless told). */
  current(mount: string, key: string, namespace = this.options.namespace): { version: number; data: Record<string, unknown> } {
    const entry = this.store.get(FakeVault.key(namespace, mount, key))!;
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

  private now(): Date {
    return this.options.clock?.() ?? new Date("2026-01-06T00:00:00Z");
  }

  private async handle(req: IncomingMessage): Promise<Reply> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = decodeURIComponent(url.pathname);
    const namespace = req.headers["x-vault-namespace"] as string | undefined;
    this.requests.push({ method: req.method ?? "", path, namespace, body: text ? JSON.parse(text) : undefined });
    if (this.options.namespace !== undefined && namespace !== this.options.namespace) return DENIED;
    const login = /^\/v1\/auth\/(.+)\/login$/.exec(path);
    if (login && req.method === "POST" && this.options.awsLogin) return this.login(this.options.awsLogin, login[1], JSON.parse(text));
    const token = req.headers["x-vault-token"];
    if (!(this.options.token !== undefined && token === this.options.token) && !this.tokens.has(String(token))) return DENIED;
    const match = /^\/v1\/(.+?)\/(metadata|data)\/(connectors\/.+)$/.exec(path);
    if (!match) return NOT_FOUND;
    const [, mount, kind, key] = match;
    const entry = this.store.get(FakeVault.key(namespace, mount, key));
    if (kind === "metadata" && req.method === "GET") {
      if (!entry) return NOT_FOUND;
      const versions = Object.fromEntries(
        entry.versions.map((v, i) => [
          String(i + 1),
          { created_time: v.created, deletion_time: v.deleted ? v.created : "", destroyed: false },
        ]),
      );
      return { status: 200, body: { data: { current_version: entry.versions.length, versions } } };
    }
    if (kind === "metadata" && req.method === "PATCH") {
      if (!entry) return NOT_FOUND;
      if (req.headers["content-type"] !== "application/merge-patch+json")
        return { status: 415, body: { errors: ["unsupported media type"] } };
      entry.customMetadata = {
        ...(entry.customMetadata ?? {}),
        ...(JSON.parse(text) as { custom_metadata: Record<string, string> }).custom_metadata,
      };
      return { status: 204 };
    }
    if (kind === "data" && req.method === "GET") {
      if (!entry) return NOT_FOUND;
      const wanted = url.searchParams.has("version") ? Number(url.searchParams.get("version")) : entry.versions.length;
      const version = entry.versions[wanted - 1];
      if (!version) return NOT_FOUND;
      return {
        status: 200,
        body: { data: { data: version.deleted ? null : version.data, metadata: { version: wanted, created_time: version.created } } },
      };
    }
    if (kind === "data" && (req.method === "POST" || req.method === "PUT")) {
      const body = JSON.parse(text) as { options?: { cas?: number }; data: Record<string, unknown> };
      const currentVersion = entry?.versions.length ?? 0;
      if (body.options?.cas !== undefined && body.options.cas !== currentVersion) {
        return { status: 400, body: { errors: ["check-and-set parameter did not match the current version"] } };
      }
      const created = this.now();
      this.seed(mount, key, body.data, created, namespace);
      return { status: 200, body: { data: { version: currentVersion + 1, created_time: created.toISOString() } } };
    }
    return { status: 405, body: { errors: ["unsupported"] } };
  }

  private login(aws: NonNullable<FakeVaultOptions["awsLogin"]>, mount: string, body: Record<string, string>): Reply {
    const refuse = (reason: string): Reply => {
      this.loginFailures.push(reason);
      return { status: 400, body: { errors: ["error validating request"] } };
    };
    if (aws.roles[mount] === undefined) return refuse(`no aws auth mounted at ${mount}`);
    if (body.role !== aws.roles[mount]) return refuse(`unknown role ${body.role}`);
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
    if (
      !authorization.startsWith(`AWS4-HMAC-SHA256 Credential=${aws.identity.accessKeyId}/${amzDate.slice(0, 8)}/us-east-1/sts/aws4_request`)
    )
      return refuse("credential scope");
    // Re-sign what the caller says it signed: the signature must match the identity's secret.
    const now = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const expected = signRequest(
      {
        method: "POST",
        url: requestUrl,
        headers: { "content-type": headers["content-type"]?.[0] ?? "" },
        body: requestBody,
        service: "sts",
        region: "us-east-1",
      },
      aws.identity,
      now,
    );
    if (expected.authorization !== authorization) return refuse("signature");
    if (aws.identity.sessionToken && headers["x-amz-security-token"]?.[0] !== aws.identity.sessionToken) return refuse("session token");
    const token = `hvs.fake-token-${++this.counter}-${"x".repeat(20)}`;
    this.tokens.add(token);
    return { status: 200, body: { auth: { client_token: token, policies: ["rotation"] } } };
  }
}
