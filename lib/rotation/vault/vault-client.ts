import { signRequest, type AwsCredentials } from "../aws-sigv4";
import { RotationError } from "../errors";

/**
 * The few Vault HTTP calls the scheduled key-broker rotation makes: AWS IAM login, KV v2 read and
 * check-and-set write. Runtime code: fetch only. Errors name paths and statuses, never values or
 * tokens (Vault's own error texts may quote request data, so they are not passed on).
 */

/** What AWS IAM auth signs: sts:GetCallerIdentity, as Vault's own CLI sends it. */
export const VAULT_IAM_LOGIN_REQUEST = {
  url: "https://sts.amazonaws.com/",
  region: "us-east-1",
  body: "Action=GetCallerIdentity&Version=2011-06-15",
  contentType: "application/x-www-form-urlencoded; charset=utf-8",
} as const;

/** The login body of `auth/<mount>/login` for AWS IAM auth, built from the function's credentials. */
export function iamLoginPayload(role: string, credentials: AwsCredentials, now: Date = new Date()): Record<string, string> {
  const signed = signRequest(
    {
      method: "POST",
      url: VAULT_IAM_LOGIN_REQUEST.url,
      headers: { "content-type": VAULT_IAM_LOGIN_REQUEST.contentType },
      body: VAULT_IAM_LOGIN_REQUEST.body,
      service: "sts",
      region: VAULT_IAM_LOGIN_REQUEST.region,
    },
    credentials,
    now,
  );
  // Vault replays the request to STS; Host comes from the URL, every other signed header travels.
  const headers = Object.fromEntries(
    Object.entries(signed)
      .filter(([name]) => name !== "host")
      .map(([name, value]) => [name, [value]]),
  );
  return {
    role,
    iam_http_request_method: "POST",
    iam_request_url: Buffer.from(VAULT_IAM_LOGIN_REQUEST.url, "utf8").toString("base64"),
    iam_request_body: Buffer.from(VAULT_IAM_LOGIN_REQUEST.body, "utf8").toString("base64"),
    iam_request_headers: Buffer.from(JSON.stringify(headers), "utf8").toString("base64"),
  };
}

/** One KV v2 version as read: its data and the version number and creation time from its metadata. */
export interface KvVersion {
  readonly data: Readonly<Record<string, unknown>>;
  readonly version: number;
  readonly createdTime: string;
}

/** What a KV v2 write answers: the version it created and when (Vault's clock). */
export interface KvWritten {
  readonly version: number;
  readonly createdTime: string;
}

export interface KvMetadata {
  readonly currentVersion: number;
  /** Versions that are neither deleted nor destroyed, newest first. */
  readonly liveVersions: readonly number[];
}

/** Where a Vault request goes: the cluster address and the namespace (none on Vault CE). */
export interface VaultTarget {
  readonly address: string;
  readonly namespace?: string;
}

/** What a database static role tells about its rotation (never its password: that is static-creds). */
export interface StaticRoleState {
  /** RFC 3339 as Vault wrote it (nanoseconds kept: the text is the rotation's identity). Absent before the first rotation. */
  readonly lastVaultRotation?: string;
  /** Absent when the role rotates on a schedule (`rotation_schedule`) instead of a period. */
  readonly rotationPeriodSeconds?: number;
}

/** What the static-role watcher needs of Vault. */
export interface VaultStaticRoleApi {
  loginWithAwsIam(target: VaultTarget, authMount: string, role: string, credentials: AwsCredentials): Promise<string>;
  /** `GET <mount>/static-roles/<role>`; undefined when the role does not exist. */
  readStaticRole(target: VaultTarget, token: string, mount: string, role: string): Promise<StaticRoleState | undefined>;
}

/** What the scheduled rotation needs of Vault; tests count and crash these calls. */
export interface VaultApi {
  loginWithAwsIam(target: VaultTarget, authMount: string, role: string, credentials: AwsCredentials): Promise<string>;
  readMetadata(target: VaultTarget, token: string, kvMount: string, key: string): Promise<KvMetadata | undefined>;
  /** A version's value; the current one without `version`. Undefined when missing or deleted. */
  readVersion(target: VaultTarget, token: string, kvMount: string, key: string, version?: number): Promise<KvVersion | undefined>;
  /** Check-and-set write: the new version and its creation time, or `conflict` when `cas` is no longer current. */
  writeCas(
    target: VaultTarget,
    token: string,
    kvMount: string,
    key: string,
    data: Readonly<Record<string, unknown>>,
    cas: number,
  ): Promise<KvWritten | "conflict">;
}

export interface VaultClientSettings {
  readonly timeoutMs: number;
}

/** Vault over HTTPS (plain HTTP only to a loopback address, for a local agent or a test server). */
export class VaultClient implements VaultApi, VaultStaticRoleApi {
  constructor(private readonly settings: VaultClientSettings) {}

