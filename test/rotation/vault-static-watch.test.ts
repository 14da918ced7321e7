import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { unzipSync } from "fflate";
import { ROTATION_TARGETS } from "../../lib/rotation/contract";
import { packageVaultWatchFunction, VAULT_WATCH_BUNDLE } from "../../lib/rotation/vault/watch-package";
import { VAULT_WATCH_SOURCE, type VaultWatchedStaticRole, type VaultWatchEvent } from "../../lib/rotation/vault/watch-contract";
import type { PublishRequest } from "../../lib/rotation/notifier/sns-publisher";
import { RedactingLogger } from "../../lib/rotation/redacting-logger";
import { SnsVaultAnnouncer } from "../../lib/rotation/vault/announcer";
import { inWindow, judgeStaticRole, runStaticRoleWatch, watchWindow } from "../../lib/rotation/vault/static-role-watch";
import { createStaticRoleWatchHandler } from "../../lib/rotation/vault/watch-handler";
import { VaultClient, type StaticRoleState, type VaultStaticRoleApi } from "../../lib/rotation/vault/vault-client";
import { propertyRuns } from "../support/property-runs";

const MINUTE = 60_000;
const T = Date.parse("2026-03-01T10:00:00Z");

describe("watch windows", () => {
  it("looks at the last whole interval that ended at or before the scheduled time, half-open", () => {
    expect(watchWindow("2026-03-01T10:00:00Z", 900)).toEqual({ from: T - 15 * MINUTE, to: T });
    // A run a few seconds late looks at the same window.
    expect(watchWindow("2026-03-01T10:00:07Z", 900)).toEqual({ from: T - 15 * MINUTE, to: T });
    expect(watchWindow("2026-03-01T10:14:59Z", 900)).toEqual({ from: T - 15 * MINUTE, to: T });
    expect(watchWindow("2026-03-01T10:15:00Z", 900)).toEqual({ from: T, to: T + 15 * MINUTE });
    const window = watchWindow(T, 900);
    expect(inWindow(window.from, window)).toBe(true);
    expect(inWindow(window.to, window)).toBe(false);
  });

  it("refuses a time that is no date and an interval under a minute", () => {
    expect(() => watchWindow("yesterday", 900)).toThrow(/not a date/);
    expect(() => watchWindow(T, 30)).toThrow(/at least 60/);
    expect(() => watchWindow(T, 90.5)).toThrow(/whole number/);
  });

  it("property: over consecutive scheduled runs (one per interval, any drift inside it), every timestamp falls in exactly one window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).map((minutes) => minutes * 60),
        fc.integer({ min: 20_000_000, max: 40_000_000 }),
        fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 2, maxLength: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (intervalSeconds, firstSlot, drifts, where) => {
          const interval = intervalSeconds * 1000;
          const runs = drifts.map((drift, i) => (firstSlot + i) * interval + Math.floor(drift * interval));
          const windows = runs.map((run) => watchWindow(run, intervalSeconds));
          // Any timestamp from the first window's start to the last window's end.
          const start = windows[0].from;
          const end = windows[windows.length - 1].to;
          const timestamp = start + Math.floor(where * (end - start - 1));
          expect(windows.filter((w) => inWindow(timestamp, w))).toHaveLength(1);
          // And nothing before or after is seen at all.
          expect(windows.filter((w) => inWindow(start - 1, w) || inWindow(end, w))).toHaveLength(0);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });

  it("property: over consecutive runs, a rotation is announced exactly once and its deadline reported exactly once", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 86400 }),
        fc.integer({ min: 2, max: 4 }).map((hours) => hours * 3600),
        (offsetSeconds, periodSeconds) => {
          const intervalSeconds = 900;
          const last = new Date(T + offsetSeconds * 1000).toISOString();
          const state: StaticRoleState = { lastVaultRotation: last, rotationPeriodSeconds: periodSeconds };
          const findings = [];
          for (
            let run = T;
            run <= T + (offsetSeconds + periodSeconds + 7200) * 1000 + 2 * intervalSeconds * 1000;
            run += intervalSeconds * 1000
          ) {
            findings.push(...judgeStaticRole(state, watchWindow(run, intervalSeconds)));
          }
          expect(findings.filter((f) => f.kind === "rotated")).toEqual([{ kind: "rotated", time: last }]);
          expect(findings.filter((f) => f.kind === "overdue")).toEqual([
            { kind: "overdue", lastRotation: last, deadline: new Date(Date.parse(last) + (periodSeconds + 3600) * 1000).toISOString() },
          ]);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });

  it("finds nothing for a role never rotated, and no deadline for a role on a rotation schedule", () => {
    const window = watchWindow(T, 900);
    expect(judgeStaticRole({}, window)).toEqual([]);
    expect(judgeStaticRole({ lastVaultRotation: new Date(T - 86400_000 - 3600_000 - 60_000).toISOString() }, window)).toEqual([]);
  });
});

