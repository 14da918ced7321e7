import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

interface Entry {
  versions: Record<string, unknown>[];
  customMetadata?: Record<string, string>;
}

/** A KV v2 subset of Vault's HTTP API on 127.0.0.1: metadata read, data write with check-and-set. */
export class FakeVault {
  readonly requests: { method: string; path: string; namespace?: string; body?: unknown }[] = [];
  readonly store = new Map<string, Entry>();
  private server?: Server;
  constructor(readonly token: string) {}

  get address(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Key of the store: namespace + path inside the mount (`etl/dev|kv|connectors/x/main`). */
  static key(namespace: string | undefined, mount: string, key: string): string {
    return `${namespace ?? ""}|${mount}|${key}`;
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

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const namespace = req.headers["x-vault-namespace"] as string | undefined;
    const path = decodeURIComponent(req.url ?? "");
    this.requests.push({ method: req.method ?? "", path, namespace, body: text ? JSON.parse(text) : undefined });
    if (req.headers["x-vault-token"] !== this.token) return { status: 403, body: { errors: ["permission denied"] } };
    const match = /^\/v1\/(.+?)\/(metadata|data)\/(connectors\/.+)$/.exec(path);
    if (!match) return { status: 404, body: { errors: [] } };
    const [, mount, kind, key] = match;
    const id = FakeVault.key(namespace, mount, key);
    const entry = this.store.get(id);
    if (kind === "metadata" && req.method === "GET") {
      if (!entry) return { status: 404, body: { errors: [] } };
      const versions = Object.fromEntries(entry.versions.map((_, i) => [String(i + 1), { deletion_time: "", destroyed: false }]));
      return { status: 200, body: { data: { current_version: entry.versions.length, versions } } };
    }
    if (kind === "metadata" && req.method === "PATCH") {
      if (!entry) return { status: 404, body: { errors: [] } };
      if (req.headers["content-type"] !== "application/merge-patch+json") return { status: 415, body: { errors: ["unsupported media type"] } };
      entry.customMetadata = { ...(entry.customMetadata ?? {}), ...(JSON.parse(text) as { custom_metadata: Record<string, string> }).custom_metadata };
      return { status: 204 };
    }
    if (kind === "data" && (req.method === "POST" || req.method === "PUT")) {
      const body = JSON.parse(text) as { data: Record<string, unknown>; options?: { cas?: number } };
      const current = entry?.versions.length ?? 0;
      if (body.options?.cas !== undefined && body.options.cas !== current) {
        return { status: 400, body: { errors: ["check-and-set parameter did not match the current version"] } };
      }
      const next = entry ?? { versions: [] };
      next.versions.push(body.data);
      this.store.set(id, next);
      return { status: 200, body: { data: { version: next.versions.length, created_time: "2026-01-06T00:00:00Z" } } };
    }
    return { status: 405, body: { errors: ["unsupported"] } };
  }
}
