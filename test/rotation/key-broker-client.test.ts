import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KeyBrokerClient, checkKeyId } from "../../lib/rotation/key-broker-client";

/** An HTTPS broker on 127.0.0.1 whose answers each test chooses; it records every request path. */
describe("KeyBrokerClient", () => {
  let directory: string;
  let cert: string;
  let server: Server;
  let endpoint: string;
  const paths: string[] = [];
  let answer: (res: import("node:http").ServerResponse) => void = (res) => res.end();

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "broker-client-"));
    writeFileSync(join(directory, "ext"), "subjectAltName=IP:127.0.0.1\n");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(directory, "key.pem"),
        "-out",
        join(directory, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    cert = readFileSync(join(directory, "cert.pem"), "utf8");
    server = createServer({ key: readFileSync(join(directory, "key.pem")), cert }, (req, res) => {
      paths.push(`${req.method} ${req.url}`);
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/tenant/v1/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });
  beforeEach(() => {
    paths.length = 0;
  });

  const client = (settings: { timeoutMs?: number; maxResponseBytes?: number } = {}) =>
    new KeyBrokerClient({ ca: cert, timeoutMs: settings.timeoutMs ?? 2000, maxResponseBytes: settings.maxResponseBytes });

  it.each([".", "..", "%2e%2e", "%2E.", "a/b", "../admin", "a\\b", "", "key\nid", "key\u0000", "a?b", "a#b", "a b", "x".repeat(257)])(
    "refuses to revoke the key id %j, sending nothing",
    async (keyId) => {
      answer = (res) => ((res.statusCode = 204), res.end());
      await expect(client().revokeKey(endpoint, "authorizing-key-0123456789", keyId)).rejects.toThrow(/key id is not a plain identifier/);
      expect(paths).toEqual([]);
    },
  );

  it("revokes a plain key id under the endpoint's own path", async () => {
    answer = (res) => ((res.statusCode = 204), res.end());
    await client().revokeKey(endpoint, "authorizing-key-0123456789", "k-123_abc.v2");
    expect(paths).toEqual(["DELETE /tenant/v1/keys/k-123_abc.v2"]);
    expect(checkKeyId("k-123_abc.v2", "revoke")).toBe("k-123_abc.v2");
  });

  it("refuses a created key whose id could later revoke something else", async () => {
    answer = (res) => ((res.statusCode = 201), res.end(JSON.stringify({ keyId: "..", apiKey: "new-key-0123456789abcdef" })));
    await expect(client().createKey(endpoint, "authorizing-key-0123456789", "token-1")).rejects.toThrow(/key id is not a plain identifier/);
  });

  it("stops reading an answer larger than the limit instead of buffering it", async () => {
    answer = (res) => {
      res.statusCode = 200;
      res.write('{"keyId":"k","pad":"');
      const chunk = "x".repeat(16 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 256 && res.write(chunk)) sent++;
        if (sent < 256) res.once("drain", more);
        else res.end('"}');
      };
      more();
    };
    await expect(client({ maxResponseBytes: 64 * 1024 }).verifyKey(endpoint, "key-0123456789abcdef")).rejects.toThrow(
      /answer larger than 65536 bytes/,
    );
    const declared = (res: import("node:http").ServerResponse) => (
      (res.statusCode = 200),
      res.setHeader("content-length", String(10 * 1024 * 1024)),
      res.write("{")
    );
    answer = declared;
    await expect(client({ maxResponseBytes: 64 * 1024 }).verifyKey(endpoint, "key-0123456789abcdef")).rejects.toThrow(/answer larger than/);
  });

  it("bounds the whole call, not only idle time: a broker trickling bytes times out", async () => {
    answer = (res) => {
      res.statusCode = 200;
      res.write("{");
      const timer = setInterval(() => res.write(" "), 100);
      res.on("close", () => clearInterval(timer));
    };
    const started = Date.now();
    await expect(client({ timeoutMs: 600 }).verifyKey(endpoint, "key-0123456789abcdef")).rejects.toThrow(/timeout/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
