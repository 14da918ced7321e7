import { request } from "node:https";
import { KEY_BROKER_PATHS } from "./contract";
import { rotationErrors } from "./errors";

export interface IssuedKey {
  readonly keyId: string;
  readonly apiKey: string;
}

export interface KeyBrokerSettings {
  readonly ca?: string;
  readonly timeoutMs: number;
}

/** The key broker's HTTPS contract (contract.ts, KEY_BROKER_PATHS). HTTPS only; certificates verified. */
export class KeyBrokerClient {
  constructor(private readonly settings: KeyBrokerSettings) {}

  /** Creates a key; the idempotency key makes a retried call return the same key, not a second one. */
  async createKey(endpoint: string, authorizingKey: string, idempotencyKey: string): Promise<IssuedKey> {
    const response = await this.call("create", "POST", endpoint, KEY_BROKER_PATHS.create, authorizingKey, { "Idempotency-Key": idempotencyKey });
    if (response.status !== 200 && response.status !== 201) throw rotationErrors.keyBroker("create", response.status);
    const body = parseJson(response.body);
    if (typeof body.keyId !== "string" || typeof body.apiKey !== "string" || body.apiKey.length === 0) {
      throw rotationErrors.keyBroker("create", "malformed answer");
    }
    return { keyId: body.keyId, apiKey: body.apiKey };
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
    const response = await this.call("revoke", "DELETE", endpoint, KEY_BROKER_PATHS.revoke(keyId), authorizingKey, {});
    if (response.status !== 204 && response.status !== 200 && response.status !== 404) throw rotationErrors.keyBroker("revoke", response.status);
  }

  private call(
    operation: string,
    method: string,
    endpoint: string,
    path: string,
    bearer: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string }> {
    const base = endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
    const url = new URL(path, base);
    if (url.protocol !== "https:") return Promise.reject(rotationErrors.keyBroker(operation, "endpoint is not https"));
    return new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method,
          headers: { ...headers, Authorization: `Bearer ${bearer}`, Accept: "application/json" },
          ca: this.settings.ca,
          rejectUnauthorized: true,
          timeout: this.settings.timeoutMs,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          incoming.on("error", reject);
        },
      );
      outgoing.on("timeout", () => outgoing.destroy(rotationErrors.keyBroker(operation, "timeout")));
      outgoing.on("error", reject);
      outgoing.end();
    });
  }
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
