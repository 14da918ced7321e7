/*
 * Secrets Manager's LastAccessedDate in the audit, on moto with the repo's own server
 * (tools/engines/moto-server.py: GetSecretValue records the day of the read, as AWS does; a
 * loopback control route sets an older day for the test's clock). acme's prod, with billing-mysql
 * quarantined: a secret used within its period is not dormant, one never read is, and a
 * quarantined secret read after its quarantine is `quarantined-accessed`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { declaredOf } from "../../../lib/audit/declared";
import { auditFindings } from "../../../lib/audit/findings";
import { readSecretsManagerObservations } from "../../../lib/audit/readers/secrets-manager";
import { planInventory } from "../../../lib/plan/inventory-plan";
import { signRequest } from "../../../lib/rotation/aws-sigv4";
import { fixtureDocument } from "../../support/inventories";
import { loadInventoryFromDocument } from "../../support/vault-audit-inventory";

jest.setTimeout(120_000);

const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
const REGION = "eu-west-1";
const DAY = 86_400_000;
let moto: ChildProcess | undefined;
let endpoint: string;
let work: string;

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

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "audit-last-accessed-"));
  const port = await freePort();
  const script = join(__dirname, "..", "..", "..", "tools", "engines", "moto-server.py");
  moto = spawn(
    "python3",
    [
      script,
      "--port",
      String(port),
      "--lambda-log",
      join(work, "lambda.log"),
      "--node-path",
      join(__dirname, "..", "..", "..", "node_modules"),
    ],
    { stdio: "ignore" },
  );
  endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      await fetch(`${endpoint}/moto-api/data.json`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}, 60_000);
afterAll(() => {
  if (moto?.pid) process.kill(moto.pid, "SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

async function secretsManager(action: string, body: unknown): Promise<any> {
  const text = JSON.stringify(body);
  const headers = signRequest(
    {
      method: "POST",
      url: `${endpoint}/`,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `secretsmanager.${action}` },
      body: text,
      service: "secretsmanager",
      region: REGION,
    },
    CREDENTIALS,
  );
  const response = await fetch(`${endpoint}/`, { method: "POST", headers, body: text });
  if (response.status !== 200) throw new Error(`${action}: ${response.status}`);
  return response.json();
}

const lastAccessed = (secretId: string, date: string) =>
  fetch(`${endpoint}/etl-secrets-test/last-accessed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ secretId, date, region: REGION }),
  });

describe("LastAccessedDate on moto (tools/engines/moto-server.py)", () => {
  it("recently used is not dormant, never used is, and a quarantined secret read is quarantined-accessed", async () => {
    const doc = fixtureDocument("acme.yaml");
    doc.connectors.find((c: any) => c.id === "billing-mysql").lifecycle.state = "quarantined";
    const inventory = loadInventoryFromDocument(doc);
    const prod = planInventory(inventory).environments.find((e) => e.name === "prod")!;
    const declared = declaredOf(prod, inventory.retirements, []);
    const period = (id: string) => declared.credentials.find((c) => c.id === id)!.dormancyDays!;
    expect(declared.credentials.find((c) => c.id === "billing-mysql/main")!.state).toBe("quarantined");

    const names = ["orders-db-admin", "orders-archive-postgres", "hubspot-api", "billing-mysql"].map((c) => `acme-data/prod/${c}/main`);
    for (const name of names) await secretsManager("CreateSecret", { Name: name, SecretString: `planted-${name}` });
    const created = Date.parse(new Date().toISOString().slice(0, 10));
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    // Judged long after the secrets were created: every period (30, 60, 90 days) has passed.
    const now = created + 100 * DAY;
    // orders-db-admin (30 days): used 10 days before now; hubspot-api (90): 85 days before now. Both within their periods.
    expect((await lastAccessed("acme-data/prod/orders-db-admin/main", iso(now - 10 * DAY))).status).toBe(204);
    expect((await lastAccessed("acme-data/prod/hubspot-api/main", iso(now - 85 * DAY))).status).toBe(204);
    // The quarantined one is read the AWS way (GetSecretValue records the day).
    await secretsManager("GetSecretValue", { SecretId: "acme-data/prod/billing-mysql/main" });
    // The control route is loopback-only and names an existing secret.
    expect((await lastAccessed("acme-data/prod/nothing/main", iso(now))).status).toBe(400);

    const observed = await readSecretsManagerObservations({
      region: REGION,
      namePrefix: "acme-data/prod/",
      endpoint,
      credentials: CREDENTIALS,
    });
    expect(observed.accesses.map((a) => `${a.location} ${a.last.slice(0, 10)}`).sort()).toEqual([
      `acme-data/prod/billing-mysql/main ${iso(created)}`,
      `acme-data/prod/hubspot-api/main ${iso(now - 85 * DAY)}`,
      `acme-data/prod/orders-db-admin/main ${iso(now - 10 * DAY)}`,
    ]);
    expect(period("orders-db-admin/main")).toBe(30);
    expect(period("hubspot-api/main")).toBe(90);

    const kinds = (report: ReturnType<typeof auditFindings>) =>
      report.findings
        .filter((f) => f.kind === "dormant" || f.kind === "quarantined-accessed")
        .map((f) => `${f.kind} ${f.location} ${f.evidence.source}`);
    expect(kinds(auditFindings(declared, observed, new Date(now + 12 * 3_600_000)))).toEqual([
      "dormant acme-data/prod/orders-archive-postgres/main secrets-manager",
    ]);
    // On the day of the quarantined read: quarantined-accessed (and orders-archive-postgres was never read: not dormant yet at 0 days).
    expect(kinds(auditFindings(declared, observed, new Date(created + 12 * 3_600_000)))).toEqual([
      "quarantined-accessed acme-data/prod/billing-mysql/main secrets-manager",
    ]);
    expect(JSON.stringify(observed)).not.toContain("planted-");
  });
});
