import type { Observations, StoreItem, Unknown } from "../types";

/*
 * Reads one environment's Vault side as the auditor may: KV metadata (recursive listing, then each
 * key's metadata: created_time and the current version's created_time), auth role listings,
 * database role and static-role listings, and each static role's definition (last_vault_rotation).
 * Never a data/, creds/ or static-creds/ path: the `<env>-auditor` policy would refuse them anyway.
 * Runtime edge: fetch only; errors name paths and statuses, never bodies.
 */

export interface VaultAuditTarget {
  readonly address: string;
  readonly namespace?: string;
  readonly token: string;
  readonly kv?: string;
  readonly database?: string;
  readonly authMounts: readonly string[];
  readonly timeoutMs?: number;
  /** Upper bound on KV keys read (a guard against a runaway tree). @default 10000 */
  readonly maxKeys?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- external JSON (a server's answer or an audit line), read field by field with typeof checks
export type Call = (method: "GET" | "LIST" | "POST", path: string, body?: unknown) => Promise<{ status: number; body: any }>;

function isLoopback(hostname: string): boolean {
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

export function caller(target: Pick<VaultAuditTarget, "address" | "namespace" | "token" | "timeoutMs">): Call {
  return async (method, path, payload) => {
    const url = new URL(`v1/${path}`, target.address.endsWith("/") ? target.address : `${target.address}/`);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
      throw new Error(`Vault address ${url.origin} is not https; refusing to send a token over plain HTTP`);
    }
    const headers: Record<string, string> = { Accept: "application/json", "X-Vault-Token": target.token };
    if (target.namespace) headers["X-Vault-Namespace"] = target.namespace;
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(url, {
      method,
      headers,
      ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
      redirect: "error",
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  };
}

/** Keys of a LIST answer; 404 is an empty folder. */
export async function list(call: Call, path: string, unknown: Unknown[]): Promise<string[]> {
  const { status, body } = await call("LIST", path);
  if (status === 404) return [];
  if (status !== 200) {
    unknown.push({ location: path, why: `Vault refused to list it (${status})` });
    return [];
  }
  const keys = body?.data?.keys;
  return Array.isArray(keys) ? keys.filter((k: unknown): k is string => typeof k === "string").sort() : [];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && !value.startsWith("0001-01-01") ? value : undefined;
}

export async function readVaultObservations(target: VaultAuditTarget, call: Call = caller(target)): Promise<Observations> {
  const items: StoreItem[] = [];
  const unknown: Unknown[] = [];
  if (target.kv) {
    const maxKeys = target.maxKeys ?? 10_000;
    const folders = [""];
    const keys: string[] = [];
    while (folders.length > 0 && keys.length < maxKeys) {
      const folder = folders.shift() as string;
      for (const entry of await list(call, `${target.kv}/metadata/${folder}`, unknown)) {
        if (entry.endsWith("/")) folders.push(`${folder}${entry}`);
        else keys.push(`${folder}${entry}`);
      }
    }
    if (folders.length > 0) unknown.push({ location: `${target.kv}/metadata/`, why: `more than ${maxKeys} keys: the rest was not read` });
    for (const key of keys.sort()) {
      const location = `${target.kv}/metadata/${key}`;
      const { status, body } = await call("GET", location);
      if (status !== 200) {
        unknown.push({ location, why: `Vault refused to read its metadata (${status})` });
        continue;
      }
      const data = body?.data ?? {};
      const current = data.current_version;
      const version = typeof current === "number" && current > 0 ? data.versions?.[String(current)] : undefined;
      const created = text(data.created_time);
      const lastChange = text(version?.created_time);
      items.push({ store: "vault-kv", location, ...(created && { created }), ...(lastChange && { lastChange }) });
    }
  }
  for (const mount of target.authMounts) {
    for (const role of await list(call, `auth/${mount}/role`, unknown))
      items.push({ store: "vault-auth-role", location: `auth/${mount}/role/${role}` });
  }
  if (target.database) {
    for (const role of await list(call, `${target.database}/roles`, unknown))
      items.push({ store: "vault-database-role", location: `${target.database}/roles/${role}` });
    for (const role of await list(call, `${target.database}/static-roles`, unknown)) {
      const location = `${target.database}/static-roles/${role}`;
      const { status, body } = await call("GET", location);
      if (status !== 200) {
        unknown.push({ location, why: `Vault refused to read the static role's definition (${status})` });
        items.push({ store: "vault-database-role", location });
        continue;
      }
      const lastChange = text(body?.data?.last_vault_rotation);
      items.push({ store: "vault-database-role", location, ...(lastChange && { lastChange }) });
    }
  }
  return { items, accesses: [], coverage: [], unreadable: unknown };
}
