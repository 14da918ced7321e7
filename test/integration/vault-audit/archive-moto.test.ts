import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { loadInventory } from "../../../lib/inventory/load";
import { applyVaultAuditStack, jsonCall, s3Call, type AppliedAuditStack, type MotoClient } from "../../support/moto-apply";
import { openBaoAuditCorpus } from "../../support/openbao-audit-corpus";
import { synthFiles, stackJson } from "../../support/synth";

/*
 * The multi-env example's Vault audit sink applied into moto (test/support/moto-apply.ts), and the
 * committed OpenBao 2.7.2 audit corpus shipped into its log group by a STAND-IN for the CloudWatch
 * agent (neither the agent nor an OpenTelemetry collector with the CloudWatch exporter can be built
 * here: the Go module proxy does not serve them). The stand-in only reads the file and calls
 * PutLogEvents; everything after that is moto's: the subscription filter forwards to Firehose, which
 * writes gzip'd CloudWatch Logs envelopes to the Object Lock bucket.
 * moto stores metric filters but never evaluates them (test/policy/vault-audit/signals.test.ts does,
 * with the filter-pattern oracle), and objects written by Firehose do not get the bucket's default
 * retention in moto (an API PutObject does): the lock is checked on such an object.
 */
const ROOT = join(__dirname, "..", "..", "..");
const ENGINES_FILE = join(ROOT, ".state", "integration", "moto.env");
const AUDIT_STACK = "vault-acme-example-audit";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`moto server did not answer at ${url}`);
}

/** The stand-in shipper: the audit file's lines, in order, as log events of one stream. */
async function ship(client: MotoClient, logGroupName: string, logStreamName: string, lines: readonly string[]): Promise<void> {
  await jsonCall(client, "logs", "CreateLogStream", { logGroupName, logStreamName });
  const start = Date.now();
  for (let i = 0; i < lines.length; i += 50) {
    const batch = lines.slice(i, i + 50).map((message, j) => ({ timestamp: start + i + j, message }));
    await jsonCall(client, "logs", "PutLogEvents", { logGroupName, logStreamName, logEvents: batch });
  }
}

describe("the Vault audit archive in moto", () => {
  let client: MotoClient;
  let own: ChildProcess | undefined;
  let applied: AppliedAuditStack;
  let json: any;

  beforeAll(async () => {
    const shared = existsSync(ENGINES_FILE) ? /^MOTO_ENDPOINT=(.+)$/m.exec(readFileSync(ENGINES_FILE, "utf8"))?.[1] : undefined;
    let endpoint = shared;
    if (!endpoint) {
      const port = await freePort();
      own = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
      endpoint = `http://127.0.0.1:${port}`;
    }
    await waitFor(`${endpoint}/moto-api/data.json`);
    json = stackJson(synthFiles(loadInventory(join(ROOT, "examples", "multi-env", "connectors.yaml"))), AUDIT_STACK);
    const provider = json.provider.aws[0];
    client = { endpoint, region: provider.region, accountId: "123456789012" };
    applied = await applyVaultAuditStack(client, json);
  }, 120000);

  afterAll(() => {
    if (own?.pid) own.kill("SIGTERM");
  });

  it("archives every shipped audit line, in order, as CloudWatch Logs envelopes under the cluster's prefix", async () => {
    const lines = openBaoAuditCorpus().map((l) => l.text);
    const stream = `vault-node-${randomBytes(4).toString("hex")}`;
    await ship(client, applied.logGroupName, stream, lines);
    const listed = await s3Call(client, "GET", `${applied.bucket}?list-type=2&prefix=${encodeURIComponent(applied.prefix)}`);
    const keys = [...listed.body.toString().matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith(applied.prefix)).toBe(true);
    // Object keys end in a random id, so order by the events' timestamps (the shipper's line order).
    const archived: { timestamp: number; message: string }[] = [];
    for (const key of keys) {
      const object = await s3Call(client, "GET", `${applied.bucket}/${key}`);
      const envelope = JSON.parse(gunzipSync(object.body).toString("utf8"));
      if (envelope.logStream !== stream) continue; // another run's objects on a shared moto
      expect(envelope).toMatchObject({
        messageType: "DATA_MESSAGE",
        logGroup: applied.logGroupName,
        subscriptionFilters: ["acme-data-vault-audit-archive"],
      });
      archived.push(...envelope.logEvents);
    }
    expect(archived.sort((a, b) => a.timestamp - b.timestamp).map((e) => e.message)).toEqual(lines);
  });

  it("locks the bucket as the plan says (production: COMPLIANCE) and refuses to delete a locked version", async () => {
    expect(applied.lock).toEqual({ mode: "COMPLIANCE", days: 365 });
    const config = (await s3Call(client, "GET", `${applied.bucket}?object-lock`)).body.toString();
    expect(config).toContain("<Mode>COMPLIANCE</Mode>");
    expect(config).toContain("<Days>365</Days>");
    const key = `${applied.prefix}lock-check-${randomBytes(4).toString("hex")}`;
    const put = await s3Call(client, "PUT", `${applied.bucket}/${key}`, { body: "audit" });
    expect(put.status).toBe(200);
    const version = put.headers.get("x-amz-version-id");
    expect(version).toBeTruthy();
    const deleted = await s3Call(client, "DELETE", `${applied.bucket}/${key}?versionId=${encodeURIComponent(version!)}`);
    expect(deleted.status).toBe(403);
    expect(deleted.body.toString()).toMatch(/AccessDenied/);
  });

  it("stores the synthesized metric filters on the log group unchanged", async () => {
    const described = await jsonCall(client, "logs", "DescribeMetricFilters", { logGroupName: applied.logGroupName });
    const stored = new Map(
      (described.metricFilters as { filterName: string; filterPattern: string }[]).map((f) => [f.filterName, f.filterPattern]),
    );
    for (const filter of applied.metricFilters) expect(stored.get(filter.name)).toBe(filter.pattern);
    expect(applied.metricFilters.length).toBe(9);
  });
});
