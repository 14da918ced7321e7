import { SeedError, redact } from "./errors";

/** A Vault KV v2 writer for `seed`: create-only by default (check-and-set 0). */
export interface VaultKvTarget {
  readonly address: string;
  readonly namespace?: string;
  readonly token: string;
  /** The KV v2 mount, e.g. `kv` or `etl/test/kv`. */
  readonly mount: string;
  /** Path inside the mount, e.g. `connectors/stripe-api/main`. */
  readonly key: string;
}

export interface WriteResult {
  readonly location: string;
  readonly version: string;
}

type Fetch = typeof fetch;

/** Vault's error list, without anything the request carried (Vault does not echo bodies; belt and braces). */
async function vaultErrors(response: Response, secrets: readonly string[]): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: unknown };
    const errors = Array.isArray(body.errors) ? body.errors.filter((e): e is string => typeof e === "string") : [];
    return redact(errors.join("; ").slice(0, 500), secrets) || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/**
 * Writes a first value: reads the key's metadata, refuses when a live version exists unless
 * `overwrite`, then writes with `cas` = the version it read (0: only creates). A write that races
 * another writer fails on Vault's check-and-set and is reported as such.
 */
export async function writeVaultKv(
  target: VaultKvTarget,
  data: Readonly<Record<string, string | number>>,
  overwrite: boolean,
  fetchImpl: Fetch = fetch,
): Promise<WriteResult> {
  const secrets = Object.values(data).filter((v): v is string => typeof v === "string");
  const headers: Record<string, string> = { "X-Vault-Token": target.token, "Content-Type": "application/json" };
  if (target.namespace) headers["X-Vault-Namespace"] = target.namespace;
  const encodedKey = target.key.split("/").map(encodeURIComponent).join("/");
  const base = `${target.address.replace(/\/$/, "")}/v1/${target.mount}`;
  const location = `${target.mount}/data/${target.key}${target.namespace ? ` (namespace ${target.namespace})` : ""}`;
  const call = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetchImpl(url, { ...init, headers, redirect: "error" });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new SeedError(
        `cannot reach Vault at ${target.address}: ${redact(cause?.code ?? cause?.message ?? (error as Error).message, secrets)}`,
      );
    }
  };

  const metadata = await call(`${base}/metadata/${encodedKey}`, { method: "GET" });
  let current = 0;
  let live = false;
  if (metadata.status === 200) {
    const body = (await metadata.json()) as {
      data?: { current_version?: number; versions?: Record<string, { deletion_time?: string; destroyed?: boolean }> };
    };
    current = body.data?.current_version ?? 0;
    const version = body.data?.versions?.[String(current)];
    live = current > 0 && !!version && !version.destroyed && !version.deletion_time;
  } else if (metadata.status !== 404) {
    throw new SeedError(`Vault refused to read the metadata of ${location}: ${await vaultErrors(metadata, secrets)}`);
  }
  if (live && !overwrite) {
    throw new SeedError(
      `${location} already has a value (version ${current}); seed only creates: pass --overwrite to write version ${current + 1}`,
    );
  }
  const response = await call(`${base}/data/${encodedKey}`, { method: "POST", body: JSON.stringify({ data, options: { cas: current } }) });
  if (response.status !== 200 && response.status !== 204) {
    const errors = await vaultErrors(response, secrets);
    if (/check-and-set/i.test(errors)) throw new SeedError(`${location} changed while seeding (check-and-set failed): run again`);
    throw new SeedError(`Vault refused the write to ${location}: ${errors}`);
  }
  const written = response.status === 200 ? ((await response.json()) as { data?: { version?: number } }).data?.version : undefined;
  return { location, version: String(written ?? current + 1) };
}

/**
 * Merges keys into the key's custom metadata (PATCH, KV v2 >= 1.9): the owner, purpose... that
 * Terraform wrote stay. Only public facts go here (a public key's fingerprint), never a value.
 */
export async function patchVaultCustomMetadata(
  target: VaultKvTarget,
  customMetadata: Readonly<Record<string, string>>,
  fetchImpl: Fetch = fetch,
): Promise<void> {
  const headers: Record<string, string> = { "X-Vault-Token": target.token, "Content-Type": "application/merge-patch+json" };
  if (target.namespace) headers["X-Vault-Namespace"] = target.namespace;
  const encodedKey = target.key.split("/").map(encodeURIComponent).join("/");
  const url = `${target.address.replace(/\/$/, "")}/v1/${target.mount}/metadata/${encodedKey}`;
  const location = `${target.mount}/metadata/${target.key}`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ custom_metadata: customMetadata }),
      redirect: "error",
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new SeedError(
      `the value was written, but Vault at ${target.address} could not be reached to record the public key fingerprint on ${location}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    );
  }
  if (response.status !== 200 && response.status !== 204) {
    throw new SeedError(
      `the value was written, but Vault refused to record the public key fingerprint on ${location}: ${await vaultErrors(response, [])}`,
    );
  }
}
