import type { AwsCredentials } from "../aws-sigv4";
import { RotationError } from "../errors";
import type { VaultTarget } from "../vault/vault-client";

/*
 * When a reminder credential's value last changed, read from the store's own dates, metadata only:
 * - Vault KV v2: `versions[current_version].created_time` of `<kv>/metadata/<key>` (Terraform
 *   rewrites `custom_metadata` and a metadata write moves no version, so neither resets it);
 * - Secrets Manager: the `CreatedDate` of the `AWSCURRENT` version (ListSecretVersionIds), never
 *   `LastChangedDate`, which AWS moves on any tag or description edit.
 * Undefined when the store holds no value yet (never seeded).
 */

/** What the checker needs of Vault (AWS IAM login and one metadata read). */
export interface VaultMetadataApi {
  loginWithAwsIam(target: VaultTarget, authMount: string, role: string, credentials: AwsCredentials): Promise<string>;
  /** The creation time of the current version of `<kvMount>/metadata/<key>`; undefined when the key or its value is missing. */
  currentVersionCreated(target: VaultTarget, token: string, kvMount: string, key: string): Promise<string | undefined>;
}

/** What the checker needs of Secrets Manager. */
export interface SecretVersionsApi {
  /** The `CreatedDate` of the version labelled `AWSCURRENT`; undefined when there is none. */
  currentVersionCreated(secretId: string): Promise<Date | undefined>;
}

/** The current version's `created_time` in a KV v2 metadata answer (`data` of `GET <kv>/metadata/<key>`). */
export function kvCurrentVersionCreated(data: unknown): string | undefined {
  const d = data as
    | { current_version?: unknown; versions?: Record<string, { created_time?: unknown; deletion_time?: unknown; destroyed?: unknown }> }
    | undefined;
  if (typeof d?.current_version !== "number" || d.current_version < 1) return undefined;
  const version = d.versions?.[String(d.current_version)];
  const created = version?.created_time;
  if (typeof created !== "string" || Number.isNaN(Date.parse(created))) return undefined;
  return created;
}

/** Reads KV metadata over Vault's HTTP API (https, or http to loopback only). */
export class VaultMetadataClient implements VaultMetadataApi {
  constructor(
    private readonly login: Pick<VaultMetadataApi, "loginWithAwsIam">,
    private readonly timeoutMs: number,
  ) {}

  loginWithAwsIam(target: VaultTarget, authMount: string, role: string, credentials: AwsCredentials): Promise<string> {
    return this.login.loginWithAwsIam(target, authMount, role, credentials);
  }

  async currentVersionCreated(target: VaultTarget, token: string, kvMount: string, key: string): Promise<string | undefined> {
    const path = `${kvMount}/metadata/${key}`;
    const url = new URL(`v1/${path}`, target.address.endsWith("/") ? target.address : `${target.address}/`);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))) {
      throw new RotationError(`Vault address ${url.origin} is not https; refusing to send a token over plain HTTP`);
    }
    const headers: Record<string, string> = { Accept: "application/json", "X-Vault-Token": token };
    if (target.namespace) headers["X-Vault-Namespace"] = target.namespace;
    let response: Response;
    try {
      response = await fetch(url, { method: "GET", headers, signal: AbortSignal.timeout(this.timeoutMs), redirect: "error" });
    } catch (error) {
      throw new RotationError(
        `Vault GET ${path}: cannot reach ${url.host} (${(error as { name?: string }).name ?? "error"}); the run will be retried`,
      );
    }
    const text = await response.text();
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw new RotationError(`Vault refused to read ${path} (${response.status}); check the reminders policy`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new RotationError(`Vault answered ${path} with something that is not JSON`);
    }
    return kvCurrentVersionCreated((body as { data?: unknown }).data);
  }
}

/** The AWSCURRENT version's creation date in a ListSecretVersionIds answer. */
export function awsCurrentVersionCreated(
  versions: readonly { VersionStages?: readonly string[]; CreatedDate?: Date | number | string }[],
): Date | undefined {
  const current = versions.find((v) => (v.VersionStages ?? []).includes("AWSCURRENT"));
  if (!current || current.CreatedDate === undefined) return undefined;
  const created =
    current.CreatedDate instanceof Date
      ? current.CreatedDate
      : new Date(typeof current.CreatedDate === "number" ? current.CreatedDate * 1000 : current.CreatedDate);
  return Number.isNaN(created.getTime()) ? undefined : created;
}

/** ListSecretVersionIds over the AWS SDK v3 (provided by the Lambda runtime, so not bundled). */
export class SdkSecretVersions implements SecretVersionsApi {
  constructor(private readonly options: { readonly region: string; readonly endpoint?: string }) {}

  async currentVersionCreated(secretId: string): Promise<Date | undefined> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@aws-sdk/client-secrets-manager") as typeof import("@aws-sdk/client-secrets-manager");
    const client = new sdk.SecretsManagerClient({
      region: this.options.region,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
    });
    const versions: { VersionStages?: string[]; CreatedDate?: Date }[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await client.send(new sdk.ListSecretVersionIdsCommand({ SecretId: secretId, NextToken: token }));
        versions.push(...(page.Versions ?? []));
        token = page.NextToken || undefined;
      } while (token);
    } catch (error) {
      const name = (error as { name?: string }).name ?? "error";
      if (name === "ResourceNotFoundException") return undefined;
      throw new RotationError(`Secrets Manager refused ListSecretVersionIds on ${secretId} (${name}); check the checker's role policy`);
    } finally {
      client.destroy();
    }
    return awsCurrentVersionCreated(versions);
  }
}
