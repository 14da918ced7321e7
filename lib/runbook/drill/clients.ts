/*
 * The drill's I/O edge. The Vault client records every request (method and namespace-relative
 * path, never a body), so a test can prove the drill wrote no object a stack manages; the database
 * check is a function the caller supplies (PostgreSQL through `pg` in the CLI and the live test).
 */

export interface VaultRequestRecord {
  readonly method: string;
  /** Namespace-relative API path, without `/v1/`. */
  readonly path: string;
  readonly namespace: string;
  readonly status: number;
}

export interface VaultResponse {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- external JSON (a server's answer or an audit line), read field by field with typeof checks
  readonly body: any;
}

export interface DrillVaultApi {
  request(method: "GET" | "POST" | "PUT", path: string, options?: { body?: unknown; token?: string | null }): Promise<VaultResponse>;
}

/** The Secrets Manager calls of a drill (through the `<org>-<env>.drill` role). */
export interface DrillSecretsApi {
  getSecretValue(secretId: string): Promise<{ versionId: string; value: string }>;
  rotateSecret(secretId: string): Promise<void>;
  /** Version id -> staging labels (metadata only). */
  versionStages(secretId: string): Promise<Record<string, string[]>>;
}

/** Whether a database accepts a login (never throws on a refused login; throws on an unreachable server). */
export type DatabaseLogin = (username: string, password: string) => Promise<"accepted" | "refused">;

export interface RecordingVaultClientOptions {
  readonly address: string;
  readonly namespace: string;
  /** The drill identity's token (a `<env>-drillers` member). */
  readonly token: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export class RecordingVaultClient implements DrillVaultApi {
  readonly requests: VaultRequestRecord[] = [];

  constructor(private readonly options: RecordingVaultClientOptions) {}

  async request(
    method: "GET" | "POST" | "PUT",
    path: string,
    options: { body?: unknown; token?: string | null } = {},
  ): Promise<VaultResponse> {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    const token = options.token === undefined ? this.options.token : options.token;
    if (token) headers["X-Vault-Token"] = token;
    if (this.options.namespace) headers["X-Vault-Namespace"] = this.options.namespace;
    const doFetch = this.options.fetch ?? fetch;
    const response = await doFetch(`${this.options.address.replace(/\/+$/, "")}/v1/${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    this.requests.push({ method, path, namespace: this.options.namespace, status: response.status });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  }
}

/** A PostgreSQL login check through `pg` (TLS as the caller's options say). */
export function postgresLogin(target: { host: string; port?: number; database?: string }, ssl?: unknown): DatabaseLogin {
  return async (username, password) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
    const { Client } = require("pg") as typeof import("pg");
    const client = new Client({
      host: target.host,
      port: target.port,
      database: target.database,
      user: username,
      password,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's ssl option type is not exported; the value is built above from the target's settings
      ssl: ssl as any,
      connectionTimeoutMillis: 10_000,
    });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return "accepted";
    } catch (error) {
      // 28P01 invalid_password, 28000 invalid_authorization_specification: the server refused this login.
      const code = (error as { code?: string }).code;
      if (code === "28P01" || code === "28000") return "refused";
      // eslint-disable-next-line preserve-caught-error -- the driver's error can quote the login it refused; only its SQLSTATE code goes on
      throw new Error(`database ${target.host}:${target.port} did not answer the login check${code ? ` (SQLSTATE ${code})` : ""}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
}

/** The Secrets Manager calls through the AWS SDK client the package already depends on; records each call (name and secret, never a value). */
export function secretsManagerApi(
  client: import("@aws-sdk/client-secrets-manager").SecretsManagerClient,
  record: { action: string; secretId: string }[] = [],
): DrillSecretsApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
  const sdk = require("@aws-sdk/client-secrets-manager") as typeof import("@aws-sdk/client-secrets-manager");
  return {
    async getSecretValue(secretId) {
      record.push({ action: "GetSecretValue", secretId });
      const out = await client.send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
      return { versionId: out.VersionId ?? "", value: out.SecretString ?? "" };
    },
    async rotateSecret(secretId) {
      record.push({ action: "RotateSecret", secretId });
      await client.send(new sdk.RotateSecretCommand({ SecretId: secretId }));
    },
    async versionStages(secretId) {
      record.push({ action: "DescribeSecret", secretId });
      const out = await client.send(new sdk.DescribeSecretCommand({ SecretId: secretId }));
      return Object.fromEntries(Object.entries(out.VersionIdsToStages ?? {}).map(([k, v]) => [k, [...v]]));
    },
  };
}
