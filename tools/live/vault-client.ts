/*
 * A minimal HTTP client for a Vault-compatible server (OpenBao here): token and namespace
 * headers, JSON in and out, errors with the server's status and messages. Used by the live
 * applier and by the live tests, which need the raw status codes (403 is the answer under test).
 */

export class VaultHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly errors: readonly string[],
    readonly namespace: string | undefined,
  ) {
    super(`${method} ${namespace ? `[${namespace}] ` : ""}/v1/${path}: HTTP ${status}${errors.length ? `: ${errors.join("; ")}` : ""}`);
    this.name = "VaultHttpError";
  }
}

export interface VaultResponse {
  readonly status: number;
  readonly body: Record<string, any> | undefined;
}

export class VaultClient {
  constructor(
    readonly address: string,
    readonly token: string | undefined,
    /** Namespace of every request (X-Vault-Namespace); undefined for the root namespace. */
    readonly namespace?: string,
  ) {}

  withNamespace(namespace: string | undefined): VaultClient {
    return new VaultClient(this.address, this.token, namespace || undefined);
  }

  withToken(token: string | undefined): VaultClient {
    return new VaultClient(this.address, token, this.namespace);
  }

  /** Any request; never throws on an HTTP status (the caller decides). */
  async raw(method: string, path: string, body?: unknown): Promise<VaultResponse> {
    const headers: Record<string, string> = {};
    if (this.token) headers["X-Vault-Token"] = this.token;
    if (this.namespace) headers["X-Vault-Namespace"] = this.namespace;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`${this.address.replace(/\/$/, "")}/v1/${path.replace(/^\//, "")}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Record<string, any> | undefined;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, any>) : undefined;
    } catch {
      parsed = { errors: [text.slice(0, 300)] };
    }
    return { status: response.status, body: parsed };
  }

  private async ok(method: string, path: string, body?: unknown): Promise<VaultResponse> {
    const response = await this.raw(method, path, body);
    if (response.status >= 400) {
      throw new VaultHttpError(method, path, response.status, (response.body?.errors as string[] | undefined) ?? [], this.namespace);
    }
    return response;
  }

  /** GET; the `data` of the answer, or undefined on 404. */
  async read(path: string): Promise<Record<string, any> | undefined> {
    const response = await this.raw("GET", path);
    if (response.status === 404) return undefined;
    if (response.status >= 400) {
      throw new VaultHttpError("GET", path, response.status, (response.body?.errors as string[] | undefined) ?? [], this.namespace);
    }
    return (response.body?.data as Record<string, any> | undefined) ?? {};
  }

  async write(path: string, body: unknown = {}): Promise<Record<string, any> | undefined> {
    return (await this.ok("POST", path, body)).body;
  }

  async delete(path: string): Promise<void> {
    await this.ok("DELETE", path);
  }

  /** LIST; the keys, or [] on 404. */
  async list(path: string): Promise<string[]> {
    const response = await this.raw("LIST", path);
    if (response.status === 404) return [];
    if (response.status >= 400) {
      throw new VaultHttpError("LIST", path, response.status, (response.body?.errors as string[] | undefined) ?? [], this.namespace);
    }
    return (response.body?.data?.keys as string[] | undefined) ?? [];
  }
}

/** `a/b` + `c` → `a/b/c`; empty parts dropped. */
export function joinNamespace(...parts: (string | undefined)[]): string | undefined {
  const joined = parts
    .filter((p): p is string => !!p)
    .map((p) => p.replace(/^\/+|\/+$/g, ""))
    .filter(Boolean)
    .join("/");
  return joined || undefined;
}