  async loginWithAwsIam(target: VaultTarget, authMount: string, role: string, credentials: AwsCredentials): Promise<string> {
    const path = `auth/${authMount}/login`;
    const response = await this.call(target, "POST", path, undefined, iamLoginPayload(role, credentials));
    const token = (response.body as { auth?: { client_token?: unknown } } | undefined)?.auth?.client_token;
    if (response.status !== 200 || typeof token !== "string" || token.length === 0) {
      throw new RotationError(
        `Vault refused the AWS IAM login at ${path} as role ${role} (${response.status}); check the auth role's bound IAM principal`,
      );
    }
    return token;
  }

  async readMetadata(target: VaultTarget, token: string, kvMount: string, key: string): Promise<KvMetadata | undefined> {
    const path = `${kvMount}/metadata/${key}`;
    const response = await this.call(target, "GET", path, token);
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw vaultRefused("read", path, response.status);
    const data = (
      response.body as { data?: { current_version?: unknown; versions?: Record<string, { deletion_time?: string; destroyed?: boolean }> } }
    )?.data;
    if (typeof data?.current_version !== "number") throw new RotationError(`Vault answered ${path} without current_version`);
    const liveVersions = Object.entries(data.versions ?? {})
      .filter(([, v]) => !v.destroyed && !v.deletion_time)
      .map(([n]) => Number(n))
      .sort((a, b) => b - a);
    return { currentVersion: data.current_version, liveVersions };
  }

  async readVersion(target: VaultTarget, token: string, kvMount: string, key: string, version?: number): Promise<KvVersion | undefined> {
    const path = `${kvMount}/data/${key}`;
    const response = await this.call(target, "GET", version === undefined ? path : `${path}?version=${version}`, token);
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw vaultRefused("read", path, response.status);
    const body = (
      response.body as { data?: { data?: Record<string, unknown> | null; metadata?: { version?: number; created_time?: string } } }
    )?.data;
    if (!body?.data || typeof body.metadata?.version !== "number") return undefined;
    return { data: body.data, version: body.metadata.version, createdTime: body.metadata.created_time ?? "" };
  }

  async writeCas(
    target: VaultTarget,
    token: string,
    kvMount: string,
    key: string,
    data: Readonly<Record<string, unknown>>,
    cas: number,
  ): Promise<KvWritten | "conflict"> {
    const path = `${kvMount}/data/${key}`;
    const response = await this.call(target, "POST", path, token, { options: { cas }, data });
    if (response.status === 400 && JSON.stringify(response.body ?? {}).includes("check-and-set")) return "conflict";
    if (response.status !== 200 && response.status !== 204) throw vaultRefused("write", path, response.status);
    const written = (response.body as { data?: { version?: unknown; created_time?: unknown } } | undefined)?.data;
    if (typeof written?.version !== "number") throw new RotationError(`Vault answered the write of ${path} without a version`);
    return { version: written.version, createdTime: typeof written.created_time === "string" ? written.created_time : "" };
  }

  async readStaticRole(target: VaultTarget, token: string, mount: string, role: string): Promise<StaticRoleState | undefined> {
    const path = `${mount}/static-roles/${role}`;
    const response = await this.call(target, "GET", path, token);
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw vaultRefused("read", path, response.status);
    const data = (response.body as { data?: { last_vault_rotation?: unknown; rotation_period?: unknown } } | undefined)?.data;
    if (!data) throw new RotationError(`Vault answered ${path} without data`);
    const last =
      typeof data.last_vault_rotation === "string" &&
      !Number.isNaN(Date.parse(data.last_vault_rotation)) &&
      !data.last_vault_rotation.startsWith("0001-")
        ? data.last_vault_rotation
        : undefined;
    const period = typeof data.rotation_period === "number" && data.rotation_period > 0 ? data.rotation_period : undefined;
    return { ...(last ? { lastVaultRotation: last } : {}), ...(period ? { rotationPeriodSeconds: period } : {}) };
  }

  private async call(
    target: VaultTarget,
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const url = new URL(`v1/${path}`, target.address.endsWith("/") ? target.address : `${target.address}/`);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
      throw new RotationError(`Vault address ${url.origin} is not https; refusing to send a token over plain HTTP`);
    }
    const headers: Record<string, string> = { Accept: "application/json" };
    if (token) headers["X-Vault-Token"] = token;
    if (target.namespace) headers["X-Vault-Namespace"] = target.namespace;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: "error",
      });
    } catch (error) {
      throw new RotationError(
        `Vault ${method} ${path}: cannot reach ${url.host} (${(error as { name?: string }).name ?? "error"}); the run will be retried`,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed };
  }
}

function vaultRefused(operation: string, path: string, status: number): RotationError {
  return new RotationError(`Vault refused to ${operation} ${path} (${status}); check the rotation policy`);
}

function isLoopback(hostname: string): boolean {
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}
