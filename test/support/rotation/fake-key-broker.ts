import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Server, createServer } from "node:https";
import { AddressInfo } from "node:net";

interface BrokerKey {
  readonly keyId: string;
  readonly apiKey: string;
  readonly tenant: string;
  revoked: boolean;
}

/**
 * An HTTPS key broker speaking the contract in lib/rotation/contract.ts, on loopback, with the
 * integration CA's server certificate. Tenants (`/tenants/<id>/`) keep test cases apart.
 */
export class FakeKeyBroker {
  private readonly keys = new Map<string, BrokerKey>();
  private readonly byIdempotencyKey = new Map<string, BrokerKey>();
  private server?: Server;
  private counter = 0;

  constructor(private readonly certificate: { certFile: string; keyFile: string }) {}

  async start(): Promise<void> {
    this.server = createServer(
      { cert: readFileSync(this.certificate.certFile), key: readFileSync(this.certificate.keyFile) },
      (request, response) => {
        const match = /^\/tenants\/([^/]+)\/keys(?:\/([^/]+))?$/.exec(request.url ?? "");
        const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
        const caller = [...this.keys.values()].find((key) => key.apiKey === bearer && !key.revoked);
        const reply = (status: number, body?: unknown) => {
          response.writeHead(status, { "content-type": "application/json" });
          response.end(body === undefined ? undefined : JSON.stringify(body));
        };
        request.resume();
        if (!match) return reply(404);
        const [, tenant, keyPath] = match;
        if (!caller || caller.tenant !== tenant) return reply(401, { error: "unauthorized" });
        if (request.method === "POST" && keyPath === undefined) {
          const idempotencyKey = `${tenant}/${String(request.headers["idempotency-key"])}`;
          const existing = this.byIdempotencyKey.get(idempotencyKey);
          if (existing) return reply(200, { keyId: existing.keyId, apiKey: existing.apiKey });
          const issued = this.issue(tenant);
          this.byIdempotencyKey.set(idempotencyKey, issued);
          return reply(201, { keyId: issued.keyId, apiKey: issued.apiKey });
        }
        if (request.method === "GET" && keyPath === "self") return reply(200, { keyId: caller.keyId });
        if (request.method === "DELETE" && keyPath !== undefined) {
          const target = this.keys.get(decodeURIComponent(keyPath));
          if (!target || target.tenant !== tenant || target.revoked) return reply(404);
          target.revoked = true;
          return reply(204);
        }
        return reply(405);
      },
    );
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  endpointFor(tenant: string): string {
    return `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}/tenants/${tenant}/`;
  }

  /** A first key for a tenant, as an operator would have seeded it. */
  issue(tenant: string): BrokerKey {
    const key: BrokerKey = {
      keyId: `key-${++this.counter}`,
      apiKey: `ak_${randomBytes(24).toString("base64url")}`,
      tenant,
      revoked: false,
    };
    this.keys.set(key.keyId, key);
    return key;
  }

  isActive(apiKey: string): boolean {
    return [...this.keys.values()].some((key) => key.apiKey === apiKey && !key.revoked);
  }

  activeKeys(tenant: string): string[] {
    return [...this.keys.values()].filter((key) => key.tenant === tenant && !key.revoked).map((key) => key.apiKey);
  }
}
