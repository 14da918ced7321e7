import { request } from "node:https";
import { KEY_BROKER_PATHS } from "./contract";
import { rotationErrors } from "./errors";

export interface IssuedKey {
  readonly keyId: string;
  readonly apiKey: string;
}

export interface KeyBrokerSettings {
  readonly ca?: string;
  /** The whole call (connect, request, every byte of the answer), not only idle time. */
  readonly timeoutMs: number;
  /** @default MAXIMUM_BROKER_RESPONSE_BYTES */
  readonly maxResponseBytes?: number;
}

/** Longest broker answer read: a key and its id are a few hundred bytes; more is refused, not buffered. */
export const MAXIMUM_BROKER_RESPONSE_BYTES = 64 * 1024;

/**
 * Key ids the client puts into a URL path: 1 to 256 of letters, digits and `._~:@+=-`, never `.` or
 * `..` (dot segments resolve to the broker's root), never `/`, `\`, `%` (no pre-encoded tricks such
 * as `%2e%2e`), `?`, `#`, white space or control characters.
 */
const KEY_ID_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._~:@+=-]{1,256}$/;

/** Throws unless `keyId` can name a key in a URL path and nothing else. */
export function checkKeyId(keyId: unknown, operation: string): string {
  if (typeof keyId !== "string" || !KEY_ID_PATTERN.test(keyId))
    throw rotationErrors.keyBroker(operation, "key id is not a plain identifier");
  return keyId;
}

/** The key broker's HTTPS contract (contract.ts, KEY_BROKER_PATHS). HTTPS only; certificates verified. */
export class KeyBrokerClient {
  constructor(private readonly settings: KeyBrokerSettings) {}

  /** Creates a key; the idempotency key makes a retried call return the same key, not a second one. */
  async createKey(endpoint: string, authorizingKey: string, idempotencyKey: string): Promise<IssuedKey> {
    const response = await this.call("create", "POST", endpoint, KEY_BROKER_PATHS.create, authorizingKey, {
      "Idempotency-Key": idempotencyKey,
    });
    if (response.status !== 200 && response.status !== 201) throw rotationErrors.keyBroker("create", response.status);
    const body = parseJson(response.body);
    if (typeof body.keyId !== "string" || typeof body.apiKey !== "string" || body.apiKey.length === 0) {
      throw rotationErrors.keyBroker("create", "malformed answer");
    }
    // A key id that could not be revoked later (or would revoke something else) is refused now.
    return { keyId: checkKeyId(body.keyId, "create"), apiKey: body.apiKey };
  }

  /** True when the key authenticates; false when the broker refuses it (401/403). */
  async verifyKey(endpoint: string, apiKey: string): Promise<boolean> {
    const response = await this.call("verify", "GET", endpoint, KEY_BROKER_PATHS.verify, apiKey, {});
    if (response.status === 401 || response.status === 403) return false;
    if (response.status !== 200) throw rotationErrors.keyBroker("verify", response.status);
    return true;
  }

  /** Revokes a key; one already gone (404) counts as revoked, so a retry succeeds. */
  async revokeKey(endpoint: string, authorizingKey: string, keyId: string): Promise<void> {
    const response = await this.call(
      "revoke",
      "DELETE",
      endpoint,
      KEY_BROKER_PATHS.revoke(checkKeyId(keyId, "revoke")),
      authorizingKey,
      {},
    );
    if (response.status !== 204 && response.status !== 200 && response.status !== 404)
      throw rotationErrors.keyBroker("revoke", response.status);
  }

  private call(
    operation: string,
    method: string,
    endpoint: string,
    path: string,
    bearer: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string }> {
    return brokerRequest(this.settings, { operation, method, endpoint, path, bearer, headers });
  }
}

/** One HTTPS call to `<endpoint>/<path>` (key-broker-client.ts and key-broker-slots-client.ts): https only, certificate verified, the path cannot leave the endpoint, time and answer size bounded. */
export function brokerRequest(
  settings: KeyBrokerSettings,
  call: {
    operation: string;
    method: string;
    endpoint: string;
    path: string;
    bearer: string;
    headers: Record<string, string>;
    body?: string;
  },
): Promise<{ status: number; body: string }> {
  const { operation, method, endpoint, path, bearer, headers } = call;
  const base = new URL(endpoint.endsWith("/") ? endpoint : `${endpoint}/`);
  const url = new URL(path, base);
  if (url.protocol !== "https:") return Promise.reject(rotationErrors.keyBroker(operation, "endpoint is not https"));
  // The request goes exactly to <endpoint>/<path>: no dot segment, query or fragment moved it.
  if (url.origin !== base.origin || url.pathname !== `${base.pathname}${path}` || url.search !== "" || url.hash !== "") {
    return Promise.reject(rotationErrors.keyBroker(operation, "path leaves the endpoint"));
  }
  const limit = settings.maxResponseBytes ?? MAXIMUM_BROKER_RESPONSE_BYTES;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, value?: { status: number; body: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) {
        outgoing.destroy();
        reject(error);
      } else resolve(value!);
    };
    const outgoing = request(
      url,
      {
        method,
        headers: {
          ...headers,
          Authorization: `Bearer ${bearer}`,
          Accept: "application/json",
          ...(call.body !== undefined && { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(call.body)) }),
        },
        ca: settings.ca,
        rejectUnauthorized: true,
        timeout: settings.timeoutMs,
      },
      (incoming) => {
        const declared = Number(incoming.headers["content-length"] ?? 0);
        if (declared > limit) return finish(rotationErrors.keyBroker(operation, `answer larger than ${limit} bytes`));
        const chunks: Buffer[] = [];
        let received = 0;
        incoming.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > limit) return finish(rotationErrors.keyBroker(operation, `answer larger than ${limit} bytes`));
          chunks.push(chunk);
        });
        incoming.on("end", () => finish(undefined, { status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        incoming.on("error", (error) => finish(error));
      },
    );
    // Idle time (socket timeout) and total time (a broker trickling bytes) are both bounded.
    const deadline = setTimeout(() => finish(rotationErrors.keyBroker(operation, "timeout")), settings.timeoutMs);
    outgoing.on("timeout", () => finish(rotationErrors.keyBroker(operation, "timeout")));
    outgoing.on("error", (error) => finish(error));
    outgoing.end(call.body);
  });
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