describe("the static-role watcher", () => {
  const IDENTITY = {
    accessKeyId: ["ASIA", "FAKE", "WATCH"].join(""),
    secretAccessKey: ["fake", "watch", "secret"].join("-"),
    sessionToken: "fake-watch-session",
  };
  const ROLE: VaultWatchedStaticRole = {
    connector: "orders-db",
    credential: "loader",
    vaultAddress: "https://vault.acme.example:8200",
    namespace: "etl/prod",
    dbMount: "database",
    role: "orders-db-loader",
    authMount: "aws",
    authRole: "prod-rotation-watch",
  };
  const TOPIC = "arn:aws:sns:eu-west-1:222222222222:acme-data-prod-secret-rotated";
  const ALARMS = "arn:aws:sns:eu-west-1:222222222222:acme-data-prod-secrets-alarms";

  function harness(states: Record<string, StaticRoleState | undefined | Error>) {
    const published: PublishRequest[] = [];
    const lines: string[] = [];
    const reads: string[] = [];
    let logins = 0;
    const vault: VaultStaticRoleApi = {
      loginWithAwsIam: async () => {
        logins++;
        return "s.watch-token-1234567890";
      },
      readStaticRole: async (_target, _token, mount, role) => {
        reads.push(`${mount}/${role}`);
        const state = states[role];
        if (state instanceof Error) throw state;
        return state;
      },
    };
    const announcer = new SnsVaultAnnouncer(
      { topicArn: TOPIC, alarmTopicArn: ALARMS, organization: "acme-data", environment: "prod", cluster: "vault.acme.example" },
      { publish: async (request) => (published.push(request), `m-${published.length}`) },
    );
    const logger = new RedactingLogger((line) => lines.push(line));
    const run = (event: VaultWatchEvent) => runStaticRoleWatch(event, { vault, credentials: () => IDENTITY, logger, announcer });
    return { run, published, lines, reads, logins: () => logins };
  }

  const event = (roles: VaultWatchedStaticRole[], time = "2026-03-01T10:00:00Z"): VaultWatchEvent => ({
    source: VAULT_WATCH_SOURCE,
    time,
    intervalSeconds: 900,
    roles,
  });

  it("announces a rotation of the window on the rotated topic: the role's connector and credential, its static-role location, Vault's time", async () => {
    const last = "2026-03-01T09:52:11.123456789Z";
    const { run, published } = harness({ "orders-db-loader": { lastVaultRotation: last, rotationPeriodSeconds: 86400 } });
    expect(await run(event([ROLE]))).toEqual({ "etl/prod/database/static-roles/orders-db-loader": "rotated" });
    const location = "vault:vault.acme.example/etl/prod/database/static-roles/orders-db-loader";
    expect(published).toEqual([
      {
        topicArn: TOPIC,
        message: JSON.stringify({
          event: "RotationSucceeded",
          organization: "acme-data",
          environment: "prod",
          connector: "orders-db",
          credential: "loader",
          time: last,
          store: "vault",
          source: "vault-static-role",
          location,
          dedupeId: `${location}@${last}`,
        }),
        attributes: { connector: "orders-db", credential: "loader", environment: "prod", store: "vault" },
      },
    ]);
  });

  it("stays quiet for a rotation outside the window, and leaves it to the run whose window holds it", async () => {
    const { run, published } = harness({ "orders-db-loader": { lastVaultRotation: "2026-03-01T10:00:00Z", rotationPeriodSeconds: 86400 } });
    expect(Object.values(await run(event([ROLE])))).toEqual(["quiet"]);
    expect(published).toEqual([]);
    expect(Object.values(await run(event([ROLE], "2026-03-01T10:15:03Z")))).toEqual(["rotated"]);
  });

  it("reports a missed rotation on the alarm topic once its deadline (period + 1 h) falls in the window", async () => {
    const { run, published } = harness({ "orders-db-loader": { lastVaultRotation: "2026-02-28T08:50:00Z", rotationPeriodSeconds: 86400 } });
    expect(Object.values(await run(event([ROLE])))).toEqual(["overdue"]);
    expect(published).toHaveLength(1);
    expect(published[0].topicArn).toBe(ALARMS);
    expect(JSON.parse(published[0].message)).toEqual(
      expect.objectContaining({
        event: "RotationOverdue",
        connector: "orders-db",
        lastRotation: "2026-02-28T08:50:00Z",
        deadline: "2026-03-01T09:50:00.000Z",
      }),
    );
  });

  it("a retry of the same event announces the same rotation with the same dedupeId", async () => {
    const { run, published } = harness({ "orders-db-loader": { lastVaultRotation: "2026-03-01T09:50:00Z", rotationPeriodSeconds: 86400 } });
    await run(event([ROLE]));
    await run(event([ROLE]));
    const ids = published.map((p) => JSON.parse(p.message).dedupeId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
  });

  it("tries every role, logs in once per auth role, and fails the run (retry, then dead letter) when one cannot be read", async () => {
    const other = { ...ROLE, connector: "billing-db", role: "billing-db-main" };
    const gone = { ...ROLE, connector: "gone-db", role: "gone-db-main" };
    const { run, published, reads, logins, lines } = harness({
      "orders-db-loader": new Error("Vault refused to read database/static-roles/orders-db-loader (403); check the rotation policy"),
      "billing-db-main": { lastVaultRotation: "2026-03-01T09:59:59Z", rotationPeriodSeconds: 86400 },
      "gone-db-main": undefined,
    });
    await expect(run(event([ROLE, other, gone]))).rejects.toThrow(
      /failed for 2 role\(s\).*orders-db-loader \(403\).*gone-db-main does not exist/,
    );
    expect(reads).toEqual(["database/orders-db-loader", "database/billing-db-main", "database/gone-db-main"]);
    expect(published.map((p) => JSON.parse(p.message).connector)).toEqual(["billing-db"]);
    expect(logins()).toBeLessThanOrEqual(2);
    expect(lines.join("\n")).not.toContain("s.watch-token-1234567890");
  });

  it("refuses an event without the scheduled time or with an incomplete role", async () => {
    const { run } = harness({});
    await expect(run({ ...event([ROLE]), time: undefined as unknown as string })).rejects.toThrow(/has no time/);
    await expect(run(event([{ ...ROLE, dbMount: "" }]))).rejects.toThrow(/roles\[0\]\.dbMount/);
  });

  it("the handler refuses to run without a topic to announce on", async () => {
    const handler = createStaticRoleWatchHandler({ environment: {}, sink: () => undefined, vault: harnessVault() });
    await expect(handler(event([ROLE]))).rejects.toThrow(/no topic to announce on/);
  });

  function harnessVault(): VaultStaticRoleApi {
    return { loginWithAwsIam: async () => "t", readStaticRole: async () => ({}) };
  }
});

describe("VaultClient.readStaticRole", () => {
  let server: Server;
  let address: string;
  let answer: { status: number; body: unknown };
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${String(req.headers["x-vault-namespace"] ?? "")}`);
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reads last_vault_rotation as Vault wrote it and the rotation period, never a password", async () => {
    answer = {
      status: 200,
      body: { data: { last_vault_rotation: "2026-03-01T09:52:11.123456789Z", rotation_period: 86400, username: "loader" } },
    };
    const client = new VaultClient({ timeoutMs: 2000 });
    expect(await client.readStaticRole({ address, namespace: "etl/prod" }, "t", "database", "orders-db-loader")).toEqual({
      lastVaultRotation: "2026-03-01T09:52:11.123456789Z",
      rotationPeriodSeconds: 86400,
    });
    expect(seen.at(-1)).toBe("GET /v1/database/static-roles/orders-db-loader etl/prod");
  });

  it("treats Vault's zero time as never rotated, a missing role as undefined, a refusal as an error naming the path", async () => {
    const client = new VaultClient({ timeoutMs: 2000 });
    answer = { status: 200, body: { data: { last_vault_rotation: "0001-01-01T00:00:00Z", rotation_schedule: "0 * * * *" } } };
    expect(await client.readStaticRole({ address }, "t", "database", "r")).toEqual({});
    answer = { status: 404, body: { errors: [] } };
    expect(await client.readStaticRole({ address }, "t", "database", "r")).toBeUndefined();
    answer = { status: 403, body: { errors: ["permission denied"] } };
    await expect(client.readStaticRole({ address }, "t", "database", "r")).rejects.toThrow(
      /Vault refused to read database\/static-roles\/r \(403\)/,
    );
  });
});

describe("packageVaultWatchFunction", () => {
  it("zips one index.js with the watcher's handler, no absolute paths, no cdktf and no database driver", () => {
    const bundle = packageVaultWatchFunction();
    expect(bundle).toMatchObject({ handler: "index.handler", runtime: "nodejs22.x" });
    const files = unzipSync(bundle.zip);
    expect(Object.keys(files)).toEqual(["index.js"]);
    const code = Buffer.from(files["index.js"]).toString("utf8");
    expect(code).not.toContain(process.cwd());
    expect(code).not.toMatch(/cdktf|pg-protocol|mysql2/);
    expect(code).toContain(VAULT_WATCH_SOURCE);
    expect(code).toContain("static-roles");
  });

  it("is not a rotation target (rotation targets are what Secrets Manager invokes)", () => {
    expect((ROTATION_TARGETS as readonly string[]).includes(VAULT_WATCH_BUNDLE)).toBe(false);
  });
});
